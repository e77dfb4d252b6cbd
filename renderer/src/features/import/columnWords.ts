import type { CanonicalColumn } from '../../../../common/import/columns';

/** Each field the import fills, named as a technician knows it from the phone or the PBX screens. */
export const columnWords: Record<CanonicalColumn, string> = {
  name: 'Name',
  device_type: 'Device type',
  owner: 'Owner (user’s email or ID)',
  sip_username: 'SIP username',
  sip_password: 'SIP password',
  mac_address: 'MAC address',
  caller_id_internal_number: 'Extension (internal caller ID number)',
  caller_id_internal_name: 'Internal caller ID name',
  caller_id_external_number: 'External caller ID number',
  caller_id_external_name: 'External caller ID name',
  enabled: 'Enabled (true/false)',
  call_forward_number: 'Call forward number',
  brand: 'Phone brand',
  family: 'Phone family',
  model: 'Phone model',
};

/** Shorter names for the grid's column headers, where width is scarce. */
export const columnShortWords: Record<CanonicalColumn, string> = {
  ...columnWords,
  owner: 'Owner',
  caller_id_internal_number: 'Extension',
  caller_id_internal_name: 'Caller ID name',
  caller_id_external_number: 'External number',
  caller_id_external_name: 'External name',
  enabled: 'Enabled',
  call_forward_number: 'Call forward',
  brand: 'Brand',
  family: 'Family',
  model: 'Model',
};

/** Grid column widths in rem, sized to what each field usually holds. */
export const columnWidthRem: Record<CanonicalColumn, number> = {
  name: 14,
  device_type: 8,
  owner: 18,
  sip_username: 10,
  sip_password: 8,
  mac_address: 17,
  caller_id_internal_number: 7,
  caller_id_internal_name: 10,
  caller_id_external_number: 10,
  caller_id_external_name: 10,
  enabled: 6,
  call_forward_number: 9,
  brand: 7,
  family: 7,
  model: 7,
};
