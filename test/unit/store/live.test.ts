import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionsOverview } from '../../../common/connections';
import type { Result } from '../../../common/ipc/result';
import {
  countsOf,
  summaryOf,
  type RegistrationAlert,
  type RegistrationChange,
  type RegistrationRow,
  type RegistrationsSnapshot,
  type RegistrationsUpdate,
} from '../../../common/registrations';
import { createConnectionsStore } from '../../../renderer/src/store/createConnectionsStore';
import { createLiveStore, RECENT_MS, type LiveBrowser } from '../../../renderer/src/store/createLiveStore';
import { createNavigationStore } from '../../../renderer/src/store/createNavigationStore';
import { registrationRow } from '../../support/registration-row';
import { failed, fakeAudian, later, ok } from './fakeAudian';

const SITE = 'site-a';
const OTHER_SITE = 'site-b';

const rowOf = (deviceId: string, name: string, registered = false): RegistrationRow =>
  registrationRow(deviceId, name, registered ? 'registered' : 'not_registered');

const snapshotOf = (connectionId: string, rows: RegistrationRow[], batchId: string | null = null): RegistrationsSnapshot => ({
  connectionId,
  batchId,
  rows,
  counts: countsOf(rows),
  summary: summaryOf(countsOf(rows)),
  status: { state: 'ok', message: 'Up to date', nextPollInSeconds: 5 },
  intervalSeconds: 5,
  at: '2025-03-01T09:00:00.000Z',
});

const changeOf = (row: RegistrationRow, kind: RegistrationChange['kind']): RegistrationChange => ({
  deviceId: row.deviceId,
  name: row.name,
  kind,
  from: null,
  to: null,
  at: '2025-03-01T09:00:05.000Z',
});

/** A push of `changes` that leaves `rows` as the whole view. */
const updateOf = (connectionId: string, rows: RegistrationRow[], changes: RegistrationChange[]): RegistrationsUpdate => ({
  connectionId,
  batchId: null,
  changes,
  rows: rows.filter((row) => changes.some((change) => change.deviceId === row.deviceId)),
  counts: countsOf(rows),
  summary: summaryOf(countsOf(rows)),
  states: [],
});

const alertOf = (id: string, kind: RegistrationAlert['kind'] = 'phone_dropped'): RegistrationAlert => ({
  id,
  kind,
  title: `Alert ${id}`,
  body: 'Something happened.',
  at: '2025-03-01T09:00:00.000Z',
  connectionId: SITE,
  batchId: null,
  deviceIds: [],
});

const overviewWith = (activeId: string | null): ConnectionsOverview => ({
  connections: [],
  activeId,
  secretStorage: { persistence: 'keychain' },
  problems: [],
});

/** The window the store would run in: its saved choices, and whether it is hidden. */
function fakeBrowser(saved: Record<string, string> = {}) {
  const storage = new Map(Object.entries(saved));
  let hidden = false;
  const visibilityListeners: Array<() => void> = [];
  const browser: LiveBrowser = {
    storage: { getItem: (key) => storage.get(key) ?? null, setItem: (key, value) => void storage.set(key, value) },
    isHidden: () => hidden,
    onVisibilityChange: (listener) => visibilityListeners.push(listener),
  };
  return {
    browser,
    storage,
    hide(now: boolean) {
      hidden = now;
      for (const listener of visibilityListeners) listener();
    },
  };
}

