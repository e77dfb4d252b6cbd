/**
 * kill -9 in the middle of a batch: a child process runs a 300-row import against an in-process
 * sandbox and is killed once its journal shows a seeded number of answered rows; the batch is
 * then resumed here from the journal. Afterwards every row exists exactly once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, fstatSync, openSync, readSync, watch, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runBatch } from '../../../../main/import/runner';
import { mulberry32 } from '../../../../main/sandbox/prng';
import { census, client, journalFolder, quietLog, sandbox } from './helpers';
import { creates, specOf } from './spec';

const ROOT = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
const CHILD = path.join(ROOT, 'test/integration/import/run/fixtures/crash-child.ts');
const ROWS = 300;
const RATE_LIMIT = { burst: 10, perSecond: 150 };
const random = mulberry32(20_240_611);
const KILL_POINTS = [0, 1, 2].map(() => random.between(20, ROWS - 40));

/** Resolves once the journal holds `count` answered rows; watches the folder, reads only what was added. */
function journalReaches(file: string, count: number, child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let offset = 0;
    let partial = '';
    let done = 0;
    const check = (): void => {
      let fd: number;
      try {
        fd = openSync(file, 'r');
      } catch {
        return; // not created yet
      }
      try {
        const size = fstatSync(fd).size;
        if (size <= offset) return;
        const buffer = Buffer.alloc(size - offset);
        readSync(fd, buffer, 0, buffer.length, offset);
        offset = size;
        const lines = (partial + buffer.toString('utf8')).split('\n');
        partial = lines.pop() ?? '';
        done += lines.filter((line) => line.startsWith('{"kind":"done"')).length;
      } finally {
        closeSync(fd);
      }
      if (done >= count) finish(resolve);
    };
    const onExit = (code: number | null): void =>
      finish(() => reject(new Error(`the child ended by itself (code ${code}) before ${count} rows`)));
    const watcher = watch(path.dirname(file), check);
    const finish = (then: () => void): void => {
      watcher.close();
      child.off('exit', onExit);
      then();
    };
    child.once('exit', onExit);
    check();
  });
}

describe('a batch killed with SIGKILL and resumed from its journal', () => {
  it.each(KILL_POINTS)('creates every row exactly once (killed after %i answered rows)', async (killAfter) => {
    const sb = await sandbox({ latencyMs: 5, rateLimit: RATE_LIMIT });
    const spec = specOf(creates(ROWS));
    const folder = journalFolder();
    const specFile = path.join(folder, 'spec.json');
    const journalFile = path.join(folder, `${spec.batchId}.jsonl`);
    writeFileSync(specFile, JSON.stringify(spec));

    // node with tsx's loader, not the tsx command: that one runs the script in a grandchild, which
    // would outlive a SIGKILL sent to it and go on importing beside the resume.
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, specFile, journalFile], {
      cwd: ROOT,
      env: {
        ...process.env,
        SANDBOX_URL: sb.url,
        ACCOUNT_ID: sb.account.id,
        API_KEY: sb.credentials.apiKey,
        RATE_LIMIT: `${RATE_LIMIT.burst}:${RATE_LIMIT.perSecond}`,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    await journalReaches(journalFile, killAfter, child);
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    const [, signal] = await exited;
    expect(signal).toBe('SIGKILL');
    const beforeResume = census(sb).devices.length;
    expect(beforeResume).toBeLessThan(ROWS);

    const resumer = client(sb, { rateLimit: RATE_LIMIT });
    const resumed = await runBatch({ file: journalFile }, { client: resumer, log: quietLog });

    if (!resumed.ok) throw new Error(resumed.error.message);
    expect(resumed.value.progress).toMatchObject({ state: 'finished', created: ROWS, failed: 0 });
    const world = census(sb);
    expect(world.devices).toHaveLength(ROWS);
    expect(world.byName.size).toBe(ROWS);
    expect([...world.byName.values()].every((count) => count === 1)).toBe(true);
    expect(world.ids).toEqual(new Set(spec.operations.map((operation) => (operation.action === 'create' ? operation.deviceId : ''))));
    // The resume sent only what was left, give or take the rows that were on the wire at the kill.
    const sent = resumer.stats.requests - resumer.stats.authentications - resumer.stats.throttled;
    expect(sent).toBeGreaterThanOrEqual(ROWS - beforeResume);
    expect(sent).toBeLessThan(ROWS - killAfter + 20);
  });
});
