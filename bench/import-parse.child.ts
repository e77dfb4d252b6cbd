/**
 * One measured import in a process of its own (bundled and started by import-parse.bench.ts),
 * through the app's own draft worker in a worker thread, as the desktop app runs it: main keeps
 * the file's bytes where the worker reads them (`sharedBytes`), the worker reads and checks the
 * file and sends the draft back in parts, and main puts it together (`workerPreparer`, which also
 * lets a worker go after a big file). `cold` measures the first file on a fresh process, as the
 * app's first import starts its worker; `warm` reads a 1,000-row head of the file first, so the
 * file goes to the worker that one started and left running. Prints one line: the time, the
 * process's peak RSS (both threads), the most heap each thread had in use, and the RSS before the
 * import (Node, the modules, the file's bytes) for scale.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { GCProfiler } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { workerPreparer, sharedBytes, type DraftPreparer } from '../main/import/draft-preparer';
import type { DraftJob } from '../main/import/prepare-draft';
import { createLogger } from '../main/log';
import { HEAP_REPORT_ID, type HeapReport } from './import-parse.worker';

/** The line a run's process prints its measure on. */
export const MEASURED_PREFIX = 'IMPORT_PARSE=';

export type ImportStart = 'cold' | 'warm';

export interface ImportMeasure {
  ms: number;
  /** The process's peak resident memory, Node, the modules and both threads included. */
  peakRssMb: number;
  /** The most heap main had in use during the import (recorded at each collection and at the end). */
  mainPeakHeapMb: number;
  /** The most heap the worker had in use, as it reported before its last message. */
  workerPeakHeapMb: number;
  /** Resident memory before the import began: Node, the modules, the warm-up's worker, the file's bytes. */
  startRssMb: number;
  rows: number;
  /** Rows the schema refused: 0 for the clean realistic sheet. */
  schemaRows: number;
}

const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** Rows of the file a warm worker has read before the measured import. */
const WARM_UP_ROWS = 1_000;

/** The file's first lines: the header and `rows` rows. */
function headOf(bytes: Uint8Array, rows: number): Uint8Array {
  let end = 0;
  for (let line = 0; line <= rows && end !== -1; line++) end = bytes.indexOf(0x0a, end + 1);
  return end === -1 ? bytes : bytes.subarray(0, end + 1);
}

const readJob = (bytes: Uint8Array): DraftJob => ({ kind: 'read', options: { id: '0'.repeat(32), fileName: 'bench.csv', bytes } });

async function measureImport(workerFile: string, file: string, start: ImportStart): Promise<ImportMeasure> {
  let workerPeakHeapMb = 0;
  const preparer: DraftPreparer = workerPreparer(
    (options) => {
      const worker = new Worker(workerFile, options);
      worker.on('message', (message: HeapReport | { id: number }) => {
        if (message.id === HEAP_REPORT_ID) workerPeakHeapMb = (message as HeapReport).peakHeapMb;
      });
      return worker;
    },
    createLogger(() => {}),
  );
  // The preparer lets its worker be idle without holding the process open; the measure waits on it.
  const alive = setInterval(() => {}, 60_000);
  try {
    const bytes = sharedBytes(readFileSync(file));
    if (start === 'warm') await preparer.prepare(readJob(headOf(bytes, WARM_UP_ROWS)));
    // The run starts from a settled heap, so what main holds is the import's.
    globalThis.gc?.();
    const startRssMb = mb(process.memoryUsage().rss);
    // Heap in use is highest just before a collection: the profiler records it at each one.
    const profiler = new GCProfiler();
    profiler.start();
    const began = performance.now();
    const prepared = await preparer.prepare(readJob(bytes));
    const ms = performance.now() - began;
    const endHeap = process.memoryUsage().heapUsed;
    const collections = profiler.stop()?.statistics ?? [];
    if (!prepared.ok) throw new Error(prepared.error.message);
    return {
      ms: Math.round(ms * 10) / 10,
      peakRssMb: mb(process.resourceUsage().maxRSS * 1024),
      mainPeakHeapMb: mb(Math.max(endHeap, ...collections.map((gc) => gc.beforeGC.heapStatistics.usedHeapSize))),
      workerPeakHeapMb,
      startRssMb,
      rows: prepared.value.draft.rows.length,
      schemaRows: prepared.value.schemaIssues.length,
    };
  } finally {
    clearInterval(alive);
    await preparer.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [workerFile, file, start] = process.argv.slice(2);
  if (!workerFile || !file || (start !== 'cold' && start !== 'warm'))
    throw new Error('usage: import-parse.child <worker.mjs> <file.csv> cold|warm');
  console.log(`${MEASURED_PREFIX}${JSON.stringify(await measureImport(workerFile, file, start))}`);
}
