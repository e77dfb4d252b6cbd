/**
 * The page side of bench/devices-table.bench.ts: esbuild bundles this with the devices table's
 * real query code into one script for Chromium. Every measure starts from a list of 10,000 rows
 * no query has seen (as after a refresh, so no cache helps) and times, with performance.now(),
 * what a technician does: typing a search, sorting on a column for the first time, filtering
 * and sorting at once.
 */
import type { DeviceListItem } from '../common/devices-view';
import type { RegistrationState } from '../common/registrations';
import { defaultDeviceQuery, queryDevices, type DeviceQuery, type DeviceSortKey } from '../renderer/src/features/devices/deviceQuery';

export const SORT_KEYS: readonly DeviceSortKey[] = [
  'name',
  'deviceType',
  'ownerName',
  'sipUsername',
  'macAddress',
  'extension',
  'enabled',
  'registration',
];

/** What one run measured, in milliseconds. */
export interface RunTimes {
  /** Each keystroke while typing the search (the first builds every row's search text). */
  searchKeystrokes: number[];
  /** The first sort on each column, with no filter. */
  firstSort: Record<DeviceSortKey, number>;
  /** A new search with type, enabled and registration filters and a new sort column, descending. */
  filterAndSort: number;
  shownAfterSearch: number;
  shownAfterFilter: number;
}

/** A small seeded generator (mulberry32), so every run and every machine sees the same account. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Priya', 'Tom', 'Lucía', 'Kenji', 'Marcus', 'Dana', 'Élodie', 'Sam', 'Olu', 'Chen', 'Anna', 'José', 'Mia', 'Noah'];
const LAST = ['Raman', 'Becker', 'Ferreira', 'Watanabe', 'Oyelaran', 'Whitfield', 'Dubois', 'Nguyen', 'Kowalski', 'Smith'];
const PLACES = ['Front Desk', 'Room', 'Hygiene Room', 'Lab', 'Warehouse Bay', 'Conference', 'Break Room', 'Reception', 'Office'];
const TYPES = ['sip_device', 'sip_device', 'sip_device', 'sip_device', 'softphone', 'cellphone', 'fax', 'ata', 'landline'];
const OUIS = ['80:5e:c0', '64:16:7f', 'c0:74:ad', '00:04:f2', '00:15:65'];

/**
 * An account as a large customer has it: desk phones by room, softphones and cell phones by
 * person, most owned, most with a MAC. Passed through JSON as the snapshot arrives over IPC.
 */
export function realisticDevices(count: number, seed: number): DeviceListItem[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const hex = () =>
    Math.floor(next() * 256)
      .toString(16)
      .padStart(2, '0');
  const owners = Array.from({ length: Math.ceil(count / 4) }, (_, i) => ({
    id: (i + 1).toString(16).padStart(32, '0'),
    name: `${pick(FIRST)} ${pick(LAST)}`,
    extension: String(1000 + i),
  }));
  const devices = Array.from({ length: count }, (_, i): DeviceListItem => {
    const deviceType = pick(TYPES);
    const owner = next() < 0.8 ? pick(owners) : null;
    const phone = deviceType === 'sip_device' || deviceType === 'fax' || deviceType === 'ata';
    const name =
      phone || !owner
        ? `${pick(PLACES)} ${1 + Math.floor(next() * 400)}`
        : `${owner.name} - ${deviceType === 'softphone' ? 'softphone' : 'cell'}`;
    const enabled = next() > 0.05;
    const registration: RegistrationState = !enabled ? 'disabled' : next() < 0.85 ? 'registered' : 'not_registered';
    return {
      id: (0x10000000 + i).toString(16).padStart(32, 'a'),
      name,
      deviceType,
      enabled,
      ownerId: owner?.id ?? null,
      ownerName: owner?.name ?? null,
      sipUsername: deviceType === 'cellphone' || deviceType === 'landline' ? null : `user_${hex()}${hex()}${hex()}${hex()}${hex()}`,
      macAddress: phone ? `${pick(OUIS)}:${hex()}:${hex()}:${hex()}` : null,
      extension: owner ? owner.extension : null,
      extensionSource: owner ? 'owner' : null,
      registration,
      awaitsFirstRegistration: false,
    };
  });
  return JSON.parse(JSON.stringify(devices)) as DeviceListItem[];
}

/** A new list of rows, its making and its garbage kept out of the timing (gc() is there when Chromium runs with --expose-gc). */
function freshList(count: number, seed: number): DeviceListItem[] {
  const devices = realisticDevices(count, seed);
  (globalThis as { gc?: () => void }).gc?.();
  return devices;
}

function timed<T>(work: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = work();
  return { ms: performance.now() - start, value };
}

const query = (devices: readonly DeviceListItem[], patch: Partial<DeviceQuery>) =>
  queryDevices(devices, { ...defaultDeviceQuery, ...patch });

/** The list the last run measured, kept alive so the heap can be read with it in. */
export let lastList: DeviceListItem[] = [];

/** One run; `seed` makes its lists. */
export function run(count: number, seed: number): RunTimes {
  // Typing "front desk 1", one keystroke at a time, as the search box sends it.
  let devices = freshList(count, seed);
  const text = 'front desk 1';
  const searchKeystrokes: number[] = [];
  let shownAfterSearch = 0;
  for (let length = 1; length <= text.length; length++) {
    const keystroke = timed(() => query(devices, { search: text.slice(0, length) }));
    searchKeystrokes.push(keystroke.ms);
    shownAfterSearch = keystroke.value.length;
  }

  const firstSort = {} as Record<DeviceSortKey, number>;
  for (const [i, sort] of SORT_KEYS.entries()) {
    devices = freshList(count, seed + 1 + i);
    firstSort[sort] = timed(() => query(devices, { sort })).ms;
  }

  devices = freshList(count, seed + 100);
  const combined = timed(() =>
    query(devices, {
      search: '80:5e',
      deviceType: 'sip_device',
      enabled: 'enabled',
      registered: 'registered',
      sort: 'ownerName',
      direction: 'descending',
    }),
  );
  // Every column sorted both ways and a search: all the table keeps for a list, for the heap reading.
  for (const sort of SORT_KEYS) for (const direction of ['ascending', 'descending'] as const) query(devices, { sort, direction });
  lastList = devices;
  return { searchKeystrokes, firstSort, filterAndSort: combined.ms, shownAfterSearch, shownAfterFilter: combined.value.length };
}
