import { afterEach, describe, expect, it } from 'vitest';
import type { RegistrationChange } from '../../../common/registrations';
import { deleteDocument, patchDocument } from '../../../main/api/documents';
import { POLL_INTERVAL_MS, REFRESH_MS, RegistrationPoller } from '../../../main/registrations/poller';
import type { DeviceStatusShape } from '../../../main/sandbox/options';
import { sandboxClient } from '../../support/sandbox-client';
import { startSandbox } from '../../../main/sandbox/server';
import { ManualClock } from '../../support/manual-clock';

/** The cycles between periodic reads of the details at the default interval. */
const REFRESH_CYCLES = REFRESH_MS / POLL_INTERVAL_MS;

const STATUS = 'GET /v2/accounts/:account/devices/status';
const REGISTRATIONS = 'GET /v2/accounts/:account/registrations';
const USER_AGENT = 'Yealink SIP-T46U 108.86.0.45';

const open: Array<{ close(): Promise<void> | void }> = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

/** A poller over real HTTP on a manual clock; `cycle` runs the next cycle and answers its changes and the reads it made. */
async function setup(deviceStatusShape: DeviceStatusShape, contactsOutliveDevices = false) {
  const clock = new ManualClock(Math.floor(Date.now() / 1000) * 1000);
  const sb = await startSandbox({
    rateLimit: false,
    demo: true,
    autoRegister: false,
    seed: 5,
    clock,
    deviceStatusShape,
    contactsOutliveDevices,
  });
  open.push(sb);
  const client = sandboxClient(sb);
  open.push(client);
  const phones = sb.state.devices().filter((doc) => doc['device_type'] === 'sip_device' && doc['enabled'] !== false);
  const username = (i: number) => String((phones[i]?.['sip'] as { username: string }).username);
  const idOf = (i: number) => String(phones[i]?._id);
  // Some phones up before the watch starts.
  for (const i of [0, 1, 2]) sb.phones.register(username(i), { source_ip: `198.51.100.${10 + i}`, user_agent: USER_AGENT });

  const poller = new RegistrationPoller(client, clock);
  const changes: RegistrationChange[] = [];
  open.push({ close: poller.subscribe((event) => event.type === 'cycle' && changes.push(...event.changes)) });
  await poller.settled();
  const reads = () => {
    const { byRoute } = sb.state.stats();
    return { status: byRoute[STATUS] ?? 0, registrations: byRoute[REGISTRATIONS] ?? 0 };
  };
  const cycle = async () => {
    const before = reads();
    const from = changes.length;
    await clock.step();
    await poller.settled();
    const after = reads();
    return {
      changes: changes.slice(from),
      reads: { status: after.status - before.status, registrations: after.registrations - before.registrations },
    };
  };
  return { sb, client, clock, poller, username, idOf, reads, cycle };
}

