import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RegistrationChange } from '../../../common/registrations';
import { KazooClient, type ClientOptions } from '../../../main/api/client';
import { listDevices } from '../../../main/api/devices';
import { ManualClock } from '../../support/manual-clock';
import { RegistrationPoller, type PollerEvent } from '../../../main/registrations/poller';
import { sandboxClient } from '../../support/sandbox-client';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../main/sandbox/server';

const open: Array<{ close(): Promise<void> | void }> = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

function clientFor(sb: Sandbox, options: Partial<ClientOptions> = {}): KazooClient {
  const client = sandboxClient(sb, options);
  open.push(client);
  return client;
}

/** A poller on a manual clock that records every event; `step` runs the next cycle and answers its changes. */
function watch(client: KazooClient, clock: ManualClock) {
  const poller = new RegistrationPoller(client, clock);
  const events: PollerEvent[] = [];
  open.push({ close: poller.subscribe((event) => events.push(event)) });
  const changes = () => events.flatMap((event) => (event.type === 'cycle' ? event.changes : []));
  const step = async (): Promise<RegistrationChange[]> => {
    const before = changes().length;
    await clock.step();
    await poller.settled();
    return changes().slice(before);
  };
  return { poller, events, changes, step };
}

const phoneUsernames = (sb: Sandbox): string[] =>
  sb.state
    .devices()
    .filter((doc) => doc['device_type'] === 'sip_device' && doc['enabled'] !== false)
    .map((doc) => String((doc['sip'] as { username: string }).username));

describe('registration poller against a server that goes away', () => {
  it('backs off while the sandbox is stopped and, restarted on the same port, reports what changed meanwhile exactly once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'poller-restart-'));
    open.push({ close: () => rm(dir, { recursive: true, force: true }) });
    const clock = new ManualClock(Date.now());
    const options: SandboxOptions = {
      rateLimit: false,
      demo: true,
      autoRegister: false,
      seed: 5,
      dataFile: join(dir, 'sandbox.json'),
      clock,
    };
    const first = await startSandbox(options);
    open.push(first);
    const [kept, lost, added] = phoneUsernames(first);
    if (!kept || !lost || !added) throw new Error('the demo site has fewer than three phones');
    const phone = (n: number) => ({ source_ip: `198.51.100.${n}`, user_agent: 'Yealink SIP-T46U 108.86.0.45' });
    first.phones.register(kept, phone(1));
    first.phones.register(lost, phone(2));
    const idOf = (username: string) => first.state.devices().find((doc) => (doc['sip'] as { username: string }).username === username)?._id;

    const { poller, events, changes, step } = watch(clientFor(first), clock);
    await poller.settled();
    expect(poller.row(String(idOf(lost)))?.state).toBe('registered');

    const sinceStop = events.length;
    await first.close();
    const waits: Array<number | null> = [];
    for (let i = 0; i < 3; i++) {
      await step();
      expect(poller.status.state).toBe('backing_off');
      waits.push(poller.status.nextPollInSeconds);
    }
    expect(waits).toEqual([10, 20, 40]);
    expect(poller.status.message).toBe('Server unreachable, retrying in 40 s');
    expect(clock.nextIn()).toBe(40_000);
    // While nobody answers, nothing is claimed about the phones: no change, and the last rows stay.
    expect(changes()).toEqual([]);
    expect(poller.row(String(idOf(kept)))?.state).toBe('registered');

    // Registrations do not survive a restart: the phones register again, all but one, and one more joins.
    const second = await startSandbox({ ...options, port: Number(new URL(first.url).port) });
    open.push(second);
    expect(second.account.id).toBe(first.account.id);
    second.phones.register(kept, phone(1));
    second.phones.register(added, phone(3));

    const recovered = await step();
    expect(poller.status).toMatchObject({ state: 'ok', message: `Watching ${poller.tracker.size} devices.`, nextPollInSeconds: 5 });
    const states = events.slice(sinceStop).flatMap((event) => (event.type === 'status' ? [event.status.state] : []));
    expect(states).toEqual(['backing_off', 'backing_off', 'backing_off', 'ok']);
    const summary = (list: RegistrationChange[]) => list.map((change) => `${change.kind} ${change.deviceId}`).sort();
    expect(summary(recovered)).toEqual(
      summary([
        { deviceId: String(idOf(lost)), kind: 'offline' },
        { deviceId: String(idOf(added)), kind: 'online' },
      ] as RegistrationChange[]),
    );
    expect(await step()).toEqual([]);
    expect(summary(changes())).toEqual(summary(recovered));
  });

  it('shows a phone that came up when only its details meet a 429, reads them the next cycle, and backs off when the status meets 429s too', async () => {
    const clock = new ManualClock(Date.now());
    const sb = await startSandbox({ rateLimit: false, demo: true, autoRegister: false, seed: 3, clock });
    open.push(sb);
    const { poller, step } = watch(clientFor(sb), clock);
    await poller.settled();
    const registrationReads = () => sb.state.stats().byRoute['GET /v2/accounts/:account/registrations'] ?? 0;

    // A phone comes up, so the cycle reads the status and then the registrations. A bucket that never
    // refills on this clock: the status passes, the registrations meet 429s.
    const username = phoneUsernames(sb)[0] as string;
    const id = String(sb.state.devices().find((doc) => (doc['sip'] as { username: string }).username === username)?._id);
    sb.phones.register(username, { source_ip: '198.51.100.7' });
    sb.configure({ rateLimit: { burst: 1, perSecond: 0.001 } });
    // The status that answered is shown: the phone is up, its details pending.
    expect(await step()).toEqual([expect.objectContaining({ deviceId: id, kind: 'online' })]);
    expect(sb.state.stats().tooManyRequests).toBeGreaterThan(0);
    expect(poller.status).toMatchObject({ state: 'ok', nextPollInSeconds: 5 });
    expect(poller.row(id)).toMatchObject({ state: 'registered', ip: null });

    // Now the status meets 429s as well: nothing is known this cycle, so the poller waits longer each time.
    expect(await step()).toEqual([]);
    expect(poller.status).toEqual({
      state: 'backing_off',
      message: 'The server asks us to slow down, retrying in 10 s',
      nextPollInSeconds: 10,
    });
    await step();
    expect(poller.status.nextPollInSeconds).toBe(20);

    sb.configure({ rateLimit: false });
    const readsBefore = registrationReads();
    expect(await step()).toEqual([]);
    expect(poller.status).toMatchObject({ state: 'ok', nextPollInSeconds: 5 });
    // The details the 429 held back are read in the first cycle that can.
    expect(registrationReads()).toBe(readsBefore + 1);
    expect(poller.row(id)).toMatchObject({ state: 'registered', ip: '198.51.100.7' });
  });
});

