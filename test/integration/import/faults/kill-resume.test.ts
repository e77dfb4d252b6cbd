/**
 * kill -9, five times over: the real command line (`audian-provision import`) runs a 200-row
 * rollout against an in-process sandbox and is killed with SIGKILL once its journal shows a seeded
 * number of answered rows; `--resume` picks the journal up, and is itself killed, five times in
 * all; a last `--resume --report` finishes the run. Afterwards every row exists exactly once, as
 * its CSV row says, and the report says created for each.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_IN_FLIGHT } from '../../../../main/api/rate-limiter';
import { runCli } from '../../../../main/cli/run';
import { mulberry32 } from '../../../../main/sandbox/prng';
import { startSandbox, type Sandbox } from '../../../../main/sandbox/server';
import { capturedRun, sandboxEnv } from '../../../support/cli-run';
import { runCliUntilKilled } from '../../../support/cli-process';
import { addSampleOwners } from '../../../support/sample-owners';
import { expectRolloutImported, rolloutCsv, rolloutRows } from './rollout';

const ROWS = 200;
/** Five processes start cold (node, tsx, the CLI) on a busy 2-core machine: seconds each. */
const TIMEOUT_MS = 120_000;
const random = mulberry32(20_240_611);
/** Answered rows in the journal at each kill; each process answers 8 to 36 rows before its own. */
const KILL_POINTS = [0, 0, 0, 0, 0].reduce<number[]>((points) => [...points, (points.at(-1) ?? 0) + random.between(8, 36)], []);

const open: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((sb) => sb.close()));
});

describe('an import killed with SIGKILL five times and resumed each time', () => {
  it(
    `creates every row exactly once (killed at ${KILL_POINTS.join(', ')} answered rows)`,
    async () => {
      const sb = await startSandbox({ rateLimit: false, autoRegister: false, seed: 12, latencyMs: 20 });
      open.push(sb);
      await addSampleOwners(sb);
      const dir = mkdtempSync(path.join(os.tmpdir(), 'import-kill-'));
      const csv = path.join(dir, 'site-3.csv');
      const journal = path.join(dir, 'run.jsonl');
      const report = path.join(dir, 'site-3-results.csv');
      const rows = rolloutRows(ROWS);
      writeFileSync(csv, rolloutCsv(rows));
      const env = { ...sandboxEnv(sb), AUDIAN_HOME: dir };
      const retried = () => (sb.state.stats().byStatus[400] ?? 0) + (sb.state.stats().byStatus[409] ?? 0);
      const retriedBefore = retried();

      for (const [n, killAt] of KILL_POINTS.entries()) {
        const args = n === 0 ? ['import', csv, '--yes', '--journal', journal] : ['import', '--journal', journal, '--resume'];
        await runCliUntilKilled(args, env, { file: journal }, killAt);
        expect(sb.state.devices().length).toBeLessThan(ROWS);
      }

      const last = capturedRun(env);
      expect(await runCli(['import', '--journal', journal, '--resume', '--report', report], last.io)).toBe(0);
      expect(last.lastLine()).toBe(`created ${ROWS}, updated 0, skipped 0, failed 0`);
      expectRolloutImported(sb, rows, readFileSync(report, 'utf8'));
      // Each resume sent only what was left: a create sent again (answered "already there") is one
      // that was on the wire when its process was killed (the client keeps at most MAX_IN_FLIGHT there).
      expect(retried() - retriedBefore).toBeLessThanOrEqual(KILL_POINTS.length * MAX_IN_FLIGHT);
    },
    TIMEOUT_MS,
  );
});
