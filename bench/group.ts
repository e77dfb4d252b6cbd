/**
 * One bench group in this process (started by bench/run.ts with --expose-gc), so its peak memory
 * is its own and a forced GC is available. The results go to stdout as one JSON line.
 */
import { parseArgs } from 'node:util';
import { BENCH_GROUPS, RESULTS_PREFIX } from './groups';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { quick: { type: 'boolean' } } });
const group = BENCH_GROUPS[positionals[0] ?? ''];
if (!group) throw new Error(`unknown bench group '${positionals[0] ?? ''}': one of ${Object.keys(BENCH_GROUPS).join(', ')}`);
const results = await group(values.quick === true);
const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(`${RESULTS_PREFIX}${JSON.stringify({ results, peakRssMb })}`);
