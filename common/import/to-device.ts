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

const cellAt = (cells: readonly string[], source: number): string => (source >= 0 ? (cells[source] ?? '').trim() : '');

const CALLER_ID_SCOPES = [
  ['internal', 'caller_id_internal_number', 'caller_id_internal_name'],
  ['external', 'caller_id_external_number', 'caller_id_external_name'],
] as const satisfies ReadonlyArray<readonly [string, CanonicalColumn, CanonicalColumn]>;

/**
 * A row as a KAZOO device document: only fields with a value (an empty cell means "not given",
 * so an update leaves the server's value alone), in the forms KAZOO stores (MAC normalised,
 * catalogue names lowercase). Values the rules flag as invalid are left out. Each cell is read
 * once and no function is made per row: the schema check runs this for every row of a file.
 */
export function rowToDevice(cells: readonly string[], mapping: ColumnMapping): RowDevice {
  const sources = sourcesOf(mapping);
  const document: Partial<DeviceDocument> = {};

  const name = cellAt(cells, sources.name);
  if (name !== '') document.name = name;
  const typeCell = cellAt(cells, sources.device_type);
  const type = typeCell === '' ? null : deviceTypeOf(typeCell).value;
  if (type) document.device_type = type;

  const username = cellAt(cells, sources.sip_username);
  const password = cellAt(cells, sources.sip_password);
  if (username !== '' || password !== '') {
    const sip: NonNullable<DeviceDocument['sip']> = {};
    if (username !== '') sip.username = username;
    if (password !== '') sip.password = password;
    document.sip = sip;
  }

  const mac = normalizeMac(cellAt(cells, sources.mac_address));
  if (mac) document.mac_address = mac;

  const callerId: NonNullable<DeviceDocument['caller_id']> = {};
  // A person's extension is their user's and their callflow's; a phone on its own takes it as its
  // internal caller ID, unless a column of the sheet is that caller ID.
  const extension = namesPerson(cells, sources) || sources.caller_id_internal_number >= 0 ? '' : cellAt(cells, sources.extension);
  let hasCallerId = false;
  for (const [scope, number, label] of CALLER_ID_SCOPES) {
    const numberCell = cellAt(cells, sources[number]) || (scope === 'internal' ? extension : '');
    const labelCell = cellAt(cells, sources[label]);
    if (numberCell === '' && labelCell === '') continue;
    const entry: { number?: string; name?: string } = {};
    if (numberCell !== '') entry.number = numberCell;
    if (labelCell !== '') entry.name = labelCell;
    callerId[scope] = entry;
    hasCallerId = true;
  }
  if (hasCallerId) document.caller_id = callerId;

  const enabled = booleanOf(cellAt(cells, sources.enabled));
  if (enabled !== null) document.enabled = enabled;

  const forward = cellAt(cells, sources.call_forward_number);
  if (forward !== '') {
    // A cellphone or landline device exists only to forward; a desk phone keeps the number for later.
    document.call_forward = FORWARDING_TYPES.has(type ?? '')
      ? { number: phoneNumberOf(forward), enabled: true }
      : { number: phoneNumberOf(forward) };
  }

  const brand = cellAt(cells, sources.brand);
  const family = cellAt(cells, sources.family);
  const model = cellAt(cells, sources.model);
  if (brand !== '' || family !== '' || model !== '') {
    const provision: NonNullable<DeviceDocument['provision']> = {};
    if (brand !== '') provision.endpoint_brand = catalogueName(brand);
    if (family !== '') provision.endpoint_family = catalogueName(family);
    if (model !== '') provision.endpoint_model = catalogueName(model);
    document.provision = provision;
  }

  const owner = cellAt(cells, sources.owner);
  return { document, owner: owner === '' ? null : owner };
}
