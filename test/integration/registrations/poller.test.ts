import { afterEach, describe, expect, it } from 'vitest';
import { createDevice } from '../../../main/api/devices';
import type { RegistrationChange } from '../../../common/registrations';
import { LIST_READ_GAP_MS, POLL_INTERVAL_MS, REFRESH_MS, RegistrationPoller, type PollerEvent } from '../../../main/registrations/poller';
import { ManualClock } from '../../support/manual-clock';
import { sandboxClient } from '../../support/sandbox-client';
import { startSandbox, type Sandbox } from '../../../main/sandbox/server';
import { deleteDocument } from '../../../main/api/documents';

/** The cycles between periodic reads of the details at the default interval. */
const REFRESH_CYCLES = REFRESH_MS / POLL_INTERVAL_MS;

const open: Array<{ close(): Promise<void> | void }> = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

async function setup() {
  // On a whole second, as KAZOO's timestamps are: expiry countdowns then come out exact.
  const clock = new ManualClock(Math.floor(Date.now() / 1000) * 1000);
  const sb: Sandbox = await startSandbox({ rateLimit: false, demo: true, autoRegister: false, seed: 3, clock });
  open.push(sb);
  const client = sandboxClient(sb);
  open.push(client);
  const poller = new RegistrationPoller(client, clock);
  const events: PollerEvent[] = [];
  open.push({ close: poller.subscribe((event) => events.push(event)) });
  await poller.settled();
  const phones = sb.state.devices().filter((d) => d['device_type'] === 'sip_device' && d['enabled'] !== false);
  const username = (i: number) => String((phones[i]?.['sip'] as { username: string }).username);
  const step = async () => {
    events.length = 0;
    await clock.step();
    await poller.settled();
    return events.flatMap((event) => (event.type === 'cycle' ? event.changes : []));
  };
  const registrationReads = () => sb.state.stats().byRoute['GET /v2/accounts/:account/registrations'] ?? 0;
  /** Cycles until one reads the whole `/registrations` again, at most `REFRESH_CYCLES`: their changes, and how many it took. */
  const untilDetailsRead = async () => {
    const before = registrationReads();
    const changes: RegistrationChange[] = [];
    let cycles = 0;
    while (registrationReads() === before && cycles < REFRESH_CYCLES) {
      changes.push(...(await step()));
      cycles += 1;
    }
    expect(registrationReads()).toBe(before + 1);
    return { changes, cycles };
  };
  return { sb, client, clock, poller, events, phones, username, step, untilDetailsRead };
}

