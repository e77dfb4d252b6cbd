import type { DeviceDocument } from '../devices';
import { normalizeMac } from '../mac';
import type { CanonicalColumn } from './columns';
import { columnSources, type ColumnSources } from './mapping';
import { namesPerson } from './people';
import type { ColumnMapping } from './types';
import { FORWARDING_TYPES, booleanOf, catalogueName, deviceTypeOf, phoneNumberOf } from './values';

export interface RowDevice {
  /** The device fields the row gives; no id (the plan chooses one) and no owner_id (see `owner`). */
  document: Partial<DeviceDocument>;
  /** The owner cell as written (an email, a username or a name); main resolves it against the account's users. */
  owner: string | null;
}

/** A draft's mapping is replaced, never changed in place, so its column positions can be kept per mapping. */
const sourcesByMapping = new WeakMap<ColumnMapping, ColumnSources>();

function sourcesOf(mapping: ColumnMapping): ColumnSources {
  let sources = sourcesByMapping.get(mapping);
  if (!sources) {
    sources = columnSources(mapping);
    sourcesByMapping.set(mapping, sources);
  }
  return sources;
}

/**
 * A row as a KAZOO device document: only fields with a value (an empty cell means "not given",
 * so an update leaves the server's value alone), in the forms KAZOO stores (MAC normalised,
 * catalogue names lowercase). Values the rules flag as invalid are left out.
 */
export function rowToDevice(cells: readonly string[], mapping: ColumnMapping): RowDevice {
  const sources = sourcesOf(mapping);
  const cell = (column: CanonicalColumn): string => (sources[column] >= 0 ? (cells[sources[column]] ?? '').trim() : '');
  const document: Partial<DeviceDocument> = {};

  const name = cell('name');
  if (name !== '') document.name = name;
  const typeCell = cell('device_type');
  const type = typeCell === '' ? null : deviceTypeOf(typeCell).value;
  if (type) document.device_type = type;

  const sip: NonNullable<DeviceDocument['sip']> = {};
  if (cell('sip_username') !== '') sip.username = cell('sip_username');
  if (cell('sip_password') !== '') sip.password = cell('sip_password');
  if (Object.keys(sip).length > 0) document.sip = sip;

  const mac = normalizeMac(cell('mac_address'));
  if (mac) document.mac_address = mac;

  const callerId: NonNullable<DeviceDocument['caller_id']> = {};
  // A person's extension is their user's and their callflow's; a phone on its own takes it as its
  // internal caller ID, unless a column of the sheet is that caller ID.
  const extension = namesPerson(cells, sources) || sources.caller_id_internal_number >= 0 ? '' : cell('extension');
  for (const [scope, number, label] of [
    ['internal', 'caller_id_internal_number', 'caller_id_internal_name'],
    ['external', 'caller_id_external_number', 'caller_id_external_name'],
  ] as const) {
    const entry: { number?: string; name?: string } = {};
    const numberCell = cell(number) || (scope === 'internal' ? extension : '');
    if (numberCell !== '') entry.number = numberCell;
    if (cell(label) !== '') entry.name = cell(label);
    if (entry.number !== undefined || entry.name !== undefined) callerId[scope] = entry;
  }
  if (Object.keys(callerId).length > 0) document.caller_id = callerId;

  const enabled = booleanOf(cell('enabled'));
  if (enabled !== null) document.enabled = enabled;

  const forward = cell('call_forward_number');
  if (forward !== '') {
    // A cellphone or landline device exists only to forward; a desk phone keeps the number for later.
    document.call_forward = FORWARDING_TYPES.has(type ?? '')
      ? { number: phoneNumberOf(forward), enabled: true }
      : { number: phoneNumberOf(forward) };
  }

  const provision: NonNullable<DeviceDocument['provision']> = {};
  if (cell('brand') !== '') provision.endpoint_brand = catalogueName(cell('brand'));
  if (cell('family') !== '') provision.endpoint_family = catalogueName(cell('family'));
  if (cell('model') !== '') provision.endpoint_model = catalogueName(cell('model'));
  if (Object.keys(provision).length > 0) document.provision = provision;

  const owner = cell('owner');
  return { document, owner: owner === '' ? null : owner };
}