/** A Live store over a fake main whose active connection is site A, with main's answers for the watch. */
function liveStoreOn(rows: RegistrationRow[], saved: Record<string, string> = {}) {
  const audian = fakeAudian();
  audian.answer('registrations:visibility', () => ok({}));
  audian.answer('registrations:unwatch', () => ok({}));
  audian.answer('registrations:watch', () => ok(snapshotOf(SITE, rows)));
  const connections = createConnectionsStore(audian.api);
  const navigation = createNavigationStore();
  const browserWindow = fakeBrowser(saved);
  const live = createLiveStore(audian.api, { connections, navigation }, browserWindow.browser);
  audian.emit('connections:changed', overviewWith(SITE));
  return { audian, live, navigation, browserWindow };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('live store: the watch', () => {
  it('shows main’s refusal in place of the view, and watches once asked again', async () => {
    const rows = [rowOf('d1', 'Reception')];
    const { audian, live } = liveStoreOn(rows);
    audian.answer('registrations:watch', () => failed('network', 'The server cannot be reached.'));
    await live.getState().start();
    expect(live.getState().watch).toEqual({ status: 'failed', error: { kind: 'network', message: 'The server cannot be reached.' } });
    expect(live.getState().view).toBeNull();

    audian.answer('registrations:watch', () => ok(snapshotOf(SITE, rows)));
    await live.getState().start();
    expect(live.getState().watch.status).toBe('watching');
    expect(live.getState().view?.summary).toBe('0 of 1 registered');
  });

  it('keeps the answer for the batch chosen last when an earlier choice answers late', async () => {
    const { audian, live } = liveStoreOn([]);
    const slow = later<Result<RegistrationsSnapshot>>();
    audian.answer('registrations:watch', ({ batchId }) =>
      batchId === 'floor-1' ? slow.promise : ok(snapshotOf(SITE, [rowOf('d2', 'Workshop')], batchId)),
    );
    const first = live.getState().choose('floor-1');
    await live.getState().choose('floor-2');
    slow.release(ok(snapshotOf(SITE, [rowOf('d1', 'Reception')], 'floor-1')));
    await first;
    expect(live.getState().view).toMatchObject({ batchId: 'floor-2', rows: [{ name: 'Workshop' }] });
  });

  it('tells main when the window is hidden or shown, so it polls slowly meanwhile', async () => {
    const { audian, live, browserWindow } = liveStoreOn([]);
    browserWindow.hide(true);
    expect(live.getState().hidden).toBe(true);
    browserWindow.hide(false);
    expect(audian.asked('registrations:visibility')).toEqual([{ hidden: true }, { hidden: false }]);
  });
});

describe('live store: pushes', () => {
  it('reads the view again when devices of its connection change, at most once more while a read runs', async () => {
    const { audian, live } = liveStoreOn([rowOf('d1', 'Reception')]);
    await live.getState().start();
    const slow = later<Result<RegistrationsSnapshot>>();
    audian.answer('registrations:watch', () => slow.promise);
    audian.emit('devices:changed', { connectionId: OTHER_SITE });
    expect(audian.asked('registrations:watch')).toHaveLength(1);

    audian.emit('devices:changed', { connectionId: SITE });
    audian.emit('devices:changed', { connectionId: SITE });
    audian.emit('devices:changed', { connectionId: SITE });
    await vi.waitFor(() => expect(audian.asked('registrations:watch')).toHaveLength(2));
    const named = snapshotOf(SITE, [rowOf('d1', 'Reception'), rowOf('d2', 'Lab')]);
    audian.answer('registrations:watch', () => ok(named));
    slow.release(ok(named));
    await vi.waitFor(() => expect(audian.asked('registrations:watch')).toHaveLength(3));
    await vi.waitFor(() => expect(live.getState().view?.rows.map((row) => row.name)).toEqual(['Reception', 'Lab']));
    expect(audian.asked('registrations:watch')).toHaveLength(3);
  });

  it('puts a changed row in place, adds a new device in name order, and says who came online or went offline', async () => {
    vi.useFakeTimers();
    const reception = rowOf('d1', 'Reception');
    const workshop = rowOf('d3', 'Workshop', true);
    const { audian, live } = liveStoreOn([reception, workshop]);
    await live.getState().start();

    const receptionUp = { ...reception, state: 'registered' as const, registered: true };
    const billing = rowOf('d2', 'Billing', true);
    const workshopDown = { ...workshop, state: 'not_registered' as const, registered: false };
    audian.emit(
      'registrations:changed',
      updateOf(
        SITE,
        [receptionUp, billing, workshopDown],
        [changeOf(receptionUp, 'online'), changeOf(billing, 'online'), changeOf(workshopDown, 'offline')],
      ),
    );
    const state = live.getState();
    expect(state.view?.rows.map((row) => [row.name, row.state])).toEqual([
      ['Billing', 'registered'],
      ['Reception', 'registered'],
      ['Workshop', 'not_registered'],
    ]);
    expect(state.view?.summary).toBe('2 of 3 registered');
    expect(state.announcement).toBe('2 phones just came online; Workshop just went offline.');
    expect(Object.keys(state.recent).sort()).toEqual(['d1', 'd2', 'd3']);
    expect(state.recent['d3']?.kind).toBe('offline');

    // The highlight fades on its own; a change of IP is news for the list but no highlight or announcement.
    audian.emit('registrations:changed', updateOf(SITE, [receptionUp], [changeOf(receptionUp, 'ip_changed')]));
    expect(live.getState().announcement).toBe('2 phones just came online; Workshop just went offline.');
    vi.advanceTimersByTime(RECENT_MS);
    expect(live.getState().recent).toEqual({});
  });

  it('ignores a push for another connection or batch, and one that changed none of the watched devices', async () => {
    const reception = rowOf('d1', 'Reception');
    const { audian, live } = liveStoreOn([reception]);
    await live.getState().start();
    const before = live.getState().view;
    const up = { ...reception, state: 'registered' as const, registered: true };

    audian.emit('registrations:changed', updateOf(OTHER_SITE, [up], [changeOf(up, 'online')]));
    audian.emit('registrations:changed', { ...updateOf(SITE, [up], [changeOf(up, 'online')]), batchId: 'floor-1' });
    audian.emit('registrations:changed', updateOf(SITE, [up], []));
    expect(live.getState().view).toBe(before);
    expect(live.getState().announcement).toBe('');
  });

  it('shows the poller’s trouble, and reads the whole view again once the server answers', async () => {
    const { audian, live } = liveStoreOn([rowOf('d1', 'Reception')]);
    await live.getState().start();
    const outage = { state: 'backing_off' as const, message: 'Server unreachable, retrying in 20 s', nextPollInSeconds: 20 };
    audian.emit('registrations:status', outage);
    expect(live.getState().view?.status).toEqual(outage);
    expect(audian.asked('registrations:watch')).toHaveLength(1);

    // Meanwhile Reception registered; the first good answer brings it.
    audian.answer('registrations:watch', () => ok(snapshotOf(SITE, [rowOf('d1', 'Reception', true)])));
    audian.emit('registrations:status', { state: 'ok', message: 'Up to date', nextPollInSeconds: 5 });
    await vi.waitFor(() => expect(live.getState().view?.summary).toBe('1 of 1 registered'));
    expect(audian.asked('registrations:watch')).toHaveLength(2);
  });

  it('keeps the newest alerts first, at most four, until dismissed; a clicked notification opens Live', () => {
    const { audian, live, navigation } = liveStoreOn([]);
    for (const id of ['a1', 'a2', 'a3', 'a4', 'a5']) audian.emit('registrations:alert', alertOf(id));
    expect(live.getState().alerts.map((alert) => alert.id)).toEqual(['a5', 'a4', 'a3', 'a2']);
    audian.emit('registrations:alert', { ...alertOf('a3'), title: 'Alert a3, again' });
    expect(live.getState().alerts.map((alert) => alert.title)).toEqual(['Alert a3, again', 'Alert a5', 'Alert a4', 'Alert a2']);
    live.getState().dismissAlert('a5');
    expect(live.getState().alerts.map((alert) => alert.id)).toEqual(['a3', 'a4', 'a2']);

    audian.emit('registrations:alertClicked', alertOf('a3'));
    expect(navigation.getState().section).toBe('live');
  });
});

describe('live store: the connection in use', () => {
  it('starts over with every device of another connection, and ends the watch when none is in use', async () => {
    const { audian, live } = liveStoreOn([rowOf('d1', 'Reception')]);
    await live.getState().choose('floor-1');
    expect(live.getState().view?.connectionId).toBe(SITE);

    audian.answer('registrations:watch', () => ok(snapshotOf(OTHER_SITE, [rowOf('x1', 'Lab')])));
    audian.emit('connections:changed', overviewWith(OTHER_SITE));
    expect(live.getState().batchId).toBeNull();
    await vi.waitFor(() => expect(live.getState().view?.connectionId).toBe(OTHER_SITE));
    expect(audian.asked('registrations:watch').at(-1)).toEqual({ batchId: null, intervalSeconds: 5 });

    audian.emit('connections:changed', overviewWith(null));
    expect(live.getState()).toMatchObject({ watch: { status: 'idle' }, view: null, batchId: null });
    expect(audian.asked('registrations:unwatch')).toEqual([{}]);
  });

  it('leaves an unwatched Live alone when the connection changes', () => {
    const { audian, live } = liveStoreOn([]);
    audian.emit('connections:changed', overviewWith(OTHER_SITE));
    expect(live.getState().watch.status).toBe('idle');
    expect(audian.asked('registrations:watch')).toEqual([]);
  });
});

describe('live store: the technician’s choices', () => {
  it('plays no sound unless turned on, and remembers the choice and the interval for the next start', async () => {
    const { live, browserWindow } = liveStoreOn([]);
    expect(live.getState().sound).toBe(false);
    live.getState().setSound(true);
    await live.getState().setIntervalSeconds(10);
    expect(live.getState()).toMatchObject({ sound: true, intervalSeconds: 10 });

    const next = liveStoreOn([], Object.fromEntries(browserWindow.storage));
    expect(next.live.getState()).toMatchObject({ sound: true, intervalSeconds: 10 });
    next.live.getState().setSound(false);
    expect(next.browserWindow.storage.get('audian.live.sound')).toBe('off');
  });

  it('falls back to the default interval when the saved one is not a choice the page offers', () => {
    const { live } = liveStoreOn([], { 'audian.live.intervalSeconds': '7' });
    expect(live.getState().intervalSeconds).toBe(5);
  });

  it('watches again at a new interval only while watching', async () => {
    const { audian, live } = liveStoreOn([]);
    await live.getState().setIntervalSeconds(2);
    expect(audian.asked('registrations:watch')).toEqual([]);
    await live.getState().start();
    await live.getState().setIntervalSeconds(30);
    expect(audian.asked('registrations:watch').map((input) => input.intervalSeconds)).toEqual([2, 30]);
  });
});
