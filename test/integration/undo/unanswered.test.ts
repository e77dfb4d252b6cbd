import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli/run';
import { startSandbox, type Sandbox } from '../../../main/sandbox/server';
import { accountSnapshot } from '../../support/account-setup';
import { runUntilKilled } from '../../support/cli-process';
import { capturedRun, sandboxEnv } from '../../support/cli-run';
import { FIRST } from './setup';

const open: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((sb) => sb.close()));
});

describe('undo of a batch killed while its requests were on the wire', () => {
  it('deletes what the server carried out though its answer never came', { timeout: 60_000 }, async () => {
    // Killed once each person's second request (their voicemail box) is sent, on connections already open: latency keeps them unanswered.
    const sb = await startSandbox({ rateLimit: false, autoRegister: false, seed: 17, latencyMs: 2000 });
    open.push(sb);
    const home = mkdtempSync(path.join(os.tmpdir(), 'undo-killed-'));
    const csv = path.join(home, 'people.csv');
    writeFileSync(csv, `${FIRST.join('\r\n')}\r\n`);
    const env = { ...sandboxEnv(sb), AUDIAN_HOME: home };
    const beforeImport = await accountSnapshot(sb);
    await runUntilKilled('main/cli.ts', ['import', csv, '--yes'], env, { batchesDir: path.join(home, 'batches') }, 6, 'sent');

    const list = capturedRun(env);
    expect(await runCli(['batches', 'list', '--json'], list.io)).toBe(0);
    const [killed] = JSON.parse(list.out()) as Array<{ id: string }>;
    const undo = capturedRun(env);
    expect(await runCli(['batches', 'undo', killed!.id, '--yes'], undo.io)).toBe(0);
    expect(undo.out()).toContain('Its answer never came; it is on the server.');
    expect(await accountSnapshot(sb)).toEqual(beforeImport);
  });
});
