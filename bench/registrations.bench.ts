import { request } from 'undici';
import type { RegistrationCounts, RegistrationRow } from '../common/registrations';
import { KazooClient } from '../main/api/client';
import { createLogger } from '../main/log';
import { ManualClock } from '../test/support/manual-clock';
import { RegistrationPoller } from '../main/registrations/poller';
import { against, launchSandbox, median, percentile, type BenchResult } from './support';

const DEVICES = 10_000;
const CREATES_IN_FLIGHT = 32;
/** 30 minutes at the default 5 s interval. */
const SOAK_CYCLES = 360;
/** The first cycles fill caches and settle the heap; growth is counted from here on. */
const SOAK_WARM_UP = 60;
const FLAPPERS = 20;
const RENEWALS_PER_CYCLE = 100;
const REGISTRATION_SECONDS = 3600;
/** Fifty seconds of polling: the hot paths are compiled and the heap has found its size. */
const WARM_UP_CYCLES = 10;

const username = (i: number) => `desk_${i}`;
const cpuMs = (used: NodeJS.CpuUsage) => (used.user + used.system) / 1000;
const heapMb = () => {
  global.gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

/**
 * One poll cycle of a 10,000-device account, half of them registered, in CPU time of this
 * process only: the sandbox runs in a process of its own, so what is measured is the app's side
 * (both requests, parsing, diffing, the events). Then a 30-minute soak, stepped through with a
 * manual clock while phones flap, renew and move, checks that the heap stays flat.
 */
export async function benchRegistrations(options: { cycles?: number } = {}): Promise<BenchResult[]> {
  const cycles = options.cycles ?? 30;
  const sandbox = await launchSandbox(['--no-rate-limit', '--seed', '11', '--control']);
  const url = sandbox.lines['SANDBOX_URL'] as string;
  const control = async (path: string, data: Record<string, unknown>) => {
    const answer = await request(`${url}/_sandbox/phones/${path}`, { method: 'POST', body: JSON.stringify(data) });
    if (answer.statusCode !== 200) throw new Error(`/_sandbox/phones/${path}: HTTP ${answer.statusCode} ${await answer.body.text()}`);
    await answer.body.dump();
  };
  const client = new KazooClient({
    baseUrl: url,
    accountId: sandbox.lines['ACCOUNT_ID'] as string,
    credentials: { method: 'api_key', apiKey: sandbox.lines['API_KEY'] as string },
    log: createLogger(() => {}),
    rateLimit: null,
  });
  const clock = new ManualClock(Date.now());
  const poller = new RegistrationPoller(client, clock);
  let unsubscribe = () => {};
  try {
    let next = 0;
    const createNext = async (): Promise<void> => {
      for (let i = next++; i < DEVICES; i = next++) {
        const created = await client.account('PUT', '/devices', {
          body: { data: { name: `Desk ${i}`, device_type: 'sip_device', sip: { username: username(i), password: `Secret-${i}-pass` } } },
          priority: 'bulk',
        });
        if (!created.ok) throw new Error(`creating device ${i}: ${created.error.message}`);
      }
    };
    await Promise.all(Array.from({ length: CREATES_IN_FLIGHT }, createNext));
    const everyOther = Array.from({ length: DEVICES / 2 }, (_, i) => username(i * 2));
    // Long registrations: this process's clock runs 30 minutes ahead in the soak, the sandbox's does not.
    await control('register', { usernames: everyOther, expires: REGISTRATION_SECONDS });

    let changes = 0;
    let pushed: { rows: Array<RegistrationRow | null>; counts: RegistrationCounts } | undefined;
    const beforeFirst = process.cpuUsage();
    unsubscribe = poller.subscribe((event) => {
      if (event.type !== 'cycle' || event.changes.length === 0) return;
      changes += event.changes.length;
      // What the Live view is sent: the rows the changes touched and the counts of the whole account.
      pushed = { rows: event.changes.map((change) => poller.row(change.deviceId)), counts: poller.counts() };
    });
    await poller.settled();
    // The first cycle of a watch also reads the device list and compiles the hot paths.
    const firstCycleMs = cpuMs(process.cpuUsage(beforeFirst));
    const cycle = async (): Promise<number> => {
      changes = 0;
      const before = process.cpuUsage();
      await clock.step();
      await poller.settled();
      return cpuMs(process.cpuUsage(before));
    };

    // Each cycle has news: 50 phones drop off and 50 others come up.
    const changesPerCycle: number[] = [];
    let news = 0;
    const cycleWithNews = async (): Promise<number> => {
      const from = news++ * 50;
      await control('unregister', { usernames: everyOther.slice(from, from + 50) });
      await control('register', {
        usernames: Array.from({ length: 50 }, (_, i) => username(1 + 2 * (from + i))),
        expires: REGISTRATION_SECONDS,
      });
      const used = await cycle();
      changesPerCycle.push(changes);
      return used;
    };
    for (let i = 0; i < WARM_UP_CYCLES; i++) await cycleWithNews();
    // Consecutive cycles as the app runs them: one in ten also fetches the device list again.
    changesPerCycle.length = 0;
    const measured: number[] = [];
    for (let i = 0; i < cycles; i++) measured.push(await cycleWithNews());
    // A cycle that saw nothing would be cheap for the wrong reason.
    if (pushed?.counts.registered !== DEVICES / 2 || pushed.rows.some((row) => row === null) || median(changesPerCycle) !== 100) {
      throw new Error(`the poller did not see the phones come and go: ${JSON.stringify(pushed?.counts)}`);
    }

    let heapAtWarmUp = 0;
    for (let step = 0; step < SOAK_CYCLES; step++) {
      if (step === SOAK_WARM_UP) heapAtWarmUp = heapMb();
      const flapper = username(2 * (step % FLAPPERS));
      await control(step % 3 === 0 ? 'unregister' : 'register', { usernames: [flapper], expires: REGISTRATION_SECONDS });
      // Phones renew their registrations; every tenth cycle a few of them come back from a new address.
      const from = (step * RENEWALS_PER_CYCLE) % everyOther.length;
      const renewing = everyOther.slice(from, from + RENEWALS_PER_CYCLE);
      await control('register', {
        usernames: step % 10 === 0 ? renewing.slice(0, 5) : renewing,
        expires: REGISTRATION_SECONDS,
        ...(step % 10 === 0 ? { source_ip: `198.51.100.${step % 250}` } : {}),
      });
      await clock.step();
      await poller.settled();
    }
    const heapAtEnd = heapMb();

    return [
      against(
        'registrations: one poll cycle, 10,000 devices, 100 changes (app CPU, steady polling)',
        median(measured),
        'ms',
        100,
        'lower',
        {
          cycles,
          p90Ms: Number(percentile(measured, 0.9).toFixed(2)),
          slowestMs: Number(Math.max(...measured).toFixed(2)),
          firstCycleMs: Number(firstCycleMs.toFixed(2)),
          changesPerCycle: median(changesPerCycle),
        },
      ),
      against(
        `registrations: heap growth over a 30-minute soak (cycles ${SOAK_WARM_UP} to ${SOAK_CYCLES}, after forced GC)`,
        heapAtEnd - heapAtWarmUp,
        'MB',
        5,
        'lower',
        { cycles: SOAK_CYCLES, heapMb: Number(heapAtEnd.toFixed(1)) },
      ),
    ];
  } finally {
    unsubscribe();
    await client.close();
    await sandbox.stop();
  }
}
