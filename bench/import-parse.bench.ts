/**
 * The import's front half on a realistic 100,000-row CSV: decode, parse, header and mapping
 * detection, row rules and duplicate checks (`loadDraft`), then KAZOO's schema over every row
 * as main runs it; several timed runs, median against the 2,000 ms the issue allows for parsing
 * and validating 100,000 rows. Run with `npx tsx bench/import-parse.bench.ts`;
 * `benchImportParse()` is the entry point for an aggregating `npm run bench`.
 */
import { pathToFileURL } from 'node:url';
import { loadDraft } from '../common/import/load';
import { withSchemaIssues } from '../main/import/schema-check';
import { realisticCsv } from '../test/fixtures/csv/realistic';
import { against, median, type BenchResult } from './support';

const ROWS = 100_000;
const RUNS = 5;
const BOUND_MS = 2_000;

interface Measured {
  rows: number;
  times: number[];
  /** Heap in use right after each run, while its draft is still alive. */
  heapAfter: number[];
}

function measure(rows: number, runs: number): Measured {
  const bytes = realisticCsv(rows);
  const times: number[] = [];
  const heapAfter: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    const result = loadDraft({ id: '0'.repeat(32), fileName: 'bench.csv', bytes });
    if (result.ok) withSchemaIssues(result.value);
    times.push(performance.now() - start);
    heapAfter.push(process.memoryUsage().heapUsed);
    if (!result.ok || result.value.rows.length !== rows) throw new Error(`loadDraft did not read the ${rows} rows`);
  }
  return { rows, times, heapAfter };
}

const resultOf = ({ rows, times }: Measured): BenchResult =>
  against(`parse and validate ${rows.toLocaleString('en-US')} CSV rows (rules + KAZOO schema)`, median(times), 'ms', BOUND_MS, 'lower');

export async function benchImportParse(opts: { rows?: number; runs?: number } = {}): Promise<BenchResult[]> {
  return [resultOf(measure(opts.rows ?? ROWS, opts.runs ?? RUNS))];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const mb = (bytes: number): string => `${Math.round(bytes / 1024 / 1024)} MB`;
  const measured = measure(ROWS, RUNS);
  const result = resultOf(measured);
  console.log(
    `${result.name}: median ${result.median} ${result.unit} (bound ${result.bound} ${result.unit}, ratio ${result.ratio.toFixed(2)})`,
  );
  console.log(
    `runs: ${measured.times.map((t) => Math.round(t)).join(', ')} ms (the first is with a cold JIT, as in a freshly started app)`,
  );
  // maxRSS is the true peak of the process (in kB), the CSV generation and five drafts included.
  console.log(`peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}, peak heap after a run ${mb(Math.max(...measured.heapAfter))}`);
}
