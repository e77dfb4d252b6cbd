import { describe, expect, it } from 'vitest';
import { countsOf } from '../../../common/registrations';
import type { Registration } from '../../../main/api/registrations';
import { RegistrationTracker, type TrackedDevice } from '../../../main/registrations/tracker';

const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);
const GREGORIAN = (ms: number) => Math.floor(ms / 1000) + 62_167_219_200;

const device = (id: string, name: string, enabled = true): TrackedDevice => ({
  id,
  name,
  enabled,
  ownerName: null,
  extension: null,
  macAddress: null,
});

const contact = (deviceId: string, sourceIp: string, at: number): Registration => ({
  deviceId,
  username: deviceId,
  userAgent: 'Yealink SIP-T46U 108.86.0.45',
  sourceIp,
  expires: 300,
  eventTimestamp: GREGORIAN(at),
  firstRegistration: null,
});

const devices = [device('a', 'Desk 10'), device('b', 'Desk 2'), device('c', 'Lobby', false), device('d', 'attic')];

describe('registration tracker', () => {
  it('takes the newest of several contacts, and counts a device only /devices/status reports as registered', () => {
    const tracker = new RegistrationTracker();
    const baseline = tracker.update({ devices, registeredIds: new Set(), registrations: [], now: T0 });
    expect(baseline).toEqual([]);

    const changes = tracker.update({
      devices: null,
      registeredIds: new Set(['a', 'b']),
      registrations: [contact('a', '198.51.100.2', T0 + 2_000), contact('a', '198.51.100.1', T0 + 1_000)],
      now: T0 + 5_000,
    });
    expect(changes.map((change) => [change.deviceId, change.kind])).toEqual([
      ['a', 'online'],
      ['b', 'online'],
    ]);
    expect(tracker.row('a', T0 + 5_000)).toMatchObject({ ip: '198.51.100.2', lastSeen: new Date(T0 + 2_000).toISOString() });
    expect(tracker.row('b', T0 + 5_000)).toMatchObject({
      state: 'registered',
      ip: null,
      firstRegistration: new Date(T0 + 5_000).toISOString(),
    });

    // The same contacts in the other order: nothing changed.
    expect(
      tracker.update({
        devices: null,
        registeredIds: new Set(['a', 'b']),
        registrations: [contact('a', '198.51.100.1', T0 + 1_000), contact('a', '198.51.100.2', T0 + 2_000)],
        now: T0 + 10_000,
      }),
    ).toEqual([]);
  });

  it('keeps the details last read between reads, and fills in quietly a device registered before its contact was read', () => {
    const tracker = new RegistrationTracker();
    tracker.update({ devices, registeredIds: new Set(['a']), registrations: [contact('a', '198.51.100.2', T0)], now: T0 });
    // Not read this cycle: `a` keeps its address; `b`, registered in the status only, is up with nothing known yet.
    expect(tracker.update({ devices: null, registeredIds: new Set(['a', 'b']), registrations: null, now: T0 + 5_000 })).toEqual([
      expect.objectContaining({ deviceId: 'b', kind: 'online' }),
    ]);
    expect(tracker.row('a', T0 + 5_000)).toMatchObject({ state: 'registered', ip: '198.51.100.2', secondsToExpiry: 295 });
    expect(tracker.row('b', T0 + 5_000)).toMatchObject({
      state: 'registered',
      ip: null,
      userAgent: null,
      lastSeen: null,
      expiresSeconds: null,
      stale: false,
    });

    // The next read names `b`: its details arrive without a change of address or user agent to report.
    const read = [contact('a', '198.51.100.2', T0), contact('b', '198.51.100.3', T0 + 6_000)];
    expect(tracker.update({ devices: null, registeredIds: new Set(['a', 'b']), registrations: read, now: T0 + 10_000 })).toEqual([]);
    expect(tracker.row('b', T0 + 10_000)).toMatchObject({
      ip: '198.51.100.3',
      userAgent: 'Yealink SIP-T46U 108.86.0.45',
      expiresSeconds: 300,
      lastSeen: new Date(T0 + 6_000).toISOString(),
    });

    // The status alone says `a` went: offline at once, its last details kept for the row.
    expect(tracker.update({ devices: null, registeredIds: new Set(['b']), registrations: null, now: T0 + 15_000 })).toEqual([
      expect.objectContaining({ deviceId: 'a', kind: 'offline' }),
    ]);
    expect(tracker.row('a', T0 + 15_000)).toMatchObject({ state: 'not_registered', ip: '198.51.100.2', expiresSeconds: null });
  });

  it('leaves the expiry unknown once it passes while the status still calls the phone registered, and shows a stale contact as expired', () => {
    const tracker = new RegistrationTracker();
    tracker.update({ devices, registeredIds: new Set(['a']), registrations: [contact('a', '198.51.100.2', T0)], now: T0 });
    expect(tracker.row('a', T0 + 299_000)).toMatchObject({ secondsToExpiry: 1, expiresAt: new Date(T0 + 300_000).toISOString() });
    // Registered past the expiry last read: the phone renewed, and when it next expires is not known until a read.
    tracker.update({ devices: null, registeredIds: new Set(['a']), registrations: null, now: T0 + 305_000 });
    expect(tracker.row('a', T0 + 305_000)).toMatchObject({
      state: 'registered',
      stale: false,
      expiresSeconds: 300,
      expiresAt: null,
      secondsToExpiry: null,
    });
    // A read that still finds the old contact: it expired without a renewal, and the row says since when.
    expect(
      tracker.update({
        devices: null,
        registeredIds: new Set(['a']),
        registrations: [contact('a', '198.51.100.2', T0)],
        now: T0 + 320_000,
      }),
    ).toEqual([expect.objectContaining({ deviceId: 'a', kind: 'stale' })]);
    expect(tracker.row('a', T0 + 325_000)).toMatchObject({
      stale: true,
      expiresAt: new Date(T0 + 300_000).toISOString(),
      secondsToExpiry: -25,
    });
  });

  it("says disabled where the server's status does, even for a device whose document is enabled, and back when it stops", () => {
    const tracker = new RegistrationTracker();
    tracker.update({ devices, registeredIds: new Set(['a']), disabledIds: new Set(['b']), registrations: [], now: T0 });
    const stateOf = () => new Map([...tracker.states()].map(([id, { state }]) => [id, state]));
    expect(stateOf()).toEqual(
      new Map([
        ['a', 'registered'],
        ['b', 'disabled'],
        ['c', 'disabled'],
        ['d', 'not_registered'],
      ]),
    );
    tracker.update({ devices: null, registeredIds: new Set(['a']), registrations: [], now: T0 + 5_000 });
    expect(stateOf().get('b')).toBe('not_registered');
  });

  it('tells a phone never seen registered (awaiting its first registration) from one that registered and dropped', () => {
    const tracker = new RegistrationTracker();
    tracker.update({ devices, registeredIds: new Set(['a']), registrations: [contact('a', '198.51.100.1', T0)], now: T0 });
    expect(tracker.states().get('a')).toEqual({ state: 'registered', awaitsFirst: false });
    expect(tracker.states().get('d')).toEqual({ state: 'not_registered', awaitsFirst: true });
    tracker.update({ devices: null, registeredIds: new Set(), registrations: [], now: T0 + 5_000 });
    expect(tracker.states().get('a')).toEqual({ state: 'not_registered', awaitsFirst: false });
  });

  it('answers rows in name order, counts without rows, and forgets a device that left the account once it is offline', () => {
    const tracker = new RegistrationTracker();
    tracker.update({ devices, registeredIds: new Set(), registrations: [], now: T0 });
    tracker.update({ devices: null, registeredIds: new Set(['x']), registrations: [contact('x', '198.51.100.9', T0)], now: T0 + 5_000 });

    const rows = tracker.rows(T0 + 5_000);
    expect(rows.map((row) => row.name)).toEqual([...rows.map((row) => row.name)].sort((a, b) => a.localeCompare(b)));
    expect(tracker.counts()).toEqual(countsOf(rows));
    expect(tracker.counts()).toEqual({ total: 5, registered: 1, notRegistered: 3, disabled: 1 });
    expect(tracker.row('x', T0 + 5_000)).toMatchObject({ name: 'x', known: true, state: 'registered' });

    tracker.update({
      devices: devices.slice(0, 3),
      registeredIds: new Set(['x']),
      registrations: [contact('x', '198.51.100.9', T0)],
      now: T0 + 10_000,
    });
    expect(tracker.row('d', T0 + 10_000)).toBeNull();
    expect(tracker.row('x', T0 + 10_000)?.known).toBe(true);
    const offline = tracker.update({ devices: devices.slice(0, 3), registeredIds: new Set(), registrations: [], now: T0 + 15_000 });
    expect(offline.map((change) => [change.deviceId, change.kind])).toEqual([['x', 'offline']]);
    tracker.update({ devices: devices.slice(0, 3), registeredIds: new Set(), registrations: [], now: T0 + 20_000 });
    expect(tracker.row('x', T0 + 20_000)).toBeNull();
    expect(tracker.rows(T0 + 20_000).map((row) => row.deviceId)).toEqual(['a', 'b', 'c']);
  });

  it('shows each device’s extension and MAC, and counts the lists that differ from the one before', () => {
    const tracker = new RegistrationTracker();
    const labelled = { ...device('a', 'Desk 10'), extension: '2010', macAddress: '00:15:65:aa:00:10' };
    tracker.update({ devices: [labelled], registeredIds: new Set(), registrations: [], now: T0 });
    expect(tracker.listRevision).toBe(1);
    expect(tracker.row('a', T0)).toMatchObject({ extension: '2010', macAddress: '00:15:65:aa:00:10', firstRegistration: null });

    tracker.update({ devices: [{ ...labelled }], registeredIds: new Set(), registrations: [], now: T0 + 5_000 });
    tracker.update({ devices: null, registeredIds: new Set(['a']), registrations: [], now: T0 + 10_000 });
    expect(tracker.listRevision).toBe(1);

    tracker.update({ devices: [{ ...labelled, extension: '2011' }], registeredIds: new Set(['a']), registrations: [], now: T0 + 15_000 });
    expect(tracker.listRevision).toBe(2);
    expect(tracker.row('a', T0 + 15_000)).toMatchObject({ extension: '2011', state: 'registered' });
    tracker.update({ devices: [], registeredIds: new Set(), registrations: [], now: T0 + 20_000 });
    expect(tracker.listRevision).toBe(3);
  });
});
