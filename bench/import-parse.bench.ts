/**
 * The import's front half on a realistic 100,000-row CSV: decode, parse, header and mapping
 * detection, row rules and duplicate checks (`loadDraft`), then KAZOO's schema over every row
 * as main runs it. Each run is a process of its own (import-parse.child.ts), so its peak RSS
 * and heap are the import's alone, not the bench's or an earlier run's. The process reads a
 * 1,000-row head of the file first, as the app's draft worker has once a file was dropped (a
 * first file on a fresh worker also compiles the code as it goes, taking half as long again).
 * The child is bundled first, as the app's worker is: run through tsx, the process would also
 * hold tsx's compiled sources and source maps (about 35 MB), which the app never loads. Run with
 * `npx tsx bench/import-parse.bench.ts`; `benchImportParse()` is the entry point for an
 * aggregating `npm run bench`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { realisticCsv } from '../test/fixtures/csv/realistic';
import { MEASURED_PREFIX, type ImportMeasure } from './import-parse.child';
import { against, median, ROOT, type BenchResult } from './support';

const ROWS = 100_000;
const RUNS = 5;
const BOUND_MS = 1_000;
const BOUND_RSS_MB = 200;

async function runOnce(program: string, file: string): Promise<ImportMeasure> {
  const child = spawn(process.execPath, ['--expose-gc', program, file], {
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

async function measure(rows: number, runs: number): Promise<ImportMeasure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'import-parse-'));
  try {
    const program = join(dir, 'import-parse.child.mjs');
    await build({
      entryPoints: [join(ROOT, 'bench', 'import-parse.child.ts')],
      outfile: program,
      bundle: true,
      platform: 'node',
      format: 'esm',
      logLevel: 'error',
    });
    const file = join(dir, 'bench.csv');
    writeFileSync(file, realisticCsv(rows));
    const measures: ImportMeasure[] = [];
    for (let run = 0; run < runs; run++) {
      const measured = await runOnce(program, file);
      if (measured.rows !== rows) throw new Error(`the import read ${measured.rows} rows of ${rows}`);
      measures.push(measured);
    }
    return measures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function resultsOf(rows: number, measures: readonly ImportMeasure[]): BenchResult[] {
  const what = `parse and validate ${rows.toLocaleString('en-US')} CSV rows (rules + KAZOO schema, own process)`;
  return [
    against(
      `${what}: time`,
      measures.map((m) => m.ms),
      'ms',
      BOUND_MS,
      'lower',
    ),
    against(
      `${what}: peak RSS`,
      measures.map((m) => m.peakRssMb),
      'MB',
      BOUND_RSS_MB,
      'lower',
      {
        peakHeapMb: median(measures.map((m) => m.peakHeapMb)),
        startRssMb: median(measures.map((m) => m.startRssMb)),
      },
    ),
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
  console.log(`runs: ${measures.map((m) => `${Math.round(m.ms)} ms, ${m.peakRssMb} MB RSS, ${m.peakHeapMb} MB heap`).join('; ')}`);
  console.log(
    `RSS before the import (Node, the modules, the warm-up's compiled code, the file's bytes): ${median(measures.map((m) => m.startRssMb))} MB`,
  );
}
