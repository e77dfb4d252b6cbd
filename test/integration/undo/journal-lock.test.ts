import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../main/log';
import { openBatchRunner } from '../../../main/import/runner';
import { value } from '../../support/value';
import { FIRST, importSheet, setup } from './setup';

const log = createLogger(() => {});
const children: Array<ReturnType<typeof spawn>> = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** Another process on this computer, alive until the test ends it. */
async function otherProcess(): Promise<ReturnType<typeof spawn>> {
  const child = spawn(process.execPath, ['-e', 'process.stdout.write("up"); setInterval(() => {}, 1 << 30)'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  children.push(child);
  await once(child.stdout!, 'data');
  return child;
}

describe('a batch journal is run by one process at a time', () => {
  it('a second runner on a journal being run is refused; a lock whose process is gone is taken over', async () => {
    const { services, connection, userDataDir } = await setup({ latencyMs: 100 });
    const batchId = await importSheet(services, connection, FIRST.slice(0, 2), 'skip');
    const journal = path.join(userDataDir, 'batches', `${batchId}.jsonl`);
    const options = { client: connection.client, log };

    const first = value(openBatchRunner({ file: journal }, options));
    const second = openBatchRunner({ file: journal }, options);
    expect(!second.ok && second.error.message).toBe(
      `This batch is running in another process (pid ${process.pid}): let it finish or pause it there (or close that app or command), then try again.`,
    );
    value(await first.run());

    // A process that died holding the lock (a crash, a kill) leaves it behind: it is stale.
    const gone = await otherProcess();
    gone.kill('SIGKILL');
    await once(gone, 'exit');
    writeFileSync(`${journal}.lock`, String(gone.pid));
    value(await value(openBatchRunner({ file: journal }, options)).run());
  });

  it('an undo of a batch another process is running is refused', async () => {
    const { services, connection, userDataDir } = await setup();
    const batchId = await importSheet(services, connection, FIRST.slice(0, 2), 'skip');
    const other = await otherProcess();
    writeFileSync(path.join(userDataDir, 'batches', `${batchId}.jsonl.lock`), String(other.pid));
    const refused = await services.undo.plan(connection, batchId);
    expect(!refused.ok && refused.error.message).toBe(
      `This batch is running in another process (pid ${other.pid}): let it finish or pause it there (or close that app or command), then try again.`,
    );
    other.kill('SIGKILL');
    await once(other, 'exit');
    expect(value(await services.undo.plan(connection, batchId)).counts.delete).toBe(4);
  });
});
