/**
 * One measured import in a process of its own (bundled and started by import-parse.bench.ts):
 * the CSV file's bytes to a draft checked by the row rules and KAZOO's schema, as the app's
 * draft worker runs it. Prints one line: the time, the process's peak RSS and the most heap in
 * use, with the RSS before the import (Node and the modules) for scale.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { GCProfiler } from 'node:v8';
import { loadDraft } from '../common/import/load';
import { schemaIssuesOf } from '../main/import/schema-check';

/** The line a run's process prints its measure on. */
export const MEASURED_PREFIX = 'IMPORT_PARSE=';

export interface ImportMeasure {
  ms: number;
  /** The process's peak resident memory, Node and the modules included. */
  peakRssMb: number;
  /** The most heap in use at any point of the import (recorded at each collection and at the end). */
  peakHeapMb: number;
  /** Resident memory before the import began: Node, the modules and the file's bytes. */
  startRssMb: number;
  rows: number;
  /** Rows the schema refused: 0 for the clean realistic sheet. */
  schemaRows: number;
}

const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

function measureImport(file: string): ImportMeasure {
  const bytes = readFileSync(file);
  // The run starts from a settled heap, so what it holds is the import's.
  globalThis.gc?.();
  const startRssMb = mb(process.memoryUsage().rss);
  // Heap in use is highest just before a collection: the profiler records it at each one.
  const profiler = new GCProfiler();
  profiler.start();
  const start = performance.now();
  const loaded = loadDraft({ id: '0'.repeat(32), fileName: 'bench.csv', bytes });
  if (!loaded.ok) throw new Error(loaded.error.message);
  const schemaIssues = schemaIssuesOf(loaded.value, loaded.value.rows.keys());
  const ms = performance.now() - start;
  const endHeap = process.memoryUsage().heapUsed;
  const collections = profiler.stop()?.statistics ?? [];
  return {
    ms: Math.round(ms * 10) / 10,
    peakRssMb: mb(process.resourceUsage().maxRSS * 1024),
    peakHeapMb: mb(Math.max(endHeap, ...collections.map((gc) => gc.beforeGC.heapStatistics.usedHeapSize))),
    startRssMb,
    rows: loaded.value.rows.length,
    schemaRows: schemaIssues.size,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: import-parse.child <file.csv>');
  console.log(`${MEASURED_PREFIX}${JSON.stringify(measureImport(file))}`);
}