describe('registration poller beside an import', () => {
  it('lets import requests that arrive while it waits for the rate limit go first', async () => {
    const sb = await startSandbox({ rateLimit: false, demo: true, autoRegister: false, seed: 3 });
    open.push(sb);
    const client = clientFor(sb, { rateLimit: { burst: 4, perSecond: 50 } });
    expect((await client.authenticate()).ok).toBe(true);

    const sent: string[] = [];
    const prefix = `/v2/accounts/${sb.account.id}`;
    const onRequest = (message: unknown) => {
      const path = (message as { request: { path: string } }).request.path;
      sent.push(path.slice(prefix.length).replace(/\?.*$/, ''));
    };
    subscribe('undici:request:create', onRequest);
    open.push({ close: () => void unsubscribe('undici:request:create', onRequest) });

    // A technician's clicks take the bucket; the poll then waits, and an import starts behind it.
    const clicks = Array.from({ length: 3 }, () => listDevices(client));
    const { poller } = watch(client, new ManualClock(Date.now()));
    const IMPORT_REQUESTS = 24;
    const load = Array.from({ length: IMPORT_REQUESTS }, () => listDevices(client, {}, { priority: 'bulk' }));
    const answers = await Promise.all([...clicks, ...load]);
    await poller.settled();

    expect(answers.every((answer) => answer.ok)).toBe(true);
    expect(poller.status.state).toBe('ok');
    const others = clicks.length + IMPORT_REQUESTS;
    expect(sent.slice(0, others)).toEqual(Array.from({ length: others }, () => '/devices'));
    expect(sent.slice(others).sort()).toEqual(['/devices', '/devices/status', '/registrations']);
  });
});
