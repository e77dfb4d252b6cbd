/**
 * The device columns: what `devices export` writes, so a file round-trips. Each maps to one field
 * path of the KAZOO device document.
 */
export const DEVICE_COLUMNS = [
  'name',
  'device_type',
  'owner',
  'sip_username',
  'sip_password',
  'mac_address',
  'caller_id_internal_number',
  'caller_id_internal_name',
  'caller_id_external_number',
  'caller_id_external_name',
  'enabled',
  'call_forward_number',
  'brand',
  'family',
  'model',
] as const;

/**
 * The person columns of a rollout sheet: a row with them is a person (their user, voicemail box
 * and extension) and, when it has device columns too, their phone.
 */
export const PERSON_COLUMNS = [
  'first_name',
  'last_name',
  'email',
  'username',
  'extension',
  'voicemail',
  'vm_pin',
  'user_password',
] as const;

/** The columns that say who a row's person is: a row with any of them is a person's row. */
export const PERSON_IDENTITY_COLUMNS = ['email', 'username', 'first_name', 'last_name'] as const satisfies readonly PersonColumn[];

/** Every column an import reads. */
export const CANONICAL_COLUMNS = [...DEVICE_COLUMNS, ...PERSON_COLUMNS] as const;

export type DeviceColumn = (typeof DEVICE_COLUMNS)[number];
export type PersonColumn = (typeof PERSON_COLUMNS)[number];
export type CanonicalColumn = (typeof CANONICAL_COLUMNS)[number];

/** The columns that hold secrets: never shown without asking, never repeated in a message. */
export const SECRET_COLUMNS: ReadonlySet<CanonicalColumn> = new Set<CanonicalColumn>(['sip_password', 'user_password', 'vm_pin']);
export const isSecretColumn = (column: CanonicalColumn | null): boolean => column !== null && SECRET_COLUMNS.has(column);

const DEVICE_COLUMN_SET: ReadonlySet<string> = new Set(DEVICE_COLUMNS);
export const isDeviceColumn = (column: CanonicalColumn): column is DeviceColumn => DEVICE_COLUMN_SET.has(column);

/** Where each device column lands in the device document (KAZOO's dotted paths, as its errors name them). */
export const COLUMN_FIELD_PATHS: Record<DeviceColumn, string> = {
  name: 'name',
  device_type: 'device_type',
  owner: 'owner_id',
  sip_username: 'sip.username',
  sip_password: 'sip.password',
  mac_address: 'mac_address',
  caller_id_internal_number: 'caller_id.internal.number',
  caller_id_internal_name: 'caller_id.internal.name',
  caller_id_external_number: 'caller_id.external.number',
  caller_id_external_name: 'caller_id.external.name',
  enabled: 'enabled',
  call_forward_number: 'call_forward.number',
  brand: 'provision.endpoint_brand',
  family: 'provision.endpoint_family',
  model: 'provision.endpoint_model',
};

/**
 * Where each person column lands: the document (user, voicemail box, callflow) and its field.
 * The extension is the user's presence ID and internal caller ID, the box's mailbox and the
 * callflow's number; on a row without a person it is the device's internal caller ID, as before.
 */
export const PERSON_FIELD_PATHS: Record<PersonColumn, string> = {
  first_name: 'user first_name',
  last_name: 'user last_name',
  email: 'user email',
  username: 'user username',
  extension: 'user presence_id, vmbox mailbox, callflow numbers',
  voicemail: 'vmbox (yes creates one)',
  vm_pin: 'vmbox pin',
  user_password: 'user password',
};

/** The field a column fills, for the docs and the column picker. */
export const fieldOfColumn = (column: CanonicalColumn): string =>
  isDeviceColumn(column) ? COLUMN_FIELD_PATHS[column] : PERSON_FIELD_PATHS[column];

/** The column a server field error on a device belongs to, so it can be shown on the CSV cell. */
export function columnOfFieldPath(path: string): DeviceColumn | null {
  for (const column of DEVICE_COLUMNS) {
    const field = COLUMN_FIELD_PATHS[column];
    if (path === field || path.startsWith(`${field}.`)) return column;
  }
  if (path === 'call_forward' || path.startsWith('call_forward.')) return 'call_forward_number';
  if (path === 'sip') return 'sip_username';
  return null;
}
