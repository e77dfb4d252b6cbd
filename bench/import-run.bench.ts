/**
 * A 1,000-device import through `runBatch` against the sandbox in its own process (50 ms latency),
 * timed against what the server's rate limit allows: KAZOO's bucket (100 burst, 10 per second)
 * admits N requests no sooner than (N - burst) / perSecond seconds, so that is the bound and the
 * target is elapsed / bound <= 1.05, with no row failed, none created twice and a handful of 429s
 * at most. A second scenario turns the limit off and keeps 16 requests in flight; its bound is the
 * latency alone. Run with `npx tsx bench/import-run.bench.ts [--runs N] [--rows N] [--only TEXT]`;
 * `benchImportRun()` is the entry point for an aggregating `npm run bench`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setTimeout } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { request } from 'undici';
import { KazooClient } from '../main/api/client';
import { KAZOO_DEFAULT_RATE_LIMIT } from '../main/api/rate-limiter';
import type { BatchSpec, Operation } from '../main/import/operations';
import { runBatch } from '../main/import/runner';
import { createLogger } from '../main/log';
import { against, launchSandbox, median, type BenchResult } from './support';

export interface ImportBenchOptions {
  runs?: number;
  rows?: number;
  /** Run only the scenarios whose name contains this ('rate limit 100:10', 'no rate limit'). */
  only?: string;
  /** Progress lines; silent when absent. */
  report?: (line: string) => void;
}

interface Scenario {
  name: string;
  sandboxArgs: string[];
  rateLimited: boolean;
  concurrency: number;
  /** The ratio to stay under; the unlimited run's bound (latency alone) is a reference, not a target. */
  target: number | null;
}

interface RunMeasure {
  elapsed: number;
  bound: number;
  failed: number;
  duplicates: number;
  missing: number;
  throttled: number;
  requests: number;
}

const LATENCY_MS = 50;
const SCENARIOS: Scenario[] = [
  {
    name: `import 1,000 devices, rate limit 100:10, ${LATENCY_MS} ms latency, 4 in flight`,
    sandboxArgs: [],
    rateLimited: true,
    concurrency: 4,
    target: 1.05,
  },
  {
    name: `import 1,000 devices, no rate limit, ${LATENCY_MS} ms latency, 16 in flight`,
    sandboxArgs: ['--no-rate-limit'],
    rateLimited: false,
    concurrency: 16,
    target: null,
  },
];

function generatedSpec(rows: number): BatchSpec {
  const operations: Operation[] = Array.from({ length: rows }, (_, n) => {
    const mac = (0x001565000000 + n).toString(16).padStart(12, '0');
    return {
      row: n,
      line: n + 2,
      name: `Bench ${n}`,
      action: 'create',
      deviceId: randomBytes(16).toString('hex'),
      document: {
        name: `Bench ${n}`,
        device_type: 'sip_device',
        mac_address: mac,
        sip: { username: `bench_${n}`, password: randomBytes(9).toString('base64url') },
      },
    };
  });
  return {
    batchId: randomBytes(16).toString('hex'),
    name: 'Bench',
    connectionId: 'bench',
    fileName: 'bench.csv',
    createdAt: new Date().toISOString(),
    headers: ['name'],
    mapping: ['name'],
    rows: operations.map((operation) => ({ line: operation.line, cells: [operation.name] })),
    operations,
  };
}

async function control<T>(url: string, path: string): Promise<T> {
  const response = await request(`${url}/_sandbox/${path}`);
  return ((await response.body.json()) as { data: T }).data;
}

/**
 * A fresh sandbox compiles its device schema on the first create, which took seconds here and is
 * nothing a real server does. One rejected create warms it; its token is back within 0.1 s.
 */
async function warmUp(url: string, apiKey: string, accountId: string): Promise<void> {
  const auth = await request(`${url}/v2/api_auth`, { method: 'PUT', body: JSON.stringify({ data: { api_key: apiKey } }) });
  const { auth_token: token } = (await auth.body.json()) as { auth_token: string };
  const create = await request(`${url}/v2/accounts/${accountId}/devices`, {
    method: 'PUT',
    headers: { 'x-auth-token': token, 'content-type': 'application/json' },
    body: JSON.stringify({ data: { name: '' } }),
  });
  await create.body.dump();
  await setTimeout(1_000);
}

