import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDevice, newDocumentId } from '../../../../main/api/devices';
import { openBatchRunner, type BatchRunner, type BatchRunnerOptions } from '../../../../main/import/runner';
import type { BatchSpec } from '../../../../main/import/operations';
import { runBatch } from '../../../support/run-batch';
import { census, client, journalFolder, progressLog, quietLog, sandbox } from './helpers';
import { creates, documentOf, phone, specOf, type RowPlan } from '../../../support/batch-spec';

function open(file: string, spec: BatchSpec | undefined, options: BatchRunnerOptions): BatchRunner {
  const runner = openBatchRunner(spec ? { file, spec } : { file }, options);
  if (!runner.ok) throw new Error(runner.error.message);
  return runner.value;
}

const journalKinds = (file: string, kind: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.includes(`"kind":"${kind}"`));

/** Rows plus two updates of devices already on the account. */
async function withUpdates(sb: Awaited<ReturnType<typeof sandbox>>, rows: RowPlan[]): Promise<RowPlan[]> {
  const api = client(sb);
  sb.configure({ charges: false });
  const updates: RowPlan[] = [];
  for (const n of [500, 501]) {
    const p = phone(n, 'Old');
    const made = await createDevice(api, { ...documentOf(p), id: newDocumentId() });
    if (!made.ok) throw new Error(made.error.message);
    updates.push({ action: 'update', phone: p, deviceId: made.value.device.id, changes: { enabled: false } });
  }
  sb.configure({ charges: true });
  return [...rows, ...updates];
}

describe('charges (402)', () => {
  it('asks once for the whole batch; accepting sends every create with accept_charges', async () => {
    const sb = await sandbox({ charges: true });
    const spec = specOf(await withUpdates(sb, creates(40)));
    const file = path.join(journalFolder(), 'charges.jsonl');
    const progress = progressLog();
    const runner = open(file, spec, { client: client(sb), log: quietLog, onProgress: progress.onProgress });
    const run = runner.run();

    await progress.until((p) => p.state === 'waiting_for_charges');
    await runner.whenIdle();
    expect(runner.progress()).toMatchObject({ state: 'waiting_for_charges', created: 0 });
    expect(census(sb).devices).toHaveLength(2);
    expect(runner.control('accept_charges')).toMatchObject({ ok: true, value: { state: 'running' } });

    const result = await run;
    expect(result).toMatchObject({ ok: true, value: { progress: { state: 'finished', created: 40, updated: 2, failed: 0 } } });
    const states = progress.events.map((p) => p.state).filter((state, i, all) => state !== all[i - 1]);
    expect(states).toEqual(['running', 'waiting_for_charges', 'running', 'finished']);
    expect(journalKinds(file, 'charges')).toHaveLength(1);
    expect(census(sb).devices).toHaveLength(42);
  });

  it('declining fails the remaining creates and still carries out the updates', async () => {
    const sb = await sandbox({ charges: true });
    const spec = specOf(await withUpdates(sb, creates(20)));
    const progress = progressLog();
    const runner = open(path.join(journalFolder(), 'decline.jsonl'), spec, {
      client: client(sb),
      log: quietLog,
      onProgress: progress.onProgress,
    });
    const run = runner.run();
    await progress.until((p) => p.state === 'waiting_for_charges');
    expect(runner.control('decline_charges').ok).toBe(true);
    expect(runner.control('decline_charges')).toMatchObject({ ok: false, error: { kind: 'invalid_request' } });

    const result = await run;
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.progress).toMatchObject({ state: 'finished', created: 0, updated: 2, failed: 20 });
    for (const row of result.value.rows.slice(0, 20)) {
      expect(row).toMatchObject({ outcome: 'failed', error: { message: expect.stringMatching(/charges not accepted/i) } });
    }
    expect(census(sb).devices.filter((d) => d['enabled'] === false)).toHaveLength(2);
  });
});

describe('pause, resume, cancel', () => {
  // The server admits 100 requests a second and the client keeps to it, so the batch lasts long enough to be steered.
  const paced = { burst: 5, perSecond: 100 };

  it('pauses after the requests in flight, resumes, and finishes every row once', async () => {
    const sb = await sandbox({ rateLimit: paced });
    const spec = specOf(creates(120));
    const progress = progressLog();
    const runner = open(path.join(journalFolder(), 'pause.jsonl'), spec, {
      client: client(sb, { rateLimit: paced }),
      log: quietLog,
      onProgress: progress.onProgress,
    });
    const run = runner.run();

    await progress.until((p) => p.done >= 10);
    expect(runner.control('pause')).toMatchObject({ ok: true, value: { state: 'paused' } });
    await runner.whenIdle();
    const paused = runner.progress();
    expect(paused.state).toBe('paused');
    expect(paused.done).toBeLessThan(120);
    expect(census(sb).devices).toHaveLength(paused.created);

    expect(runner.control('resume')).toMatchObject({ ok: true, value: { state: 'running' } });
    const result = await run;
    expect(result).toMatchObject({ ok: true, value: { progress: { state: 'finished', created: 120 } } });
    expect(census(sb).devices).toHaveLength(120);
    expect(runner.control('pause')).toMatchObject({ ok: false, error: { kind: 'invalid_request' } });
  });

  it('cancels: unsent rows stay pending; resuming the journal later creates the rest exactly once', async () => {
    // Latency keeps requests on the wire when the cancel comes.
    const sb = await sandbox({ latencyMs: 30, rateLimit: paced });
    const spec = specOf(creates(120));
    const file = path.join(journalFolder(), 'cancel.jsonl');
    const progress = progressLog();
    const abort = new AbortController();
    const runner = open(file, spec, {
      client: client(sb, { rateLimit: paced }),
      log: quietLog,
      onProgress: progress.onProgress,
      signal: abort.signal,
    });
    const run = runner.run();

    await progress.until((p) => p.done >= 20);
    abort.abort();
    const result = await run;
    if (!result.ok) throw new Error(result.error.message);
    const { progress: cancelled, rows } = result.value;
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.finishedAt).not.toBeNull();
    const pending = rows.filter((row) => row.outcome === 'pending');
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.length + cancelled.created).toBe(120);
    // Requests already on the wire ran to their answer, so the results know every device made.
    expect(census(sb).devices).toHaveLength(cancelled.created);

    const resumed = await runBatch({ file }, { client: client(sb), log: quietLog });
    expect(resumed).toMatchObject({ ok: true, value: { progress: { state: 'finished', created: 120, failed: 0 } } });
    const world = census(sb);
    expect(world.devices).toHaveLength(120);
    expect([...world.byName.values()].every((count) => count === 1)).toBe(true);
  });
});
