/**
 * One measured import in a process of its own (bundled and started by import-parse.bench.ts):
 * the CSV file's bytes to a draft checked by the row rules and KAZOO's schema, as the app's
 * draft worker runs it once it has read a file. Prints one line: the time, the process's peak
 * RSS and the most heap in use, with the RSS before the import (Node, the modules, the compiled
 * code and the file's bytes) for scale.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { GCProfiler } from 'node:v8';
import { loadDraft } from '../common/import/load';
import type { CellIssue, ImportDraft } from '../common/import/types';
import { schemaIssuesOf } from '../main/import/schema-check';

/** The line a run's process prints its measure on. */
export const MEASURED_PREFIX = 'IMPORT_PARSE=';

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

/** Rows read first, as a worker that has read a file before: the measured import then runs compiled code. */
const WARM_UP_ROWS = 1_000;

function importOf(bytes: Uint8Array): { draft: ImportDraft; schemaIssues: Map<number, CellIssue[]> } {
  const loaded = loadDraft({ id: '0'.repeat(32), fileName: 'bench.csv', bytes });
  if (!loaded.ok) throw new Error(loaded.error.message);
  return { draft: loaded.value, schemaIssues: schemaIssuesOf(loaded.value, loaded.value.rows.keys()) };
}

/** The file's first lines: the header and `rows` rows. */
function headOf(bytes: Uint8Array, rows: number): Uint8Array {
  let end = 0;
  for (let line = 0; line <= rows && end !== -1; line++) end = bytes.indexOf(0x0a, end + 1);
  return end === -1 ? bytes : bytes.subarray(0, end + 1);
}

function measureImport(file: string): ImportMeasure {
  const bytes = readFileSync(file);
  importOf(headOf(bytes, WARM_UP_ROWS));
  // The run starts from a settled heap, so what it holds is the import's.
  globalThis.gc?.();
  const startRssMb = mb(process.memoryUsage().rss);
  // Heap in use is highest just before a collection: the profiler records it at each one.
  const profiler = new GCProfiler();
  profiler.start();
  const start = performance.now();
  const { draft, schemaIssues } = importOf(bytes);
  const ms = performance.now() - start;
  const endHeap = process.memoryUsage().heapUsed;
  const collections = profiler.stop()?.statistics ?? [];
  return {
    ms: Math.round(ms * 10) / 10,
    peakRssMb: mb(process.resourceUsage().maxRSS * 1024),
    peakHeapMb: mb(Math.max(endHeap, ...collections.map((gc) => gc.beforeGC.heapStatistics.usedHeapSize))),
    startRssMb,
    rows: draft.rows.length,
    schemaRows: schemaIssues.size,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: import-parse.child <file.csv>');
  console.log(`${MEASURED_PREFIX}${JSON.stringify(measureImport(file))}`);
}
