/**
 * The canonical CSV columns: what an import reads and what `devices export` writes, so a file
 * round-trips. Each maps to one field path of the KAZOO device document.
 */
export const CANONICAL_COLUMNS = [
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

export type CanonicalColumn = (typeof CANONICAL_COLUMNS)[number];

/** Where each column lands in the device document (KAZOO's dotted paths, as its errors name them). */
export const COLUMN_FIELD_PATHS: Record<CanonicalColumn, string> = {
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

/** The column a server field error belongs to, so it can be shown on the CSV cell. */
export function columnOfFieldPath(path: string): CanonicalColumn | null {
  for (const column of CANONICAL_COLUMNS) {
    const field = COLUMN_FIELD_PATHS[column];
    if (path === field || path.startsWith(`${field}.`)) return column;
  }
  if (path === 'call_forward' || path.startsWith('call_forward.')) return 'call_forward_number';
  if (path === 'sip') return 'sip_username';
  return null;
}
