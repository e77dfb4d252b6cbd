/**
 * The simulated registrar table (ecallmgr_registrar): which devices have a live SIP registration,
 * with the fields `GET /registrations` reports. Every change is announced so tests and the
 * demo can wait for it instead of sleeping.
 */
import { EventEmitter } from 'node:events';
import type { JsonObject } from '../kazoo-schemas/validate';
import { gregorianSeconds } from '../../common/gregorian';
import type { Clock } from '../clock';
import type { Doc } from './docs';
import { isObject } from './docs';
import type { Prng } from './prng';
import type { Account } from './state';

export type RegistrationReason = 'control' | 'auto' | 'flap' | 'reboot' | 'device-changed' | 'flush';

export interface RegistrationChange {
  deviceId: string;
  username: string;
  registered: boolean;
  reason: RegistrationReason;
}

export interface SandboxEvents {
  'registration-changed': [RegistrationChange];
}

/** What a simulated phone may say about itself when it registers. */
export interface RegisterDetails {
  user_agent?: string;
  source_ip?: string;
  source_port?: number;
  contact_ip?: string;
  contact_port?: number;
  expires?: number;
}

const USER_AGENTS: Record<string, string[]> = {
  yealink: ['Yealink SIP-T46U 108.86.0.45', 'Yealink SIP-T54W 96.86.0.100', 'Yealink SIP-T33G 124.86.0.75'],
  polycom: ['PolycomVVX-VVX_450-UA/6.4.3.5018', 'PolycomVVX-VVX_350-UA/6.4.3.5018'],
  grandstream: ['Grandstream GRP2614 1.0.5.68', 'Grandstream HT812 1.0.45.2'],
  cisco: ['Cisco/SPA504G-7.6.2c'],
  softphone: ['Zoiper rv2.10.19.2', 'Bria 6 release 6.6.2'],
};
const ALL_USER_AGENTS = Object.values(USER_AGENTS).flat();

const PROXY_IP = '10.26.0.21';

export class Registrar {
  readonly events = new EventEmitter<SandboxEvents>();
  private readonly table = new Map<string, JsonObject>();
  /** Every phone of the site sits behind the same NAT, as on a real customer site. */
  private readonly siteIp: string;

  constructor(
    private readonly account: Account,
    private readonly prng: Prng,
    private readonly clock: Pick<Clock, 'now'>,
  ) {
    this.siteIp = `203.0.113.${prng.between(2, 254)}`;
  }

  isRegistered(deviceId: string): boolean {
    return this.table.has(deviceId);
  }

  get(deviceId: string): JsonObject | undefined {
    return this.table.get(deviceId);
  }

  /** Registrations in the account realm: what KAZOO's registrar queries can see. */
  inAccountRealm(): JsonObject[] {
    return [...this.table.values()].filter((entry) => entry['realm'] === this.account.realm);
  }

  register(device: Doc, reason: RegistrationReason, details: RegisterDetails = {}): JsonObject {
    const sip = isObject(device['sip']) ? device['sip'] : {};
    const username = String(sip['username']);
    const realm = typeof sip['realm'] === 'string' ? sip['realm'] : this.account.realm;
    const now = gregorianSeconds(this.clock.now());
    const previous = this.table.get(device._id);
    const contactIp = details.contact_ip ?? `192.168.1.${this.prng.between(20, 250)}`;
    const contactPort = String(details.contact_port ?? 5060);
    const sourceIp = details.source_ip ?? this.siteIp;
    const sourcePort = String(details.source_port ?? this.prng.between(1024, 65535));
    const contact = `sip:${username}@${contactIp}:${contactPort};transport=udp`;
    const entry: JsonObject = {
      account_name: this.account.name,
      account_realm: this.account.realm,
      authorizing_id: device._id,
      authorizing_type: 'device',
      bridge_ruri: `<${contact}>`,
      call_id: `${this.prng.between(100_000_000, 999_999_999)}@${contactIp}`,
      contact: `<${contact};fs_path=<sip:${PROXY_IP}:5060;lr;received='sip:${sourceIp}:${sourcePort};transport=udp'>>`,
      contact_ip: contactIp,
      contact_port: contactPort,
      event_timestamp: now,
      expires: details.expires ?? (typeof sip['expire_seconds'] === 'number' ? sip['expire_seconds'] : 300),
      first_registration: previous === undefined,
      from_host: realm,
      from_user: username,
      initial_registration: previous === undefined,
      last_registration: now,
      network_ip: sourceIp,
      network_port: sourcePort,
      original_contact: `<${contact}>`,
      owner_id: device['owner_id'],
      presence_id: device['presence_id'] ?? `${username}@${realm}`,
      proxy_ip: PROXY_IP,
      proxy_path: `<sip:${PROXY_IP}:5060;lr>`,
      proxy_port: '5060',
      proxy_protocol: 'udp',
      realm,
      register_overwrite_notify: device['register_overwrite_notify'] === true,
      registrar_hostname: 'registrar1.sandbox.local',
      registrar_node: 'ecallmgr@registrar1.sandbox.local',
      source_ip: sourceIp,
      source_port: sourcePort,
      suppress_unregister_notify: device['suppress_unregister_notifications'] === true,
      to_host: realm,
      to_user: username,
      user_agent: details.user_agent ?? this.userAgentFor(device),
      username,
    };
    this.table.set(device._id, entry);
    if (!previous) this.events.emit('registration-changed', { deviceId: device._id, username, registered: true, reason });
    return entry;
  }

  unregister(deviceId: string, reason: RegistrationReason): boolean {
    const entry = this.table.get(deviceId);
    if (!entry) return false;
    this.table.delete(deviceId);
    this.events.emit('registration-changed', { deviceId, username: String(entry['username']), registered: false, reason });
    return true;
  }

  private userAgentFor(device: Doc): string {
    const provision = isObject(device['provision']) ? device['provision'] : {};
    const brand = typeof provision['endpoint_brand'] === 'string' ? provision['endpoint_brand'].toLowerCase() : '';
    const type = device['device_type'] === 'softphone' ? 'softphone' : brand;
    return this.prng.pick(USER_AGENTS[type] ?? ALL_USER_AGENTS);
  }
}
