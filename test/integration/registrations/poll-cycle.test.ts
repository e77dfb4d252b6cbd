import { afterEach, describe, expect, it } from 'vitest';
import type { RegistrationChange } from '../../../common/registrations';
import { KazooClient } from '../../../main/api/client';
import { createLogger } from '../../../main/log';
import { REFRESH_EVERY, RegistrationPoller } from '../../../main/registrations/poller';
import type { DeviceStatusShape } from '../../../main/sandbox/options';
import { startSandbox } from '../../../main/sandbox/server';
import { ManualClock } from '../../support/manual-clock';

const STATUS = 'GET /v2/accounts/:account/devices/status';
const REGISTRATIONS = 'GET /v2/accounts/:account/registrations';
const USER_AGENT = 'Yealink SIP-T46U 108.86.0.45';

const open: Array<{ close(): Promise<void> | void }> = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

/** A poller over real HTTP on a manual clock; `cycle` runs the next cycle and answers its changes and the reads it made. */
async function setup(deviceStatusShape: DeviceStatusShape) {
  const clock = new ManualClock(Math.floor(Date.now() / 1000) * 1000);
  const sb = await startSandbox({ rateLimit: false, demo: true, autoRegister: false, seed: 5, clock, deviceStatusShape });
  open.push(sb);
  const client = new KazooClient({
    baseUrl: sb.url,
    accountId: sb.account.id,
    credentials: { method: 'api_key', apiKey: sb.credentials.apiKey },
    log: createLogger(() => {}),
    rateLimit: null,
  });
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
  return { sb, poller, username, idOf, reads, cycle };
}

describe.each<DeviceStatusShape>(['registered', 'status'])('poll cycle, /devices/status in the %s shape', (shape) => {
  it(`reads /devices/status every cycle and the whole /registrations once every ${REFRESH_EVERY} while nothing comes or goes`, async () => {
    const { sb, poller, username, idOf, reads, cycle } = await setup(shape);
    // The first cycle reads everything.
    expect(reads()).toEqual({ status: 1, registrations: 1 });
    expect(poller.row(idOf(1))).toMatchObject({ state: 'registered', ip: '198.51.100.11' });

    const perCycle = [];
    for (let i = 0; i < 3 * REFRESH_EVERY; i++) {
      // Phones renew, from a new address even: details, not a coming or going.
      sb.phones.register(username(i % 3), { source_ip: `198.51.100.${100 + i}`, user_agent: USER_AGENT });
      perCycle.push(await cycle());
    }
    expect(perCycle.every(({ reads: made }) => made.status === 1)).toBe(true);
    const detailCycles = perCycle.flatMap(({ reads: made }, i) => (made.registrations === 1 ? [i + 1] : []));
    expect(detailCycles).toEqual([REFRESH_EVERY, 2 * REFRESH_EVERY, 3 * REFRESH_EVERY]);
    // Each read of the details reports the address the phones moved to since the one before.
    expect(perCycle[REFRESH_EVERY - 1]?.changes.map((change) => change.kind)).toEqual(['ip_changed', 'ip_changed', 'ip_changed']);
    expect(perCycle.flatMap(({ changes }) => changes).every((change) => change.kind === 'ip_changed')).toBe(true);
    expect(poller.row(idOf(2))).toMatchObject({ state: 'registered', ip: `198.51.100.${100 + 3 * REFRESH_EVERY - 1}` });
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
});
