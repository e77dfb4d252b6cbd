/**
 * One measured import in a process of its own (started by import-parse.bench.ts): the CSV file's
 * bytes to a draft checked by the row rules and KAZOO's schema, as the app's draft worker runs it.
 * Prints one line: the time, the process's peak RSS and the peak heap in use, in that order of
 * interest, with the RSS before the import (Node, tsx and the modules) for scale.
 */
import { readFileSync } from 'node:fs';
import { GCProfiler } from 'node:v8';
import { loadDraft } from '../common/import/load';
import { schemaIssuesOf } from '../main/import/schema-check';
import { MEASURED_PREFIX, type ImportMeasure } from './import-parse.bench';

const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

const file = process.argv[2];
if (!file) throw new Error('usage: import-parse.child.ts <file.csv>');
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
const gcs = profiler.stop()?.statistics ?? [];
const peakHeap = Math.max(endHeap, ...gcs.map((gc) => gc.beforeGC.heapStatistics.usedHeapSize));
const measured: ImportMeasure = {
  ms: Math.round(ms * 10) / 10,
  peakRssMb: mb(process.resourceUsage().maxRSS * 1024),
  peakHeapMb: mb(peakHeap),
  startRssMb,
  rows: loaded.value.rows.length,
  schemaRows: schemaIssues.size,
};
console.log(`${MEASURED_PREFIX}${JSON.stringify(measured)}`);