async function runOnce(scenario: Scenario, rows: number): Promise<RunMeasure> {
  const sandbox = await launchSandbox(['--port', '0', '--latency-ms', String(LATENCY_MS), ...scenario.sandboxArgs]);
  const folder = mkdtempSync(join(os.tmpdir(), 'audian-bench-'));
  const url = sandbox.lines['SANDBOX_URL']!;
  const client = new KazooClient({
    baseUrl: url,
    accountId: sandbox.lines['ACCOUNT_ID']!,
    credentials: { method: 'api_key', apiKey: sandbox.lines['API_KEY']! },
    log: createLogger(() => undefined),
    rateLimit: scenario.rateLimited ? KAZOO_DEFAULT_RATE_LIMIT : null,
  });
  try {
    await warmUp(url, sandbox.lines['API_KEY']!, sandbox.lines['ACCOUNT_ID']!);
    const spec = generatedSpec(rows);
    const started = performance.now();
    const result = await runBatch(
      { file: join(folder, `${spec.batchId}.jsonl`), spec },
      { client, log: createLogger(() => undefined), concurrency: scenario.concurrency },
    );
    const elapsed = (performance.now() - started) / 1000;
    if (!result.ok) throw new Error(result.error.message);

    const devices = await control<Array<{ _id: string; name: string; pvt_deleted?: boolean }>>(url, 'devices');
    const live = devices.filter((device) => device.pvt_deleted !== true);
    const names = new Set(live.map((device) => device.name));
    const planned = new Set(spec.operations.map((operation) => (operation.action === 'create' ? operation.deviceId : '')));
    // Only admitted requests spend tokens; authentication draws on a bucket of its own (kazoo-api.md §6.5).
    const admitted = client.stats.requests - client.stats.authentications - client.stats.throttled;
    const { burst, perSecond } = KAZOO_DEFAULT_RATE_LIMIT;
    const bound = scenario.rateLimited
      ? Math.max(0, admitted - burst) / perSecond
      : (Math.ceil(admitted / scenario.concurrency) + client.stats.authentications) * (LATENCY_MS / 1000);
    return {
      elapsed,
      bound,
      failed: result.value.progress.failed + result.value.rows.filter((row) => row.outcome === 'pending').length,
      duplicates: live.length - names.size,
      missing: [...planned].filter((id) => !live.some((device) => device._id === id)).length,
      throttled: client.stats.throttled,
      requests: client.stats.requests,
    };
  } finally {
    await client.close();
    await sandbox.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

export async function benchImportRun(options: ImportBenchOptions = {}): Promise<BenchResult[]> {
  const runs = options.runs ?? 3;
  const rows = options.rows ?? 1_000;
  const results: BenchResult[] = [];
  for (const scenario of SCENARIOS.filter((s) => !options.only || s.name.includes(options.only))) {
    const name = scenario.name.replace('1,000', rows.toLocaleString('en-US'));
    const measures: RunMeasure[] = [];
    for (let run = 1; run <= runs; run++) {
      const measure = await runOnce(scenario, rows);
      measures.push(measure);
      options.report?.(
        `  ${name} #${run}: ${measure.elapsed.toFixed(2)} s, bound ${measure.bound.toFixed(2)} s, ratio ${(measure.elapsed / measure.bound).toFixed(3)}, ` +
          `${measure.requests} requests, ${measure.throttled} x 429, ${measure.failed} failed, ${measure.duplicates} duplicates, ${measure.missing} missing`,
      );
    }
    const elapsed = median(measures.map((m) => m.elapsed));
    const bound = median(measures.map((m) => m.bound));
    const extra = {
      ...(scenario.target === null ? {} : { target: scenario.target }),
      runs,
      rowsFailed: Math.max(...measures.map((m) => m.failed)),
      duplicates: Math.max(...measures.map((m) => m.duplicates)),
      missing: Math.max(...measures.map((m) => m.missing)),
      throttled: Math.max(...measures.map((m) => m.throttled)),
      requests: median(measures.map((m) => m.requests)),
    };
    const result = against(name, elapsed, 's', Number(bound.toFixed(2)), 'lower', extra);
    // Every row exactly once is the point; the time target (within 5% of the bound) comes on top.
    const exact = extra.rowsFailed === 0 && extra.duplicates === 0 && extra.missing === 0;
    results.push({ ...result, meets: exact && (scenario.target === null || result.ratio <= scenario.target) });
  }
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { runs: { type: 'string' }, rows: { type: 'string' }, only: { type: 'string' } } });
  const results = await benchImportRun({
    runs: values.runs === undefined ? undefined : Number(values.runs),
    rows: values.rows === undefined ? undefined : Number(values.rows),
    only: values.only,
    report: (line) => console.log(line),
  });
  for (const r of results) {
    const extra = Object.entries(r.extra ?? {})
      .map(([key, value]) => `${key} ${value}`)
      .join(', ');
    console.log(`${r.name}: median ${r.median} ${r.unit}; bound ${r.bound} s; ratio ${r.ratio}; ${extra}`);
  }
}
