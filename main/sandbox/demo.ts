/**
 * `--demo`: a believable small customer site for technicians to practise on: a dental practice
 * with a few staff, desk phones (some already provisioned, one disabled), a softphone, a cell
 * phone forward and a fax ATA. Each person has what SmartPBX makes for their extension: a
 * voicemail box on it and the callflow that rings them, then falls through to the box; the shared
 * hygiene room phone and the fax have callflows of their own. Phones come online over time
 * through auto-register.
 */
import type { JsonObject } from '../api/device-schema';
import type { App } from './context';
import type { Doc } from './docs';
import type { Prng } from './prng';
import { fullName } from './users';

export interface DemoSite {
  account: { name: string; realm: string };
  /** The login printed as USERNAME/PASSWORD; an admin of the practice. */
  admin: JsonObject;
  users: JsonObject[];
  /**
   * `owner` names a user by username; the server resolves it to `owner_id`. `extension` gives the
   * device a callflow of its own ringing it on that number.
   */
  devices: (JsonObject & { owner?: string; extension?: string })[];
}

const DOMAIN = 'harborviewdental.example';

function sipCredentials(prng: Prng): JsonObject {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const word = (characters: number): string => Array.from({ length: characters }, () => prng.pick([...alphabet])).join('');
  return { username: `user_${word(10)}`, password: word(12) };
}

function mac(prng: Prng, oui: string): string {
  const bytes = Array.from({ length: 3 }, () => prng.between(0, 255).toString(16).padStart(2, '0'));
  return `${oui}:${bytes.join(':')}`.toUpperCase();
}

const person = (first: string, last: string, extension: string, extra: JsonObject = {}): JsonObject => ({
  first_name: first,
  last_name: last,
  username: `${first}.${last}@${DOMAIN}`.toLowerCase(),
  email: `${first}.${last}@${DOMAIN}`.toLowerCase(),
  presence_id: extension,
  caller_id: { internal: { name: `${first} ${last}`.slice(0, 15), number: extension } },
  ...extra,
});

export function demoSite(prng: Prng): DemoSite {
  const admin = person('Dana', 'Whitfield', '100', { priv_level: 'admin' });
  const users = [
    person('Marcus', 'Oyelaran', '101'),
    person('Priya', 'Raman', '102'),
    person('Tom', 'Becker', '103'),
    person('Lucia', 'Ferreira', '104'),
    person('Kenji', 'Watanabe', '105'),
  ];
  const at = (index: number): string => String(users[index]?.['username']);
  const desk = (
    name: string,
    brand: string,
    family: string,
    model: string,
    oui: string,
    owner?: string,
  ): JsonObject & { owner?: string } => ({
    name,
    device_type: 'sip_device',
    enabled: true,
    mac_address: mac(prng, oui),
    sip: sipCredentials(prng),
    provision: { endpoint_brand: brand, endpoint_family: family, endpoint_model: model },
    ...(owner ? { owner } : {}),
  });
  return {
    account: { name: 'Harbor View Dental', realm: 'harborview.sip.audian.sandbox' },
    admin,
    users,
    devices: [
      desk('Front Desk 1', 'yealink', 't4x', 't46u', '80:5e:c0', at(2)),
      desk('Front Desk 2', 'yealink', 't4x', 't46u', '80:5e:c0', at(3)),
      desk('Dr. Oyelaran Office', 'polycom', 'vvx', '450', '64:16:7f', at(0)),
      { ...desk('Hygiene Room 1', 'yealink', 't3x', 't33g', '80:5e:c0'), extension: '110' },
      desk('Billing', 'grandstream', 'grp', 'grp2614', 'c0:74:ad', at(4)),
      { ...desk('Break Room', 'yealink', 't3x', 't33g', '80:5e:c0'), enabled: false },
      { name: 'Priya Raman - softphone', device_type: 'softphone', enabled: true, sip: sipCredentials(prng), owner: at(1) },
      {
        name: 'Dana Whitfield - cell',
        device_type: 'cellphone',
        enabled: true,
        call_forward: { enabled: true, number: '+16175550142', require_keypress: true, keep_caller_id: true },
        contact_list: { exclude: true },
        owner: String(admin['username']),
      },
      {
        name: 'Fax ATA',
        device_type: 'fax',
        enabled: true,
        mac_address: mac(prng, 'c0:74:ad'),
        sip: sipCredentials(prng),
        media: { fax_option: true },
        outbound_flags: ['fax'],
        provision: { endpoint_brand: 'grandstream', endpoint_family: 'ht', endpoint_model: 'ht812' },
        extension: '190',
      },
    ],
  };
}

/** The callflow SmartPBX makes for a person's extension: ring the user, then their voicemail box. */
const mainUserCallflow = (user: Doc, vmbox: Doc): JsonObject => ({
  name: `${fullName(user)} SmartPBX's Callflow`,
  type: 'mainUserCallflow',
  numbers: [user['presence_id']],
  owner_id: user._id,
  contact_list: { exclude: false },
  flow: {
    module: 'user',
    data: { id: user._id, can_call_self: false, timeout: 20 },
    children: { _: { module: 'voicemail', data: { id: vmbox._id }, children: {} } },
  },
});

/** Stores the site through the sandbox's own validation: its people (beside the admin already made), their extensions, the phones. */
export function seedDemo(
  site: DemoSite,
  admin: Doc,
  stores: Pick<App, 'users' | 'devices' | 'vmboxes' | 'callflows'>,
  password: () => string,
): void {
  const { users, devices, vmboxes, callflows } = stores;
  const people = [admin, ...site.users.map((user) => users.create({ ...user, password: password() }))];
  const byUsername = new Map(people.map((person) => [String(person['username']), person._id]));
  for (const person of people) {
    const vmbox = vmboxes.create({ mailbox: person['presence_id'], name: `${fullName(person)}'s VMBox`, owner_id: person._id });
    callflows.create(mainUserCallflow(person, vmbox));
  }
  for (const { owner, extension, ...device } of site.devices) {
    const ownerId = owner === undefined ? undefined : byUsername.get(owner);
    const doc = devices.create(ownerId ? { ...device, owner_id: ownerId } : device);
    if (extension) {
      callflows.create({
        name: String(doc['name']),
        numbers: [extension],
        flow: { module: 'device', data: { id: doc._id }, children: {} },
      });
    }
  }
}
