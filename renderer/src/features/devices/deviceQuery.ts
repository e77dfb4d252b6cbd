import type { DeviceListItem } from '../../../../common/devices-view';

/**
 * Filtering and sorting of the devices table: pure, no React, no DOM, so it can be measured on
 * its own (10,000 devices in well under 50 ms).
 */

export type DeviceSortKey = 'name' | 'deviceType' | 'ownerName' | 'sipUsername' | 'macAddress' | 'extension' | 'enabled';
export type SortDirection = 'ascending' | 'descending';

/** 'any' shows all; for owner, 'none' shows devices without an owner. */
export interface DeviceQuery {
  search: string;
  deviceType: string;
  enabled: 'any' | 'enabled' | 'disabled';
  ownerId: string;
  sort: DeviceSortKey;
  direction: SortDirection;
}

export const defaultDeviceQuery: DeviceQuery = {
  search: '',
  deviceType: 'any',
  enabled: 'any',
  ownerId: 'any',
  sort: 'name',
  direction: 'ascending',
};

/** Lower case without the separators people put in MAC addresses and numbers (":", "-", ".", spaces). */
export const compact = (text: string): string => text.toLowerCase().replace(/[\s:.-]/g, '');

/** What a device is searched by; computed once per list and reused for every keystroke. */
export interface SearchIndex {
  text: Map<string, string>;
  compact: Map<string, string>;
  /** Sort keys per column, made the first time a column is sorted on. */
  sortKeys: Map<DeviceSortKey, Map<string, string>>;
}

export function buildSearchIndex(devices: readonly DeviceListItem[]): SearchIndex {
  const text = new Map<string, string>();
  const compactText = new Map<string, string>();
  for (const device of devices) {
    const joined = [device.name, device.sipUsername ?? '', device.macAddress ?? '', device.extension ?? ''].join('\u0000').toLowerCase();
    text.set(device.id, joined);
    compactText.set(device.id, compact(joined));
  }
  return { text, compact: compactText, sortKeys: new Map() };
}

/**
 * A key that plain string comparison orders the way people expect: case-insensitive, and with
 * numbers by value ("Room 9" before "Room 10"), by padding every run of digits. Far faster over
 * 10,000 rows than a locale collator.
 */
const naturalKey = (text: string): string => text.toLowerCase().replace(/\d+/g, (digits) => digits.padStart(12, '0'));

function sortKeysFor(devices: readonly DeviceListItem[], index: SearchIndex, key: DeviceSortKey): Map<string, string> {
  let keys = index.sortKeys.get(key);
  if (!keys) {
    keys = new Map(devices.map((device) => [device.id, naturalKey(sortValue(device, key))]));
    index.sortKeys.set(key, keys);
  }
  return keys;
}

function sortValue(device: DeviceListItem, key: DeviceSortKey): string {
  switch (key) {
    case 'enabled':
      return device.enabled ? '0' : '1';
    case 'ownerName':
      return device.ownerName ?? '';
    default:
      return device[key] ?? '';
  }
}

/** The devices a query shows, in its order. Empty values sort last in either direction. */
export function queryDevices(
  devices: readonly DeviceListItem[],
  query: DeviceQuery,
  index: SearchIndex = buildSearchIndex(devices),
): DeviceListItem[] {
  const needle = query.search.trim().toLowerCase();
  const compactNeedle = compact(needle);
  const rows = devices.filter((device) => {
    if (query.deviceType !== 'any' && device.deviceType !== query.deviceType) return false;
    if (query.enabled === 'enabled' && !device.enabled) return false;
    if (query.enabled === 'disabled' && device.enabled) return false;
    if (query.ownerId === 'none' ? device.ownerId !== null : query.ownerId !== 'any' && device.ownerId !== query.ownerId) return false;
    if (!needle) return true;
    if (index.text.get(device.id)?.includes(needle)) return true;
    return compactNeedle !== '' && (index.compact.get(device.id)?.includes(compactNeedle) ?? false);
  });
  const sign = query.direction === 'ascending' ? 1 : -1;
  const keys = sortKeysFor(devices, index, query.sort);
  const names = sortKeysFor(devices, index, 'name');
  const keyed = rows.map((device) => ({ device, value: keys.get(device.id) ?? '', name: names.get(device.id) ?? '' }));
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  keyed.sort((a, b) => {
    if (a.value === '' || b.value === '') return a.value === b.value ? order(a.name, b.name) : a.value === '' ? 1 : -1;
    return sign * order(a.value, b.value) || order(a.name, b.name);
  });
  return keyed.map((entry) => entry.device);
}

/** The distinct device types in a list, for the type filter. */
export function deviceTypesOf(devices: readonly DeviceListItem[]): string[] {
  return [...new Set(devices.map((device) => device.deviceType))].sort();
}
