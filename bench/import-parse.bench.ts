/**
 * The import's front half on a realistic 100,000-row CSV, as the desktop app runs it: on main's
 * thread a slice at a time (decode, parse, header and mapping detection, row rules, duplicate
 * checks and KAZOO's schema over every row; main/import/sliced.ts). Each run is a process of its
 * own (import-parse.child.ts), so its peak RSS is the import's alone, not the bench's or an
 * earlier run's; the heap and the longest wait of main's event loop are reported too. The
 * bounded rows are the desktop app's first file: the app warms its import up while its window
 * loads (main/import/warm-up.ts), and so does the measured process first. The reference rows are
 * a process that has read nothing before, as a command-line import is (V8 compiles the code as it
 * goes). The app with a connection open also checks every row against the account (the
 * `connected` rows, an account of 10,000 phones and the sheet's 1,500 owners): the technician's
 * usual path, bounded like the rest. The child is bundled first, as the app's main is:
 * run through tsx, the process would also hold tsx's compiled sources and source maps (about
 * 35 MB), which the app never loads. Run with `npx tsx bench/import-parse.bench.ts`;
 * `benchImportParse()` is the entry point for an aggregating `npm run bench`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { realisticCsv } from '../test/fixtures/csv/realistic';
import { MEASURED_PREFIX, STARTS, type ImportMeasure, type ImportStart } from './import-parse.child';
import { against, median, reference, ROOT, type BenchResult } from './support';

const ROWS = 100_000;
const RUNS = 5;
const BOUND_MS = 1_000;
const BOUND_RSS_MB = 200;

async function runOnce(program: string, file: string, start: ImportStart): Promise<ImportMeasure> {
  const child = spawn(process.execPath, ['--expose-gc', program, file, start], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  let measured: ImportMeasure | undefined;
  for await (const line of createInterface({ input: child.stdout })) {
    if (line.startsWith(MEASURED_PREFIX)) measured = JSON.parse(line.slice(MEASURED_PREFIX.length)) as ImportMeasure;
  }
  const code = await exited;
  if (code !== 0 || !measured) throw new Error(`the import run failed (exit ${code})`);
  return measured;
}

type ImportMeasures = Record<ImportStart, ImportMeasure[]>;

async function measure(rows: number, runs: number): Promise<ImportMeasures> {
  const dir = mkdtempSync(join(tmpdir(), 'import-parse-'));
  try {
    const program = join(dir, 'import-parse.child.mjs');
    await build({
      entryPoints: { 'import-parse.child': join(ROOT, 'bench', 'import-parse.child.ts') },
      outdir: dir,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      logLevel: 'error',
    });
    const file = join(dir, 'bench.csv');
    writeFileSync(file, realisticCsv(rows));
    const measures: ImportMeasures = { app: [], connected: [], fresh: [] };
    // Alternating, so a noisy moment on the machine falls on each.
    for (let run = 0; run < runs; run++) {
      for (const start of STARTS) {
        const measured = await runOnce(program, file, start);
        if (measured.rows !== rows) throw new Error(`the import read ${measured.rows} rows of ${rows}`);
        // The sheet and the account are made to agree: a finding would mean the check measured another path.
        if (measured.accountRows !== 0) throw new Error(`the account check found something on ${measured.accountRows} rows`);
        measures[start].push(measured);
      }
    }
    return measures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const memoryOf = (measures: readonly ImportMeasure[]) => ({
  peakHeapMb: median(measures.map((m) => m.peakHeapMb)),
  longestWaitMs: median(measures.map((m) => m.longestWaitMs)),
  startRssMb: median(measures.map((m) => m.startRssMb)),
});

/** Time and peak RSS of one way of starting, against the bounds (or as a reference row). */
function rowsOf(label: string, measures: readonly ImportMeasure[], bounded: boolean): BenchResult[] {
  const time = measures.map((m) => m.ms);
  const rss = measures.map((m) => m.peakRssMb);
  return bounded
    ? [
        against(`${label}: time`, time, 'ms', BOUND_MS, 'lower'),
        against(`${label}: peak RSS`, rss, 'MB', BOUND_RSS_MB, 'lower', memoryOf(measures)),
      ]
    : [reference(`${label}: time`, time, 'ms', BOUND_MS), reference(`${label}: peak RSS`, rss, 'MB', BOUND_RSS_MB, memoryOf(measures))];
}

function resultsOf(rows: number, { app, connected, fresh }: ImportMeasures): BenchResult[] {
  const what = `parse and validate ${rows.toLocaleString('en-US')} CSV rows (rules + KAZOO schema, own process)`;
  return [
    ...rowsOf(what, app, true),
    ...rowsOf(`${what}, then checked against an account of 10,000 phones and 1,500 users (a connection open)`, connected, true),
    ...rowsOf(`${what}, a fresh process that has read nothing (the command line)`, fresh, false),
  ];
}

export async function benchImportParse(opts: { rows?: number; runs?: number } = {}): Promise<BenchResult[]> {
  const rows = opts.rows ?? ROWS;
  return resultsOf(rows, await measure(rows, opts.runs ?? RUNS));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const measures = await measure(ROWS, RUNS);
  for (const result of resultsOf(ROWS, measures)) {
    console.log(
      `${result.name}: median ${result.median} ${result.unit} (bound ${result.bound} ${result.unit}, ratio ${result.ratio.toFixed(2)})`,
    );
  }
  for (const start of STARTS) {
    const runs = measures[start].map(
      (m) => `${Math.round(m.ms)} ms, ${m.peakRssMb} MB RSS, heap ${m.peakHeapMb} MB, longest event-loop wait ${m.longestWaitMs} ms`,
    );
    console.log(`${start} runs: ${runs.join('; ')}`);
    console.log(
      `${start}: RSS before the import (Node, the modules, the file's bytes): ${median(measures[start].map((m) => m.startRssMb))} MB`,
    );
  }
}
