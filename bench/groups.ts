import { benchDevicesTable } from './devices-table.bench';
import { benchFirstScreen } from './first-screen.bench';
import { benchImportParse } from './import-parse.bench';
import { benchImportPeople } from './import-people.bench';
import { benchImportRun } from './import-run.bench';
import { benchRegistrations } from './registrations.bench';
import { benchSandbox } from './sandbox.bench';
import type { BenchResult } from './support';

/** The line a group's process prints its results on. */
export const RESULTS_PREFIX = 'BENCH_RESULTS=';

/** Every bench group `npm run bench` runs, each in a process of its own, with its runs for a full and a quick look. */
export const BENCH_GROUPS: Record<string, (quick: boolean) => Promise<BenchResult[]>> = {
  sandbox: (quick) => benchSandbox({ runs: quick ? 2 : 5 }),
  'import-parse': (quick) => benchImportParse({ runs: quick ? 2 : 5 }),
  'devices-table': (quick) => benchDevicesTable({ runs: quick ? 3 : 5 }),
  'first-screen': (quick) => benchFirstScreen({ runs: quick ? 3 : 7 }),
  registrations: (quick) => benchRegistrations({ runs: quick ? 2 : 5, cycles: quick ? 10 : 12 }),
  'import-run': (quick) => benchImportRun({ runs: quick ? 1 : 3, report: (line) => console.error(line) }),
  'import-people': (quick) => benchImportPeople({ runs: quick ? 1 : 3, report: (line) => console.error(line) }),
};
