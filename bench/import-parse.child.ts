/**
 * One measured import in a process of its own (bundled and started by import-parse.bench.ts), as
 * the desktop app's main runs it: the draft prepared a slice at a time on main's thread
 * (`runSliced(prepareDraft(...))`, as the import service calls it) while a timer measures how
 * long main's event loop waits at most meanwhile. `app` measures the first file of the desktop
 * app, which has warmed its import up while its window loaded (`warmUpImport`, as
 * main/electron/index.ts calls it); `fresh` measures a process that has read nothing before, as
 * a command-line import is, with V8 compiling the code as it goes; `connected` is the desktop
 * app's first file with a connection open: the draft is then checked against the account too
 * (`accountIssuesOf`, a slice at a time, as the import service runs it), here an account of
 * 10,000 phones and the sheet's 1,500 owners, made between the two timed parts as the app reads
 * them from the server there. Prints
 * one line: the time, the process's peak RSS, the most heap in use, the event loop's longest
 * wait, and the RSS before the import (Node, the modules, the file's bytes) for scale.
 */
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { GCProfiler } from 'node:v8';
import type { DeviceSummary } from '../common/devices';
import type { UserSummary } from '../main/api/users';
import { accountIssuesOf, snapshotOf, type AccountSnapshot } from '../main/import/account-check';
import { prepareDraft, type DraftJob } from '../main/import/prepare-draft';
import { runSliced } from '../main/import/sliced';
import { warmUpImport } from '../main/import/warm-up';
import { REALISTIC_OWNERS } from '../test/fixtures/csv/realistic';

/** The line a run's process prints its measure on. */
export const MEASURED_PREFIX = 'IMPORT_PARSE=';

export const STARTS = ['app', 'connected', 'fresh'] as const;

export type ImportStart = (typeof STARTS)[number];

export interface ImportMeasure {
  ms: number;
  /** The process's peak resident memory, Node and the modules included. */
  peakRssMb: number;
  /** The most heap in use during the import (recorded at each collection and at the end). */
  peakHeapMb: number;
  /** The longest main's event loop waited for a turn during the import: what a request from the window could wait. */
  longestWaitMs: number;
  /** Resident memory before the import began: Node, the modules, the file's bytes. */
  startRssMb: number;
  rows: number;
  /** Rows the schema refused: 0 for the clean realistic sheet. */
  schemaRows: number;
  /** Rows the account check found something on (`connected`): 0 for the clean realistic sheet. */
  accountRows: number;
}

const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

const readJob = (bytes: Uint8Array): DraftJob => ({ kind: 'read', options: { id: '0'.repeat(32), fileName: 'bench.csv', bytes } });

const ACCOUNT_PHONES = 10_000;

/** A site already on the PBX: phones of its own (MACs and SIP usernames the sheet does not use) and the sheet's owners as users. */
function benchAccount(): AccountSnapshot {
  const devices: DeviceSummary[] = Array.from({ length: ACCOUNT_PHONES }, (_, i) => ({
    id: i.toString(16).padStart(32, '0'),
    name: `Existing ${i}`,
    deviceType: 'sip_device',
    enabled: true,
    ownerId: null,
    sipUsername: `existing_${i}`,
    macAddress: (0x0a0000000000 + i).toString(16).padStart(12, '0'),
  }));
  const users: UserSummary[] = REALISTIC_OWNERS.map((email, i) => ({
    id: `u${i}`.padStart(32, '0'),
    username: email,
    email,
    firstName: email,
    lastName: 'Example',
    presenceId: null,
  }));
  return snapshotOf(devices, users, [], []);
}

async function measureImport(file: string, start: ImportStart): Promise<ImportMeasure> {
  const bytes = readFileSync(file);
  if (start !== 'fresh') await warmUpImport();
  // The run starts from a settled heap, so what the process holds is the import's.
  globalThis.gc?.();
  const startRssMb = mb(process.memoryUsage().rss);
  // Heap in use is highest just before a collection: the profiler records it at each one.
  const profiler = new GCProfiler();
  profiler.start();
  const waits = monitorEventLoopDelay({ resolution: 1 });
  waits.enable();
  const began = performance.now();
  const prepared = await runSliced(prepareDraft(readJob(bytes)));
  let ms = performance.now() - began;
  let accountRows = 0;
  if (start === 'connected' && prepared.ok) {
    // The app reads the account from the server here, between the two: that wait is not the import's.
    waits.disable();
    const account = benchAccount();
    waits.enable();
    const checking = performance.now();
    // Checking every row, the check answers only the rows it found something on.
    accountRows = (await runSliced(accountIssuesOf(prepared.value.draft, account, prepared.value.draft.rows.keys()))).size;
    ms += performance.now() - checking;
  }
  waits.disable();
  const endHeap = process.memoryUsage().heapUsed;
  const collections = profiler.stop()?.statistics ?? [];
  if (!prepared.ok) throw new Error(prepared.error.message);
  return {
    ms: Math.round(ms * 10) / 10,
    peakRssMb: mb(process.resourceUsage().maxRSS * 1024),
    peakHeapMb: mb(Math.max(endHeap, ...collections.map((gc) => gc.beforeGC.heapStatistics.usedHeapSize))),
    longestWaitMs: Math.round(waits.max / 1e5) / 10,
    startRssMb,
    rows: prepared.value.draft.rows.length,
    schemaRows: prepared.value.schemaIssues.length,
    accountRows,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [file, start] = process.argv.slice(2);
  const known = STARTS.find((name) => name === start);
  if (!file || !known) throw new Error(`usage: import-parse.child <file.csv> ${STARTS.join('|')}`);
  console.log(`${MEASURED_PREFIX}${JSON.stringify(await measureImport(file, known))}`);
}
