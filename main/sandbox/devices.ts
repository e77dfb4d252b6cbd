/**
 * Device documents as cb_devices_v2 keeps them: KAZOO's preparation steps (MAC normalisation,
 * realm stripping), its custom rules (MAC and SIP username uniqueness, the device_type guard) and
 * the JSON schema, all errors of one request reported together.
 */
import type { JsonObject, KazooFieldError } from '../api/device-schema';
import { validateDevice } from '../api/device-schema';
import type { Doc } from './docs';
import { isObject } from './docs';
import type { DocumentRules, DocumentStore, ViewLookup } from './document-store';
import { fieldError, fieldErrors } from './envelope';
import type { Account } from './state';

/** provisioner_util:cleanse_mac_address/1: keep hex digits, lower-cased; empty leaves it alone. */
function cleanseMac(raw: string): string {
  const cleansed = raw.replace(/[^0-9a-fA-F]/g, '').toLowerCase();
  return cleansed === '' ? raw : cleansed;
}

const isIpv4 = (text: string): boolean =>
  /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(text) && text.split('.').every((octet) => Number(octet) <= 255);

const sipOf = (doc: JsonObject): JsonObject => (isObject(doc['sip']) ? doc['sip'] : {});

const passwordUsername = (doc: JsonObject): string | undefined => {
  const sip = sipOf(doc);
  if ((sip['method'] ?? 'password') !== 'password' || typeof sip['username'] !== 'string') return undefined;
  return sip['username'].toLowerCase();
};

const ipCredential = (doc: JsonObject): string | undefined => {
  const sip = sipOf(doc);
  return sip['method'] === 'ip' && typeof sip['ip'] === 'string' ? sip['ip'] : undefined;
};

/** Whether a live document other than `self` holds `key` in `view`. */
const takenBy = (lookup: ViewLookup, view: string, key: string, self: Doc | undefined): boolean =>
  lookup(view, key).some((doc) => doc._id !== self?._id);

/** cb_devices_v2:validate_device/2, in its order; throws one 400 with every problem found. */
export function deviceRules(account: Pick<Account, 'realm'>): DocumentRules {
  return {
    type: 'device',
    createdFields: { pvt_vsn: '1' },
    views: {
      mac: (doc) => (typeof doc['mac_address'] === 'string' && doc['mac_address'] !== '' ? [doc['mac_address']] : []),
      username: (doc) => [passwordUsername(doc)].filter((key) => key !== undefined),
      ip: (doc) => [ipCredential(doc)].filter((key) => key !== undefined),
    },
    prepare(fields, existing, lookup) {
      // `sync` asks for a check-sync after the save (the routes read it); never stored.
      delete fields['sync'];
      delete fields['accept_charges'];
      const errors: KazooFieldError[] = [];

      if (typeof fields['mac_address'] === 'string') {
        const mac = cleanseMac(fields['mac_address']);
        fields['mac_address'] = mac;
        const unchanged = existing !== undefined && existing['mac_address'] === mac;
        if (mac !== '' && !unchanged && takenBy(lookup, 'mac', mac, existing)) {
          errors.push(fieldError('mac_address', 'unique', { message: 'MAC address already in use', cause: mac }));
        }
      }

      const sip = isObject(fields['sip']) ? fields['sip'] : undefined;
      if (sip && sip['realm'] === account.realm) delete sip['realm'];
      const method = sip?.['method'] ?? 'password';
      if (sip && method === 'password' && typeof sip['username'] === 'string') {
        if (takenBy(lookup, 'username', sip['username'].toLowerCase(), existing)) {
          errors.push(fieldError('sip.username', 'unique', { message: 'SIP credentials already in use', cause: sip['username'] }));
        }
      }
      if (sip && method === 'ip') {
        const ip = sip['ip'];
        if (typeof ip !== 'string' || !isIpv4(ip)) {
          errors.push(fieldError('sip.ip', 'type', { message: 'Must be a valid IPv4 RFC 791', value: ip }));
        } else if (takenBy(lookup, 'ip', ip, existing)) {
          errors.push(fieldError('sip.ip', 'unique', { message: 'SIP IP already in use', cause: ip }));
        }
      }

      if (existing && fields['device_type'] !== existing['device_type']) {
        errors.push(
          fieldError('device_type', 'invalid', {
            message: 'Not authorized to change type of device',
            cause: fields['device_type'] ?? '',
          }),
        );
      }

      const schema = validateDevice(fields);
      errors.push(...schema.errors);
      if (errors.length > 0) throw fieldErrors(errors);
      return schema.value;
    },
  };
}

/** The live device registering with this SIP username (case-insensitive), if any. */
export const findBySipUsername = (devices: DocumentStore, username: string): Doc | undefined =>
  devices.holders('username', username.toLowerCase())[0];

/** The crossbar_listing view row, plus the nested `sip` Audian's documentation shows. */
export function deviceSummary(doc: Doc, account: Pick<Account, 'realm'>): JsonObject {
  const sip = sipOf(doc);
  const username = typeof sip['username'] === 'string' ? sip['username'] : undefined;
  return {
    id: doc._id,
    name: doc['name'],
    username,
    sip: username === undefined ? undefined : { username, realm: sip['realm'] ?? account.realm },
    mac_address: doc['mac_address'] || '',
    owner_id: doc['owner_id'],
    enabled: doc['enabled'],
    device_type: doc['device_type'] || 'sip_device',
    mobile: doc['mobile'],
    call_recording: doc['call_recording'],
    flags: doc['flags'] || [],
  };
}
