/**
 * Batch specs of people as the plan hands them over: per person a user, a voicemail box, one
 * device per phone row and the extension's callflow, with the documents the rollout sends.
 */
import type { CanonicalColumn } from '../../common/import/columns';
import type { BatchSpec, OnUnitFailure, SheetRowRef, Step, Unit } from '../../main/import/operations';
import { documentOf, newId, phone, type Phone } from './batch-spec';

export const PEOPLE_HEADERS = ['First', 'Last', 'Email', 'Ext', 'Name', 'MAC', 'SIP user', 'SIP password'];
export const PEOPLE_MAPPING: CanonicalColumn[] = [
  'first_name',
  'last_name',
  'email',
  'extension',
  'name',
  'mac_address',
  'sip_username',
  'sip_password',
];

export interface Person {
  first: string;
  last: string;
  email: string;
  extension: string;
  password: string;
  pin: string;
  phones: Phone[];
  /** Ids chosen for the person's documents. */
  ids: { user: string; vmbox: string; callflow: string; devices: string[] };
}

/** Person n, with `phones` phones, extension 3000 + n. */
export function person(n: number, phones = 1, prefix = 'P'): Person {
  const devices = Array.from({ length: phones }, (_, k) => phone(n * 10 + k, `${prefix}desk`));
  return {
    first: `First${n}`,
    last: `${prefix}Last${n}`,
    email: `${prefix.toLowerCase()}${n}@example.com`,
    extension: String(3000 + n),
    password: `Pw-${n}-${newId().slice(0, 8)}`,
    pin: String(4000 + n),
    phones: devices,
    ids: { user: newId(), vmbox: newId(), callflow: newId(), devices: devices.map(() => newId()) },
  };
}

export const fullName = (p: Person): string => `${p.first} ${p.last}`;

export const userDocument = (p: Person) => ({
  first_name: p.first,
  last_name: p.last,
  username: p.email,
  password: p.password,
  email: p.email,
  caller_id: { internal: { name: fullName(p).slice(0, 15), number: p.extension } },
  presence_id: p.extension,
  priv_level: 'user',
});

export const vmboxDocument = (p: Person) => ({ mailbox: p.extension, name: `${fullName(p)}'s VMBox`, owner_id: p.ids.user, pin: p.pin });

export const callflowDocument = (p: Person, withVmbox: boolean) => ({
  name: `${fullName(p)} SmartPBX's Callflow`,
  numbers: [p.extension],
  owner_id: p.ids.user,
  type: 'mainUserCallflow',
  contact_list: { exclude: false },
  flow: {
    module: 'user',
    data: { id: p.ids.user, can_call_self: false, timeout: 20 },
    children: withVmbox ? { _: { module: 'voicemail', data: { id: p.ids.vmbox }, children: {} } } : {},
  },
});

export interface PeopleOptions {
  onFailure?: OnUnitFailure;
  /** Each person gets a voicemail box (the default). */
  vmbox?: boolean;
  sendWelcomeEmail?: boolean;
}

/** One unit per person, rows in order: person 0's phones first, then person 1's, and so on. */
export function peopleSpec(people: Person[], options: PeopleOptions = {}): BatchSpec {
  const withVmbox = options.vmbox ?? true;
  const rows: BatchSpec['rows'] = [];
  const sheetRows: SheetRowRef[] = [];
  const units: Unit[] = people.map((p) => {
    const first = rows.length;
    const deviceSteps: Step[] = p.phones.map((ph, k) => {
      const row = first + k;
      rows.push({ line: row + 2, cells: [p.first, p.last, p.email, p.extension, ph.name, ph.mac, ph.username, ph.password] });
      sheetRows.push({
        row,
        line: row + 2,
        name: ph.name,
        identity: { extension: p.extension, macAddress: ph.mac.replaceAll(':', ''), sipUsername: ph.username },
      });
      return {
        resource: 'device',
        rows: [row],
        label: ph.name,
        action: 'create',
        id: p.ids.devices[k]!,
        document: { ...documentOf(ph), owner_id: p.ids.user },
      };
    });
    const all = p.phones.map((_, k) => first + k);
    const personStep = (resource: Step['resource'], label: string, id: string, document: Record<string, unknown>): Step => ({
      resource,
      rows: all,
      label,
      action: 'create',
      id,
      document,
    });
    const steps: Step[] = [
      personStep('user', fullName(p), p.ids.user, userDocument(p)),
      ...(withVmbox ? [personStep('vmbox', `${fullName(p)}'s VMBox`, p.ids.vmbox, vmboxDocument(p))] : []),
      ...deviceSteps,
      personStep('callflow', `extension ${p.extension}`, p.ids.callflow, callflowDocument(p, withVmbox)),
    ];
    return { key: `person:${p.email}`, label: `${fullName(p)} (ext ${p.extension})`, rows: all, steps };
  });
  return {
    batchId: newId(),
    name: 'People',
    connectionId: 'conn-test',
    fileName: 'people.csv',
    createdAt: new Date().toISOString(),
    headers: PEOPLE_HEADERS,
    mapping: PEOPLE_MAPPING,
    rows,
    sheetRows,
    units,
    onFailure: options.onFailure ?? 'rollback',
    sendWelcomeEmail: options.sendWelcomeEmail ?? false,
  };
}
