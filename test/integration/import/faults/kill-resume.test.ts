/**
 * kill -9, five times over: the real command line (`audian-provision import`) runs a 200-row
 * rollout against an in-process sandbox and is killed with SIGKILL once its journal shows a seeded
 * number of answered rows; `--resume` picks the journal up, and is itself killed, five times in
 * all; a last `--resume --report` finishes the run. Afterwards every row exists exactly once, as
 * its CSV row says, and the report says created for each.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, fstatSync, mkdtempSync, openSync, readFileSync, readSync, watch, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../../main/cli/run';
import { mulberry32 } from '../../../../main/sandbox/prng';
import { startSandbox, type Sandbox } from '../../../../main/sandbox/server';
import { capturedRun, sandboxEnv } from '../../../support/cli-run';
import { addSampleOwners } from '../../../support/sample-owners';
import { expectRolloutImported, rolloutCsv, rolloutRows } from './rollout';

const ROOT = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
const ROWS = 200;
/** Five processes start cold (node, tsx, the CLI) on a busy 2-core machine: seconds each. */
const TIMEOUT_MS = 120_000;
/** The runner's default: at most this many creates are on the wire when a kill lands. */
const IN_FLIGHT = 4;
const random = mulberry32(20_240_611);
/** Answered rows in the journal at each kill; each process answers 8 to 36 rows before its own. */
const KILL_POINTS = [0, 0, 0, 0, 0].reduce<number[]>((points) => [...points, (points.at(-1) ?? 0) + random.between(8, 36)], []);

const open: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((sb) => sb.close()));
});

/** Answered rows in the journal so far; reads only what was added since the last call. */
function doneCounter(file: string): () => number {
  let offset = 0;
  let partial = '';
  let done = 0;
  return () => {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch {
      return done; // not created yet
    }
    try {
      const size = fstatSync(fd).size;
      if (size > offset) {
        const buffer = Buffer.alloc(size - offset);
        readSync(fd, buffer, 0, buffer.length, offset);
        offset = size;
        const lines = (partial + buffer.toString('utf8')).split('\n');
        partial = lines.pop() ?? '';
        done += lines.filter((line) => line.startsWith('{"kind":"done"')).length;
      }
    } finally {
      closeSync(fd);
    }
    return done;
  };
}

/**
 * Runs the CLI in a process of its own (node with tsx's loader, not the tsx command: that one runs
 * the script in a grandchild, which would outlive the SIGKILL and go on importing beside the
 * resume) and kills it once the journal holds `killAt` answered rows.
 */
async function runUntilKilled(args: string[], env: NodeJS.ProcessEnv, journal: string, killAt: number): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'main/cli.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = once(child, 'exit');
  const done = doneCounter(journal);
  await new Promise<void>((resolve, reject) => {
    const watcher = watch(path.dirname(journal), () => {
      if (done() < killAt) return;
      watcher.close();
      child.off('exit', onExit);
      resolve();
    });
    const onExit = (code: number | null): void => {
      watcher.close();
      reject(new Error(`the import ended by itself (code ${code}) before ${killAt} rows:\n${stderr}`));
    };
    child.once('exit', onExit);
  });
  child.kill('SIGKILL');
  const [, signal] = await exited;
  expect(signal).toBe('SIGKILL');
}

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
        await runUntilKilled(args, env, journal, killAt);
        expect(sb.state.devices().length).toBeLessThan(ROWS);
      }

      const last = capturedRun(env);
      expect(await runCli(['import', '--journal', journal, '--resume', '--report', report], last.io)).toBe(0);
      expect(last.lastLine()).toBe(`created ${ROWS}, updated 0, skipped 0, failed 0`);
      expectRolloutImported(sb, rows, readFileSync(report, 'utf8'));
      // Each resume sent only what was left: a create sent again (answered "already there") is one
      // that was on the wire when its process was killed.
      expect(retried() - retriedBefore).toBeLessThanOrEqual(KILL_POINTS.length * IN_FLIGHT);
    },
    TIMEOUT_MS,
  );
});
