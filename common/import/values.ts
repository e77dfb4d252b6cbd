/**
 * How cell text becomes device values; shared by the row rules (which say what is wrong) and
 * the device builder (which uses what is right), so the two never disagree.
 */

/** The device types Monster UI (KAZOO's own web UI) offers; KAZOO itself stores any string. */
export const KNOWN_DEVICE_TYPES = [
  'sip_device',
  'softphone',
  'cellphone',
  'smartphone',
  'landline',
  'fax',
  'ata',
  'sip_uri',
  'mobile',
] as const;

const KNOWN_TYPES = new Set<string>(KNOWN_DEVICE_TYPES);

/** Types that only forward calls to another number, so they need one. */
export const FORWARDING_TYPES = new Set<string>(['cellphone', 'landline']);

/** "SIP Device" and "sip-device" are sip_device; an unknown type is kept as typed. */
export function deviceTypeOf(cell: string): { value: string; known: boolean } {
  if (KNOWN_TYPES.has(cell)) return { value: cell, known: true };
  const key = cell.toLowerCase().replace(/[\s-]+/g, '_');
  return KNOWN_TYPES.has(key) ? { value: key, known: true } : { value: cell, known: false };
}

/** English words plus the TRUE/FALSE Excel writes in German, French, Spanish, Dutch and Italian. */
const BOOLEANS = new Map<string, boolean>([
  ...[
    'true',
    'yes',
    'y',
    '1',
    'enabled',
    'enable',
    'on',
    'active',
    'wahr',
    'ja',
    'vrai',
    'oui',
    'verdadero',
    'si',
    'sí',
    'waar',
    'vero',
  ].map((word) => [word, true] as const),
  ...['false', 'no', 'n', '0', 'disabled', 'disable', 'off', 'inactive', 'falsch', 'nein', 'faux', 'non', 'falso', 'onwaar'].map(
    (word) => [word, false] as const,
  ),
]);

/** The boolean a cell means, or null when it is not a yes or a no. */
export const booleanOf = (cell: string): boolean | null => BOOLEANS.get(cell.toLowerCase()) ?? null;

/** A phone number without the spaces, dashes, dots and brackets people write in it: "+1 (512) 555-0199" is "+15125550199". */
export const phoneNumberOf = (cell: string): string => cell.replace(/[\s\-.()]/g, '');

export const isPhoneNumber = (number: string): boolean => /^\+?\d+$/.test(number);

/** Length in characters as the server counts them: an emoji is one, not two UTF-16 units. */
export function characterCount(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) count--;
  }
  return count;
}

/** The brand, family and model the provisioner catalogue uses are lowercase. */
export const catalogueName = (cell: string): string => cell.toLowerCase();

/** Types that register with SIP credentials of their own (generated when a row gives none); cellphones, landlines and SIP URIs only forward. */
export const SIP_CREDENTIAL_TYPES: ReadonlySet<string> = new Set(['sip_device', 'softphone', 'smartphone', 'ata', 'fax', 'mobile']);
