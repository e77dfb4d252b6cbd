/**
 * `npm run bench`: every speed and memory target in one bounded run. Prints a table (median of
 * several runs, the bound the issue names, the ratio median / bound, whether it is met) and
 * writes bench/results.json. `--quick` runs each bench fewer times, for a look during work.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchImportParse } from './import-parse.bench';
import { benchImportRun } from './import-run.bench';
import { benchRegistrations } from './registrations.bench';
import { benchSandbox } from './sandbox.bench';
import { ROOT, type BenchResult } from './support';

const { values } = parseArgs({ options: { quick: { type: 'boolean' } } });
const quick = values.quick === true;

const benches: Array<[string, () => Promise<BenchResult[]>]> = [
  ['sandbox', () => benchSandbox({ runs: quick ? 2 : 5 })],
  ['import parse', () => benchImportParse({ runs: quick ? 2 : 5 })],
  ['registrations', () => benchRegistrations({ runs: quick ? 3 : 5 })],
  ['import run', () => benchImportRun({ runs: quick ? 1 : 3, report: (line) => console.error(line) })],
];

const results: BenchResult[] = [];
for (const [label, run] of benches) {
  console.error(`running ${label}...`);
  results.push(...(await run()));
}

const rows = results.map((r) => [r.name, `${r.median} ${r.unit}`, `${r.bound} ${r.unit}`, r.ratio.toFixed(3), r.meets ? 'yes' : 'NO']);
const headers = ['benchmark', 'median', 'bound', 'ratio', 'met'];
const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)));
for (const line of [headers, ...rows]) console.log(line.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  '));

writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify({ at: new Date().toISOString(), quick, results }, null, 2)}\n`);
process.exitCode = results.every((r) => r.meets) ? 0 : 1;
