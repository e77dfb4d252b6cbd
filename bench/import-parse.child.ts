/**
 * One measured import in a process of its own (bundled and started by import-parse.bench.ts),
 * through the app's own draft worker code (`prepareDraft`) with the copies its messages make:
 * the job (the file's bytes) cloned into the worker and the prepared draft cloned back to main in
 * the worker's parts (`messagesOf`), each as `postMessage` does, put back together as main does
 * (`DraftAssembly`). Here each part arrives before the next is sent, the order the app's two
 * threads mostly run in. `cold` measures the first file on a fresh process, as the app's first
 * import starts its worker; `warm` reads a 1,000-row head of the file first, as the worker the
 * app keeps across files has (see draft-preparer.ts). Prints one line: the time, the process's
 * peak RSS and the most heap in use, with the RSS before the import (Node, the modules, the
 * compiled code and the file's bytes) for scale.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { GCProfiler } from 'node:v8';
import { DraftAssembly, messagesOf } from '../main/import/draft-messages';
import { sharedBytes } from '../main/import/draft-preparer';
import { prepareDraft, type DraftJob, type PreparedDraft } from '../main/import/prepare-draft';

/** The line a run's process prints its measure on. */
export const MEASURED_PREFIX = 'IMPORT_PARSE=';

export type ImportStart = 'cold' | 'warm';

export interface ImportMeasure {
  ms: number;
  /** The process's peak resident memory, Node and the modules included. */
  peakRssMb: number;
  /** The most heap in use at any point of the import (recorded at each collection and at the end). */
  peakHeapMb: number;
  /** Resident memory before the import began: Node, the modules, the warm-up's compiled code, the file's bytes. */
  startRssMb: number;
  rows: number;
  /** Rows the schema refused: 0 for the clean realistic sheet. */
  schemaRows: number;
}

const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** Rows of the file a warm worker has read before the measured import. */
const WARM_UP_ROWS = 1_000;

/** Main's request to the worker and the worker's answer, each copied across as `postMessage` copies it. */
function importOf(bytes: Uint8Array): PreparedDraft {
  const job: DraftJob = { kind: 'read', options: { id: '0'.repeat(32), fileName: 'bench.csv', bytes } };
  const assembly = new DraftAssembly();
  for (const message of messagesOf(0, prepareDraft(structuredClone(job)))) {
    const prepared = assembly.add(structuredClone(message));
    if (prepared && !prepared.ok) throw new Error(prepared.error.message);
    if (prepared) return prepared.value;
  }
  throw new Error('the worker sent no result');
}

/** The file's first lines: the header and `rows` rows. */
function headOf(bytes: Uint8Array, rows: number): Uint8Array {
  let end = 0;
  for (let line = 0; line <= rows && end !== -1; line++) end = bytes.indexOf(0x0a, end + 1);
  return end === -1 ? bytes : bytes.subarray(0, end + 1);
}

function measureImport(file: string, start: ImportStart): ImportMeasure {
  // As the app's IPC handler keeps them: in memory the worker reads in place.
  const bytes = sharedBytes(readFileSync(file));
  if (start === 'warm') importOf(headOf(bytes, WARM_UP_ROWS));
  // The run starts from a settled heap, so what it holds is the import's.
  globalThis.gc?.();
  const startRssMb = mb(process.memoryUsage().rss);
  // Heap in use is highest just before a collection: the profiler records it at each one.
  const profiler = new GCProfiler();
  profiler.start();
  const began = performance.now();
  const { draft, schemaIssues } = importOf(bytes);
  const ms = performance.now() - began;
  const endHeap = process.memoryUsage().heapUsed;
  const collections = profiler.stop()?.statistics ?? [];
  return {
    ms: Math.round(ms * 10) / 10,
    peakRssMb: mb(process.resourceUsage().maxRSS * 1024),
    peakHeapMb: mb(Math.max(endHeap, ...collections.map((gc) => gc.beforeGC.heapStatistics.usedHeapSize))),
    startRssMb,
    rows: draft.rows.length,
    schemaRows: schemaIssues.length,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [file, start] = process.argv.slice(2);
  if (!file || (start !== 'cold' && start !== 'warm')) throw new Error('usage: import-parse.child <file.csv> cold|warm');
  console.log(`${MEASURED_PREFIX}${JSON.stringify(measureImport(file, start))}`);
}
