import { request } from 'undici';
import type { RegistrationCounts, RegistrationRow } from '../common/registrations';
import { KazooClient } from '../main/api/client';
import { createLogger } from '../main/log';
import { ManualClock } from '../test/support/manual-clock';
import { POLL_INTERVAL_MS, REFRESH_MS, RegistrationPoller } from '../main/registrations/poller';
import { against, launchSandbox, median, percentile, type BenchResult } from './support';

/** The cycles between periodic reads of the details at the default interval. */
const REFRESH_CYCLES = REFRESH_MS / POLL_INTERVAL_MS;

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
/** Whole refresh periods, so each run's steady cycles hold the periodic reads in their true share. */
const STEADY_CYCLES = 2 * REFRESH_CYCLES;
/** Half a minute after phones stop coming and going: their garbage is collected, and the account is steady. */
const SETTLE_CYCLES = 6;
const READS_STATUS = 'GET /v2/accounts/:account/devices/status';
const READS_REGISTRATIONS = 'GET /v2/accounts/:account/registrations';

const username = (i: number) => `desk_${i}`;
const cpuMs = (used: NodeJS.CpuUsage) => (used.user + used.system) / 1000;
const heapMb = () => {
  global.gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

/**
 * Poll cycles of a 10,000-device account, half of them registered, in CPU time of this process
 * only: the sandbox runs in a process of its own, so what is measured is the app's side (the
 * requests, parsing, diffing, the events). Each run times steady cycles, where phones renew but
 * none comes or goes (the status alone, and every `REFRESH_MS`, the 24th cycle, the whole registrations and
 * the device list), then cycles where 100 phones come and go (the status, then the registrations).
 * Then a 30-minute soak, stepped through with a manual clock while phones flap, renew and move,
 * checks that the heap stays flat.
 */
export async function benchRegistrations(options: { runs?: number; cycles?: number } = {}): Promise<BenchResult[]> {
  const runs = options.runs ?? 5;
  const cycles = options.cycles ?? 30;
  const sandbox = await launchSandbox(['--no-rate-limit', '--seed', '11', '--control']);
  const url = sandbox.lines['SANDBOX_URL'] as string;
  const control = async (path: string, data: Record<string, unknown>) => {
    const answer = await request(`${url}/_sandbox/phones/${path}`, { method: 'POST', body: JSON.stringify(data) });
    if (answer.statusCode !== 200) throw new Error(`/_sandbox/phones/${path}: HTTP ${answer.statusCode} ${await answer.body.text()}`);
    await answer.body.dump();
  };
  /** What the app has read of the sandbox so far, by route. */
  const reads = async (): Promise<Record<string, number>> => {
    const answer = await request(`${url}/_sandbox/stats`);
    const { data } = (await answer.body.json()) as { data: { byRoute: Record<string, number> } };
    return data.byRoute;
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
    // The phones that renew in steady cycles: the last quarter of the registered ones, which the cycles with news never reach.
    const renewable = everyOther.slice((everyOther.length * 3) / 4);
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
      if (from + 50 > everyOther.length - renewable.length)
        throw new Error('too many cycles with news: they would reach the phones that renew');
      await control('unregister', { usernames: everyOther.slice(from, from + 50) });
      await control('register', {
        usernames: Array.from({ length: 50 }, (_, i) => username(1 + 2 * (from + i))),
        expires: REGISTRATION_SECONDS,
      });
      const used = await cycle();
      changesPerCycle.push(changes);
      return used;
    };
    // Nobody comes or goes: phones renew, a hundred a cycle, which only the periodic read sees.
    let renewal = 0;
    const steadyCycle = async (): Promise<{ cpuMs: number; readDetails: boolean }> => {
      const from = (renewal++ * RENEWALS_PER_CYCLE) % renewable.length;
      const renewing = renewable.slice(from, from + RENEWALS_PER_CYCLE);
      await control('register', { usernames: renewing, expires: REGISTRATION_SECONDS });
      const before = await reads();
      const used = await cycle();
      const after = await reads();
      const read = (route: string) => (after[route] ?? 0) - (before[route] ?? 0);
      const { registered } = poller.counts();
      if (read(READS_STATUS) !== 1 || registered !== DEVICES / 2)
        throw new Error(`a steady cycle read the status ${read(READS_STATUS)} times and counts ${registered} phones registered`);
      return { cpuMs: used, readDetails: read(READS_REGISTRATIONS) === 1 };
    };

    for (let i = 0; i < WARM_UP_CYCLES; i++) await cycleWithNews();
    const steadyP90s: number[] = [];
    const steadyMedians: number[] = [];
    const refreshes: number[] = [];
    const changedMedians: number[] = [];
    const changedP90s: number[] = [];
    for (let run = 0; run < runs; run++) {
      changesPerCycle.length = 0;
      const changed: number[] = [];
      for (let i = 0; i < cycles; i++) changed.push(await cycleWithNews());
      changedMedians.push(median(changed));
      changedP90s.push(percentile(changed, 0.9));
      // A cycle that saw nothing would be cheap for the wrong reason.
      if (pushed?.counts.registered !== DEVICES / 2 || pushed.rows.some((row) => row === null) || median(changesPerCycle) !== 100) {
        throw new Error(`the poller did not see the phones come and go: ${JSON.stringify(pushed?.counts)}`);
      }

      // The cycles right after those still pay for collecting the registrations they read.
      for (let i = 0; i < SETTLE_CYCLES; i++) await steadyCycle();
      // Consecutive cycles as the app runs them, the periodic reads among them.
      const steady: number[] = [];
      for (let i = 0; i < STEADY_CYCLES; i++) {
        const { cpuMs: used, readDetails } = await steadyCycle();
        steady.push(used);
        if (readDetails) refreshes.push(used);
      }
      steadyP90s.push(percentile(steady, 0.9));
      steadyMedians.push(median(steady));
    }
    if (refreshes.length !== (runs * STEADY_CYCLES) / REFRESH_CYCLES)
      throw new Error(`${refreshes.length} steady cycles read the registrations, not one in ${REFRESH_CYCLES}`);

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

    const ms = (value: number) => Number(value.toFixed(2));
    return [
      against(
        `registrations: steady poll cycle at the 90th percentile, 10,000 devices, nobody comes or goes (app CPU; /registrations every ${REFRESH_CYCLES}th)`,
        steadyP90s,
        'ms',
        20,
        'lower',
        {
          cyclesPerRun: STEADY_CYCLES,
          medianMs: ms(median(steadyMedians)),
          refreshCycleMs: ms(median(refreshes)),
          firstCycleMs: ms(firstCycleMs),
        },
      ),
      against(
        'registrations: one poll cycle, 10,000 devices, 100 changes (app CPU; phones came and went, so it reads /registrations)',
        changedMedians,
        'ms',
        100,
        'lower',
        { cyclesPerRun: cycles, p90Ms: ms(median(changedP90s)), changesPerCycle: median(changesPerCycle) },
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