describe('registration poller', () => {
  it('reports phones coming online and going offline in the next cycle, and a change of IP when the details are read again', async () => {
    const { sb, poller, phones, username, step, untilDetailsRead } = await setup();
    expect(poller.hasData).toBe(true);
    expect(poller.rows().every((row) => row.state !== 'registered')).toBe(true);

    sb.phones.register(username(0), { source_ip: '198.51.100.7', user_agent: 'Yealink SIP-T46U 108.86.0.45' });
    const before = sb.state.stats().requests;
    const online = await step();
    expect(sb.state.stats().requests - before).toBe(2);
    expect(online).toEqual([expect.objectContaining({ deviceId: phones[0]?._id, kind: 'online' })]);
    expect(poller.row(String(phones[0]?._id))).toMatchObject({ state: 'registered', ip: '198.51.100.7', stale: false });

    sb.phones.register(username(0), { source_ip: '198.51.100.8', user_agent: 'Yealink SIP-T46U 108.86.0.50' });
    const { changes: moved } = await untilDetailsRead();
    expect(moved.map((c) => [c.kind, c.to])).toEqual([
      ['ip_changed', '198.51.100.8'],
      ['user_agent_changed', 'Yealink SIP-T46U 108.86.0.50'],
    ]);

    sb.phones.unregister(username(0));
    expect(await step()).toEqual([expect.objectContaining({ kind: 'offline' })]);
    expect(poller.row(String(phones[0]?._id))?.state).toBe('not_registered');
  });

  it('flags a phone that comes and goes three times in five minutes, and a registration that lapsed', async () => {
    const { sb, poller, phones, username, step, clock } = await setup();
    const id = String(phones[1]?._id);
    for (let i = 0; i < 3; i++) {
      if (i % 2 === 0) sb.phones.register(username(1), { expires: 60 });
      else sb.phones.unregister(username(1));
      await step();
    }
    expect(poller.row(id)).toMatchObject({ registered: true, flapping: true, stale: false });
    // No renewal for longer than the interval: the registrar still lists it, but it lapsed.
    const stale = [];
    for (let i = 0; i < 61; i++) stale.push(...(await step()));
    expect(stale.map((c) => c.kind)).toEqual(['stale']);
    expect(poller.row(id)).toMatchObject({ stale: true, flapping: false });
    expect(clock.nextIn()).toBe(5000);
  });

  it('clears a lapsed registration quietly when the phone renews it', async () => {
    const { sb, poller, phones, username, step, untilDetailsRead } = await setup();
    const id = String(phones[2]?._id);
    const phone = { expires: 30, source_ip: '198.51.100.20', user_agent: 'Yealink SIP-T54W 96.86.0.100' };
    sb.phones.register(username(2), phone);
    await step();
    // Thirty seconds without a renewal: the next read of the details finds it lapsed.
    const { changes: lapsed } = await untilDetailsRead();
    expect(lapsed.map((c) => c.kind)).toEqual(['stale']);
    expect(poller.row(id)).toMatchObject({ stale: true, registered: true });
    const lastSeen = poller.row(id)?.lastSeen;

    // That was the periodic read: the next one is `REFRESH_CYCLES` cycles on. The phone renews just before it.
    for (let i = 1; i < REFRESH_CYCLES; i++) expect(await step()).toEqual([]);
    sb.phones.register(username(2), phone);
    const renewed = await untilDetailsRead();
    expect(renewed).toEqual({ changes: [], cycles: 1 });
    expect(poller.row(id)).toMatchObject({ stale: false, registered: true, ip: '198.51.100.20' });
    expect(poller.row(id)?.lastSeen).not.toBe(lastSeen);
    // Renewed just before the cycle, which ran 5 s later.
    expect(poller.row(id)?.secondsToExpiry).toBe(25);
  });

  it('lists every device in name order and forgets a deleted one once the list is fetched again', async () => {
    const { client, poller, phones, step } = await setup();
    const names = poller.rows().map((row) => row.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    expect(poller.rows().length).toBe(poller.tracker.size);

    const gone = String(phones[3]?._id);
    expect((await deleteDocument(client, 'devices', gone)).ok).toBe(true);
    await step();
    expect(poller.row(gone)).not.toBeNull();
    poller.devicesChanged();
    expect(await step()).toEqual([]);
    expect(poller.row(gone)).toBeNull();
    expect(poller.rows().map((row) => row.deviceId)).not.toContain(gone);
  });

  it('reads the list at once when a phone registers under a device it does not know, once, and says the list changed', async () => {
    const { sb, client, poller, events, step } = await setup();
    // Made by another tool: the poller's list does not have it.
    const made = await createDevice(client, {
      name: 'Made elsewhere',
      mac_address: '001565cd0909',
      sip: { username: 'elsewhere_1', password: 'Elsewhere12345' },
    });
    if (!made.ok) throw new Error(made.error.message);
    const id = made.value.device.id;
    expect(await step()).toEqual([]);
    expect(events).toContainEqual(expect.objectContaining({ type: 'cycle', listChanged: false }));

    sb.phones.register('elsewhere_1');
    const before = sb.state.stats().requests;
    expect(await step()).toEqual([expect.objectContaining({ deviceId: id, name: 'Made elsewhere', kind: 'online' })]);
    expect(sb.state.stats().requests - before).toBe(3);
    expect(events).toContainEqual(expect.objectContaining({ type: 'cycle', listChanged: true }));
    expect(poller.row(id)).toMatchObject({ name: 'Made elsewhere', macAddress: '00:15:65:cd:09:09', known: true });

    // Deleted while still registered: the list is not read again on every cycle for it, only the status.
    expect((await deleteDocument(client, 'devices', id)).ok).toBe(true);
    poller.devicesChanged();
    await step();
    const after = sb.state.stats().requests;
    await step();
    expect(sb.state.stats().requests - after).toBe(1);
  });

  it('starts the next cycle at once when told the devices changed, at most one list read per gap, and waits after one that failed', async () => {
    const { sb, clock, poller, step } = await setup();
    expect(clock.nextIn()).toBe(5000);
    // The list was read just now, at the start: the next read waits out the gap.
    poller.devicesChanged();
    expect(clock.nextIn()).toBe(LIST_READ_GAP_MS);
    const before = sb.state.stats().requests;
    await step();
    // The list and the status; no phone came or went, so not the registrations.
    expect(sb.state.stats().requests - before).toBe(2);
    await step();
    poller.devicesChanged();
    expect(clock.nextIn()).toBe(0);
    await step();
    sb.configure({ faults: { unavailable: 1, reset: 0, lost: 0 } });
    await step();
    poller.devicesChanged();
    expect(clock.nextIn()).toBe(10_000);
  });

  it('backs off while the server fails and recovers when it answers', async () => {
    const { sb, poller, events, clock, step } = await setup();
    sb.configure({ faults: { unavailable: 1, reset: 0, lost: 0 } });
    await step();
    expect(poller.status).toMatchObject({ state: 'backing_off', message: 'Server unreachable, retrying in 10 s', nextPollInSeconds: 10 });
    await step();
    expect(poller.status.nextPollInSeconds).toBe(20);
    expect(clock.nextIn()).toBe(20_000);
    sb.configure({ faults: { unavailable: 0, reset: 0, lost: 0 } });
    await step();
    expect(events).toContainEqual({ type: 'status', status: expect.objectContaining({ state: 'ok', nextPollInSeconds: 5 }) });
    poller.setVisibility(true);
    await step();
    expect(poller.status.nextPollInSeconds).toBe(30);
  });
});
