import { KazooClient } from '../main/api/client';
import { createLogger } from '../main/log';
import { ManualScheduler } from '../main/registrations/manual-scheduler';
import { RegistrationPoller } from '../main/registrations/poller';
import { startSandbox } from '../main/sandbox/server';
import { against, median, type BenchResult } from './support';

const DEVICES = 10_000;
const SOAK_CYCLES = 360;

/** One poll cycle of a 10,000-device account in main-process CPU time, and heap growth over a 30-minute stepped soak. */
export async function benchRegistrations(options: { runs?: number } = {}): Promise<BenchResult[]> {
  const scheduler = new ManualScheduler(Date.now());
  const sb = await startSandbox({ rateLimit: false, autoRegister: false, seed: 11, clock: () => scheduler.now() });
  const client = new KazooClient({
    baseUrl: sb.url,
    accountId: sb.account.id,
    credentials: { method: 'api_key', apiKey: sb.credentials.apiKey },
    log: createLogger(() => {}),
    rateLimit: null,
  });
  try {
    const usernames: string[] = [];
    for (let start = 0; start < DEVICES; start += 1000) {
      const batch = Array.from({ length: 1000 }, (_, i) => ({
        name: `Desk ${start + i}`,
        device_type: 'sip_device',
        sip: { username: `desk_${start + i}`, password: `Secret-${start + i}-pass` },
      }));
      await Promise.all(batch.map((data) => client.account('PUT', '/devices', { body: { data } })));
      usernames.push(...batch.map((d) => d.sip.username));
    }
    usernames.forEach((name, i) => i % 2 === 0 && sb.phones.register(name));
    const poller = new RegistrationPoller(client, scheduler);
    const unsubscribe = poller.subscribe(() => {});
    await poller.settled();

    // The sandbox shares this process; its CPU is what the cycle costs the server, not the app, so it is measured apart.
    const cycles: number[] = [];
    for (let run = 0; run < (options.runs ?? 5); run++) {
      usernames.slice(run * 50, run * 50 + 50).forEach((name) => sb.phones.unregister(name));
      const cpu = process.cpuUsage();
      await scheduler.step();
      await poller.settled();
      const used = process.cpuUsage(cpu);
      cycles.push((used.user + used.system) / 1000);
    }

    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    for (let cycle = 0; cycle < SOAK_CYCLES; cycle++) {
      const flapper = usernames[cycle % 20] as string;
      if (cycle % 3 === 0) sb.phones.unregister(flapper);
      else sb.phones.register(flapper);
      await scheduler.step();
      await poller.settled();
    }
    global.gc?.();
    const growthMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
    unsubscribe();
    return [
      against('registrations: one poll cycle, 10,000 devices (CPU, app + in-process sandbox)', median(cycles), 'ms', 100, 'lower'),
      against('registrations: heap growth over a 30-minute soak', growthMb, 'MB', 20, 'lower', { cycles: SOAK_CYCLES }),
    ];
  } finally {
    await client.close();
    await sb.close();
  }
}
