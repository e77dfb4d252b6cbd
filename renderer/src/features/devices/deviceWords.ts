import type { EditorField } from '../../../../common/devices-view';

/** Device types in a technician's words. */
export const deviceTypeWords: Record<string, string> = {
  sip_device: 'Desk phone',
  softphone: 'Softphone',
  mobile: 'Mobile',
  cellphone: 'Cell phone',
  landline: 'Landline',
  smartphone: 'Smartphone',
  fax: 'Fax',
  ata: 'ATA (analogue adapter)',
  sip_uri: 'SIP URI',
  application: 'Application',
  teammate: 'Teammate',
};

export const typeLabel = (type: string): string => deviceTypeWords[type] ?? type;

/** Types a new device can be created as. */
export const creatableTypes = ['sip_device', 'softphone', 'cellphone', 'landline', 'fax', 'ata', 'smartphone'] as const;

/** Types that ring another number rather than a SIP registration. */
export const forwardingTypes: ReadonlySet<string> = new Set(['cellphone', 'landline']);

export const fieldWords: Record<EditorField, string> = {
  name: 'Device name',
  device_type: 'Type',
  owner_id: 'Owner',
  enabled: 'Enabled',
  sip_username: 'SIP username',
  sip_password: 'SIP password',
  mac_address: 'MAC address',
  caller_id_internal_number: 'Extension (internal caller ID number)',
  caller_id_internal_name: 'Internal caller ID name',
  caller_id_external_number: 'Outbound caller ID number',
  caller_id_external_name: 'Outbound caller ID name',
  call_forward_number: 'Number to ring',
  brand: 'Phone brand',
  family: 'Phone family',
  model: 'Phone model',
};
