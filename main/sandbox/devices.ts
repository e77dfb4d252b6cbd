/**
 * Device documents as cb_devices_v2 keeps them: KAZOO's preparation steps (MAC normalisation,
 * realm stripping), its custom rules (MAC and SIP username uniqueness, the device_type guard) and
 * the JSON schema, all errors of one request reported together.
 */
import type { JsonObject, KazooFieldError } from '../api/device-schema';
import { validateDevice } from '../api/device-schema';
import { gregorianSeconds } from '../api/gregorian';
import type { Clock } from '../clock';
import type { Doc } from './docs';
import { isObject, mergePatch, nextRev, privateFields, publicView, requestFields } from './docs';
import { badIdentifier, conflict, fieldError, fieldErrors } from './envelope';
import { newId } from './ids';
import type { SandboxState } from './state';

export interface SaveResult {
  doc: Doc;
  /** `"sync": true` was in the request: the caller should send a check-sync. */
  sync: boolean;
}

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

export class DeviceStore {
  // The uniqueness views KAZOO queries, kept as indexes over live devices so creates stay O(1).
  private readonly byMac = new Map<string, string>();
  private readonly byUsername = new Map<string, string>();
  private readonly byIp = new Map<string, string>();

  constructor(
    private readonly state: SandboxState,
    private readonly clock: Pick<Clock, 'now'>,
  ) {
    for (const doc of state.devices.values()) this.index(doc);
  }

  /** The live device registering with this SIP username (case-insensitive), if any. */
  findBySipUsername(username: string): Doc | undefined {
    const id = this.byUsername.get(username.toLowerCase());
    return id === undefined ? undefined : this.state.liveDevice(id);
  }

  get(id: string): Doc {
    const doc = this.state.liveDevice(id);
    if (!doc) throw badIdentifier(id);
    return doc;
  }

  /** PUT: a client-supplied `id` is honoured; one already stored (even deleted) is a conflict. */
  create(data: unknown, beforeSave: () => void): SaveResult {
    const body = isObject(data) ? data : {};
    const requestedId = body['id'];
    const id = typeof requestedId === 'string' && requestedId !== '' ? requestedId : newId();
    if (id.startsWith('_') || id.includes('/')) {
      throw fieldErrors([fieldError('id', 'invalid', { message: 'Invalid document id', cause: id })]);
    }
    // KAZOO runs the uniqueness checks without a device id on PUT, so resending a create that
    // already succeeded meets `unique` before it can meet the datastore conflict.
    const { fields, sync } = this.prepare(data, undefined);
    beforeSave();
    if (this.state.devices.has(id)) throw conflict();
    const now = gregorianSeconds(this.clock.now());
    const doc: Doc = {
      ...fields,
      _id: id,
      _rev: nextRev(undefined),
      pvt_type: 'device',
      pvt_account_id: this.state.account.id,
      pvt_vsn: '1',
      pvt_created: now,
      pvt_modified: now,
    };
    this.commit(doc);
    return { doc, sync };
  }

  /** POST: full replace; public fields missing from the request are dropped. */
  replace(id: string, data: unknown): SaveResult {
    const existing = this.get(id);
    return this.save(existing, this.prepare(data, existing));
  }

  /** PATCH: merge over the stored public fields, `null` deletes, then the same full validation. */
  patch(id: string, data: unknown): SaveResult {
    const existing = this.get(id);
    const current = publicView(existing);
    delete current['id'];
    const patch: JsonObject = {};
    for (const [key, value] of Object.entries(isObject(data) ? data : {})) {
      if (key !== 'id' && !key.startsWith('_') && !key.startsWith('pvt_')) patch[key] = value;
    }
    return this.save(existing, this.prepare(mergePatch(current, patch), existing));
  }

  /** Soft delete unless `should_soft_delete=false`; the answer carries `_read_only.deleted`. */
  remove(id: string, soft: boolean): JsonObject {
    const existing = this.get(id);
    if (soft) {
      const deleted: Doc = { ...existing, pvt_deleted: true, pvt_modified: gregorianSeconds(this.clock.now()) };
      deleted._rev = nextRev(existing._rev);
      this.commit(deleted);
    } else {
      this.unindex(existing);
      this.state.devices.delete(id);
      this.state.changed();
    }
    return { ...publicView(existing), _read_only: { deleted: true } };
  }

