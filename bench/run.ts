/**
 * `npm run bench`: every speed and memory target in one bounded run. Each group runs in a process
 * of its own (its peak memory is then its own, and a forced GC is there for the memory targets).
 * Prints a table (median of several runs and their spread, the bound the issue names, the ratio median / bound,
 * whether it is met, the group's peak RSS) and writes bench/results.json. `--quick` runs each
 * bench fewer times; `--only NAME` runs one group and replaces only that group's rows (each
 * dated) in results.json, so one group can be measured again without the half hour of the rest.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { BENCH_GROUPS, RESULTS_PREFIX } from './groups';
import { ROOT, type BenchResult } from './support';

const { values } = parseArgs({ options: { quick: { type: 'boolean' }, only: { type: 'string' } } });
const quick = values.quick === true;
const groups = Object.keys(BENCH_GROUPS).filter((name) => values.only === undefined || name === values.only);
if (groups.length === 0) throw new Error(`no bench group '${values.only}': one of ${Object.keys(BENCH_GROUPS).join(', ')}`);

async function runGroup(name: string): Promise<RecordedResult[]> {
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(ROOT, 'bench', 'group.ts'), name, ...(quick ? ['--quick'] : [])],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  let output: { results: BenchResult[]; peakRssMb: number } | undefined;
  for await (const line of createInterface({ input: child.stdout })) {
    if (line.startsWith(RESULTS_PREFIX)) output = JSON.parse(line.slice(RESULTS_PREFIX.length));
    else console.error(line);
  }
  const code = await exited;
  if (code !== 0 || !output) throw new Error(`bench group '${name}' failed (exit ${code})`);
  const { peakRssMb } = output;
  const at = new Date().toISOString();
  // The group's process as a whole (its sandbox child and browser aside); a bench that measures
  // its subject in a process of its own reports that as a row of its own.
  return output.results.map((result) => ({ ...result, group: name, at, quick, extra: { ...result.extra, groupPeakRssMb: peakRssMb } }));
}

/** A result as results.json keeps it: which group measured it, when, and whether quickly. */
type RecordedResult = BenchResult & { group: string; at: string; quick: boolean };

const results: RecordedResult[] = [];
for (const name of groups) {
  console.error(`running ${name}...`);
  results.push(...(await runGroup(name)));
}

const rows = results.map((r) => [
  r.name,
  `${r.median} ${r.unit}`,
  r.spread ? `${r.spread.min} to ${r.spread.max} (${r.spread.runs} runs)` : '',
  `${r.bound} ${r.unit}`,
  r.ratio.toFixed(3),
  r.reference ? 'ref' : r.meets ? 'yes' : 'NO',
  `${r.extra?.['groupPeakRssMb'] ?? ''} MB`,
]);
const headers = ['benchmark', 'median', 'spread', 'bound', 'ratio', 'met', 'group peak RSS'];
const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)));
for (const line of [headers, ...rows]) console.log(line.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  '));

const resultsFile = join(ROOT, 'bench', 'results.json');
const kept: RecordedResult[] =
  values.only !== undefined && existsSync(resultsFile)
    ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as { results: RecordedResult[] }).results.filter((r) => r.group !== values.only)
    : [];
const order = Object.keys(BENCH_GROUPS);
const recorded = [...kept, ...results].sort((a, b) => order.indexOf(a.group) - order.indexOf(b.group));
writeFileSync(resultsFile, `${JSON.stringify({ results: recorded }, null, 2)}\n`);
process.exitCode = results.every((r) => r.meets) ? 0 : 1;