describe.each<DeviceStatusShape>(['registered', 'status'])('poll cycle, /devices/status in the %s shape', (shape) => {
  it(`reads /devices/status every cycle and the whole /registrations once every ${REFRESH_CYCLES} while nothing comes or goes`, async () => {
    const { sb, poller, username, idOf, reads, cycle } = await setup(shape);
    // The first cycle reads everything.
    expect(reads()).toEqual({ status: 1, registrations: 1 });
    expect(poller.row(idOf(1))).toMatchObject({ state: 'registered', ip: '198.51.100.11' });

    const perCycle = [];
    for (let i = 0; i < 3 * REFRESH_CYCLES; i++) {
      // Phones renew, from a new address even: details, not a coming or going.
      sb.phones.register(username(i % 3), { source_ip: `198.51.100.${100 + i}`, user_agent: USER_AGENT });
      perCycle.push(await cycle());
    }
    expect(perCycle.every(({ reads: made }) => made.status === 1)).toBe(true);
    const detailCycles = perCycle.flatMap(({ reads: made }, i) => (made.registrations === 1 ? [i + 1] : []));
    expect(detailCycles).toEqual([REFRESH_CYCLES, 2 * REFRESH_CYCLES, 3 * REFRESH_CYCLES]);
    // Each read of the details reports the address the phones moved to since the one before.
    expect(perCycle[REFRESH_CYCLES - 1]?.changes.map((change) => change.kind)).toEqual(['ip_changed', 'ip_changed', 'ip_changed']);
    expect(perCycle.flatMap(({ changes }) => changes).every((change) => change.kind === 'ip_changed')).toBe(true);
    expect(poller.row(idOf(2))).toMatchObject({ state: 'registered', ip: `198.51.100.${100 + 3 * REFRESH_CYCLES - 1}` });
  });

  it('shows a phone that registers in the very next cycle with its details, and one that unregisters', async () => {
    const { sb, poller, username, idOf, cycle } = await setup(shape);
    await cycle();

    sb.phones.register(username(4), { source_ip: '198.51.100.44', user_agent: 'Yealink SIP-T54W 96.86.0.100', expires: 120 });
    const up = await cycle();
    expect(up.reads).toEqual({ status: 1, registrations: 1 });
    expect(up.changes).toEqual([expect.objectContaining({ deviceId: idOf(4), kind: 'online' })]);
    expect(poller.row(idOf(4))).toMatchObject({
      state: 'registered',
      ip: '198.51.100.44',
      userAgent: 'Yealink SIP-T54W 96.86.0.100',
      expiresSeconds: 120,
      stale: false,
    });
    // Nothing came or went since that read: the status alone.
    expect((await cycle()).reads).toEqual({ status: 1, registrations: 0 });

    sb.phones.unregister(username(0));
    const down = await cycle();
    expect(down.reads).toEqual({ status: 1, registrations: 1 });
    expect(down.changes).toEqual([expect.objectContaining({ deviceId: idOf(0), kind: 'offline' })]);
    expect(poller.row(idOf(0))).toMatchObject({ state: 'not_registered', expiresSeconds: null });

    // One goes and another comes in the same cycle: the count is the same, the set is not.
    sb.phones.unregister(username(1));
    sb.phones.register(username(3), { source_ip: '198.51.100.33' });
    const swapped = await cycle();
    expect(swapped.reads).toEqual({ status: 1, registrations: 1 });
    expect(swapped.changes.map((change) => [change.deviceId, change.kind]).sort()).toEqual(
      [
        [idOf(1), 'offline'],
        [idOf(3), 'online'],
      ].sort(),
    );
    expect(poller.row(idOf(3))).toMatchObject({ state: 'registered', ip: '198.51.100.33' });
  });

  it('never counts a renewing phone as expired between reads of the details, and reads them every REFRESH_MS when hidden too', async () => {
    const { sb, clock, poller, username, idOf, cycle } = await setup(shape);
    // A 60 s registration the phone renews every 30 s, polled every 5 s: the details go 120 s unread.
    const renew = () => sb.phones.register(username(4), { source_ip: '198.51.100.44', user_agent: USER_AGENT, expires: 60 });
    renew();
    let renewedAt = clock.now();
    const seen: Array<number | null> = [];
    for (let i = 0; i < 3 * REFRESH_CYCLES; i++) {
      if (clock.now() - renewedAt >= 30_000) {
        renew();
        renewedAt = clock.now();
      }
      await cycle();
      const row = poller.row(idOf(4));
      expect(row).toMatchObject({ state: 'registered', stale: false });
      seen.push(row?.secondsToExpiry ?? null);
      // The Expires column and the countdown agree: both known, or both unknown.
      expect(row?.expiresAt === null).toBe(row?.secondsToExpiry === null);
    }
    expect(seen.filter((left) => left !== null && left < 0)).toEqual([]);
    // Right after each read the countdown is known, and true.
    expect(seen.filter((left) => left !== null).length).toBeGreaterThanOrEqual(3);
    expect(seen.every((left) => left === null || left <= 60)).toBe(true);

    // A hidden window polls every 30 s; the details still come at most REFRESH_MS after the last read.
    poller.setVisibility(true);
    const hidden = [];
    for (let i = 0; i < 2 * (REFRESH_MS / 30_000); i++) hidden.push((await cycle()).reads.registrations);
    expect(clock.nextIn()).toBe(30_000);
    const gaps = hidden.flatMap((read, i) => (read === 1 ? [i] : []));
    expect(gaps.length).toBeGreaterThanOrEqual(2);
    expect(gaps[1]! - gaps[0]!).toBe(REFRESH_MS / 30_000);
  });
});

describe('poll cycle, /devices/status in the status shape (Audian: live devices only, each with a word)', () => {
  it('keeps a deleted or disabled device whose phone keeps its contact registered across steady cycles and a refresh', async () => {
    const { client, poller, idOf, cycle } = await setup('status', true);
    await cycle();
    expect(await deleteDocument(client, 'devices', idOf(0))).toMatchObject({ ok: true });
    expect(await patchDocument(client, 'devices', idOf(1), { enabled: false })).toMatchObject({ ok: true });
    poller.devicesChanged();

    const cycles = [];
    for (let i = 0; i < REFRESH_CYCLES + 2; i++) cycles.push(await cycle());
    // The status left one out and called the other disabled: the set changed, the details read once.
    expect(cycles[0]?.reads).toEqual({ status: 1, registrations: 1 });
    const detailReads = cycles.flatMap(({ reads: made }, i) => (made.registrations === 1 ? [i] : []));
    expect(detailReads).toEqual([0, REFRESH_CYCLES]);
    // Still registered all along: no false "went offline", no flapping.
    expect(cycles.flatMap(({ changes }) => changes).filter((change) => change.kind === 'online' || change.kind === 'offline')).toEqual([]);
    expect(poller.lists(idOf(0))).toBe(false);
    expect(poller.row(idOf(0))).toMatchObject({ registered: true, flapping: false });
    expect(poller.row(idOf(1))).toMatchObject({ registered: true, state: 'disabled', flapping: false });
    expect(poller.row(idOf(2))).toMatchObject({ state: 'registered' });
  });
});