  /** The crossbar_listing view row, plus the nested `sip` Audian's documentation shows. */
  summary(doc: Doc): JsonObject {
    const sip = sipOf(doc);
    const username = typeof sip['username'] === 'string' ? sip['username'] : undefined;
    return {
      id: doc._id,
      name: doc['name'],
      username,
      sip: username === undefined ? undefined : { username, realm: sip['realm'] ?? this.state.account.realm },
      mac_address: doc['mac_address'] || '',
      owner_id: doc['owner_id'],
      enabled: doc['enabled'],
      device_type: doc['device_type'] || 'sip_device',
      mobile: doc['mobile'],
      call_recording: doc['call_recording'],
      flags: doc['flags'] || [],
    };
  }

  private save(existing: Doc, prepared: { fields: JsonObject; sync: boolean }): SaveResult {
    const doc: Doc = {
      ...privateFields(existing),
      ...prepared.fields,
      _id: existing._id,
      _rev: nextRev(existing._rev),
      pvt_modified: gregorianSeconds(this.clock.now()),
    };
    this.commit(doc);
    return { doc, sync: prepared.sync };
  }

  private commit(doc: Doc): void {
    const previous = this.state.devices.get(doc._id);
    if (previous) this.unindex(previous);
    this.state.devices.set(doc._id, doc);
    this.index(doc);
    this.state.changed();
  }

  private index(doc: Doc): void {
    if (doc['pvt_deleted'] === true) return;
    if (typeof doc['mac_address'] === 'string' && doc['mac_address'] !== '') this.byMac.set(doc['mac_address'], doc._id);
    const username = passwordUsername(doc);
    if (username !== undefined) this.byUsername.set(username, doc._id);
    const ip = ipCredential(doc);
    if (ip !== undefined) this.byIp.set(ip, doc._id);
  }

  private unindex(doc: Doc): void {
    const drop = (map: Map<string, string>, key: string | undefined): void => {
      if (key !== undefined && map.get(key) === doc._id) map.delete(key);
    };
    drop(this.byMac, typeof doc['mac_address'] === 'string' ? doc['mac_address'] : undefined);
    drop(this.byUsername, passwordUsername(doc));
    drop(this.byIp, ipCredential(doc));
  }

  private takenBy(map: Map<string, string>, key: string, selfId: string | undefined): boolean {
    const owner = map.get(key);
    return owner !== undefined && owner !== selfId;
  }

  /** cb_devices_v2:validate_device/2, in its order; throws one 400 with every problem found. */
  private prepare(data: unknown, existing: Doc | undefined): { fields: JsonObject; sync: boolean } {
    const fields = isObject(data) ? requestFields(data) : {};
    const sync = fields['sync'] === true;
    delete fields['sync'];
    delete fields['accept_charges'];
    const errors: KazooFieldError[] = [];
    const selfId = existing?._id;

    if (typeof fields['mac_address'] === 'string') {
      const mac = cleanseMac(fields['mac_address']);
      fields['mac_address'] = mac;
      const unchanged = existing !== undefined && existing['mac_address'] === mac;
      if (mac !== '' && !unchanged && this.takenBy(this.byMac, mac, selfId)) {
        errors.push(fieldError('mac_address', 'unique', { message: 'MAC address already in use', cause: mac }));
      }
    }

    const sip = isObject(fields['sip']) ? fields['sip'] : undefined;
    if (sip && sip['realm'] === this.state.account.realm) delete sip['realm'];
    const method = sip?.['method'] ?? 'password';
    if (sip && method === 'password' && typeof sip['username'] === 'string') {
      if (this.takenBy(this.byUsername, sip['username'].toLowerCase(), selfId)) {
        errors.push(fieldError('sip.username', 'unique', { message: 'SIP credentials already in use', cause: sip['username'] }));
      }
    }
    if (sip && method === 'ip') {
      const ip = sip['ip'];
      if (typeof ip !== 'string' || !isIpv4(ip)) {
        errors.push(fieldError('sip.ip', 'type', { message: 'Must be a valid IPv4 RFC 791', value: ip }));
      } else if (this.takenBy(this.byIp, ip, selfId)) {
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
    return { fields: schema.value, sync };
  }
}
