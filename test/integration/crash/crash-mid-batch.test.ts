/**
 * A crash in main while a batch runs, then "Restart": the crash handler logs it and tells the
 * window, the restart stops the services (the batch pauses with its journal whole), and the app
 * started again resumes the batch to its end, every phone created exactly once. A process killed
 * outright mid-batch is test/integration/import/faults/kill-resume.test.ts.
 */
import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CrashReport } from '../../../common/crash';
import type { BatchProgress } from '../../../common/import/types';
import type { EventName, EventPayloads } from '../../../common/ipc/events';
import { installCrashHandlers } from '../../../main/crash/crash-handler';
import { Journal } from '../../../main/import/journal';
import { createLogger } from '../../../main/log';
import { startSandbox } from '../../../main/sandbox/server';
import { createMemoryStore } from '../../../main/secrets/memory-store';
import { createServices, type Services } from '../../../main/services';
import { creates, specOf } from '../../support/batch-spec';
import { saveSandboxConnection } from '../../support/sandbox-connection';

const PHONES = 200;
const CRASH_AFTER = 10;

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

describe('a crash in main mid-batch, then Restart', () => {
  it('logs the crash, tells the window, and leaves a journal the restarted app resumes to the end', async () => {
    const sb = await startSandbox({ rateLimit: false, autoRegister: false, seed: 19, latencyMs: 20 });
    open.push(sb);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'crash-mid-batch-'));
    const lines: string[] = [];
    const log = createLogger((line) => lines.push(line));
    const secrets = createMemoryStore(log, 'test');
    const crashes: CrashReport[] = [];
    let crashPoint: () => void = () => undefined;
    const reachedCrashPoint = new Promise<void>((resolve) => (crashPoint = resolve));
    const publish = <E extends EventName>(event: E, payload: EventPayloads[E]) => {
      if (event === 'app:crashed') crashes.push(payload as CrashReport);
      if (event === 'import:progress' && (payload as BatchProgress).created >= CRASH_AFTER) crashPoint();
    };
    let restarting: Promise<void> | undefined;
    const first: Services = createServices({
      host: 'electron',
      version: 'test',
      platform: 'linux',
      log,
      publish,
      userDataDir: dir,
      secrets,
      // The app's restart quits (stopping the services) before it starts again.
      restart: () => (restarting = first.close()),
    });
    const process = new EventEmitter();
    installCrashHandlers(process, { log, version: 'test', publish, now: () => new Date() });

    const saved = await saveSandboxConnection(first, sb);
    const connection = await first.connections.open({ kind: 'saved', id: saved.id });
    if (!connection.ok) throw new Error(connection.error.message);
    const spec = { ...specOf(creates(PHONES)), connectionId: saved.id };
    mkdirSync(path.join(dir, 'batches'), { recursive: true });
    const journal = Journal.create(path.join(dir, 'batches', `${spec.batchId}.jsonl`), spec);
    if (!journal.ok) throw new Error(journal.error.message);
    journal.value.close();
    expect((await first.imports.resumeJournal(path.join(dir, 'batches', `${spec.batchId}.jsonl`), connection.value)).ok).toBe(true);

    await reachedCrashPoint;
    process.emit('uncaughtException', new TypeError("Cannot read properties of undefined (reading 'id')"));
    expect(crashes).toEqual([expect.objectContaining({ message: "Cannot read properties of undefined (reading 'id')" })]);
    expect(lines.some((line) => line.includes('"event":"main.crashed"') && line.includes('"stack":"TypeError'))).toBe(true);

    expect(await first.handlers['app:restart']({})).toEqual({ ok: true, value: {} });
    await restarting;
    const stopped = first.imports.batches().find((batch) => batch.batchId === spec.batchId);
    expect(stopped?.created).toBeLessThan(PHONES);
    expect(sb.state.devices().length).toBeLessThan(PHONES);

    const second = createServices({ host: 'electron', version: 'test', platform: 'linux', log, publish, userDataDir: dir, secrets });
    open.push(second);
    // Stopped mid-run, as after any quit while a batch runs: the Import page offers to resume it.
    expect(second.imports.batches()).toEqual([expect.objectContaining({ batchId: spec.batchId, state: 'interrupted', finishedAt: null })]);
    const reopened = await second.connections.open({ kind: 'saved', id: saved.id });
    if (!reopened.ok) throw new Error(reopened.error.message);
    expect(await second.imports.control({ batchId: spec.batchId, action: 'resume' }, reopened.value)).toMatchObject({ ok: true });
    expect(await second.imports.settled(spec.batchId)).toMatchObject({
      ok: true,
      value: { progress: { state: 'finished', created: PHONES, failed: 0 } },
    });
    const macs = sb.state.devices().map((device) => device.mac_address);
    expect(macs).toHaveLength(PHONES);
    expect(new Set(macs).size).toBe(PHONES);
  }, 60_000);
});
