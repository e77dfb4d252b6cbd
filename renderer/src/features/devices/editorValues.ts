import {
  EDITOR_FIELD_PATHS,
  EDITOR_TEXT_FIELDS,
  type DeviceEdit,
  type DeviceDetail,
  type EditorTextField,
} from '../../../../common/devices-view';
import { formatMac } from '../../../../common/mac';

/** What the editor's form holds: every text field as typed, plus enabled and owner. */
export interface EditorValues {
  text: Record<EditorTextField, string>;
  enabled: boolean;
  ownerId: string | null;
}

export const emptyValues = (deviceType = 'sip_device'): EditorValues => ({
  text: { ...(Object.fromEntries(EDITOR_TEXT_FIELDS.map((f) => [f, ''])) as Record<EditorTextField, string>), device_type: deviceType },
  enabled: true,
  ownerId: null,
});

function at(document: unknown, path: string): unknown {
  let node = document;
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

export function valuesOf(detail: DeviceDetail): EditorValues {
  const values = emptyValues();
  for (const field of EDITOR_TEXT_FIELDS) {
    const raw = at(detail.document, EDITOR_FIELD_PATHS[field]);
    values.text[field] = typeof raw === 'string' || typeof raw === 'number' ? String(raw) : '';
  }
  if (values.text.mac_address) values.text.mac_address = formatMac(values.text.mac_address);
  values.enabled = detail.document.enabled !== false;
  values.ownerId = typeof detail.document.owner_id === 'string' ? detail.document.owner_id : null;
  return values;
}

/** The fields that differ from what was loaded: absent keeps the server's value, '' removes it. */
export function changesBetween(initial: EditorValues, current: EditorValues, creating: boolean): DeviceEdit {
  const edit: DeviceEdit = {};
  for (const field of EDITOR_TEXT_FIELDS) {
    if (field === 'device_type' && !creating) continue;
    const value = current.text[field].trim();
    if (creating ? value !== '' : value !== initial.text[field].trim()) edit[field] = value;
  }
  if (creating || current.enabled !== initial.enabled) edit.enabled = current.enabled;
  if (creating ? current.ownerId !== null : current.ownerId !== initial.ownerId) edit.owner_id = current.ownerId;
  return edit;
}

const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** A strong SIP password from the platform's random source: 20 characters, no look-alikes, unbiased. */
export function generatePassword(length = 20): string {
  const out: string[] = [];
  const limit = 256 - (256 % PASSWORD_ALPHABET.length);
  while (out.length < length) {
    const bytes = crypto.getRandomValues(new Uint8Array(length * 2));
    for (const byte of bytes) {
      if (byte < limit && out.length < length) out.push(PASSWORD_ALPHABET[byte % PASSWORD_ALPHABET.length]!);
    }
  }
  return out.join('');
}
