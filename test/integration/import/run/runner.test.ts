import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDevice, newDocumentId } from '../../../../main/api/devices';
import { systemClock, type Clock } from '../../../../main/clock';
import { createLogger } from '../../../../main/log';
import { listBatches } from '../../../../main/import/batch-store';
import { Journal, readJournal } from '../../../../main/import/journal';
import { runBatch } from '../../../support/run-batch';
import { census, client, journalFolder, progressLog, quietLog, sandbox } from './helpers';
import { creates, deviceIdOf, documentOf, phone, specOf, stepOf, type RowPlan } from '../../../support/batch-spec';

describe('running a batch', () => {
  it('creates, updates, skips and reports errors, with the right counts and progress', async () => {
    const sb = await sandbox();
    const api = client(sb);
    const existing: Array<{ id: string; p: ReturnType<typeof phone> }> = [];
    for (let n = 0; n < 15; n++) {
      const p = phone(1000 + n, 'Old');
      const made = await createDevice(api, { ...documentOf(p), id: newDocumentId() });
      if (!made.ok) throw new Error(made.error.message);
      existing.push({ id: made.value.device.id, p });
    }
    const plans: RowPlan[] = [
      ...creates(200),
      ...existing.slice(0, 10).map(({ id, p }) => ({
        action: 'update' as const,
        phone: p,
        deviceId: id,
        changes: { caller_id: { external: { number: '+15125559999' } } },
      })),
      ...existing.slice(10).map(({ id, p }) => ({ action: 'skip' as const, phone: p, deviceId: id })),
      ...[0, 1, 2, 3, 4].map((n) => ({
        action: 'error' as const,
        phone: phone(900 + n),
        reason: 'The MAC address is not valid.',
        column: 'mac_address' as const,
      })),
    ];
    const spec = specOf(plans);
    const folder = journalFolder();
    const progress = progressLog();

    const result = await runBatch(
      { file: path.join(folder, `${spec.batchId}.jsonl`), spec },
      { client: api, log: quietLog, onProgress: progress.onProgress },
    );

    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.progress).toMatchObject({
      state: 'finished',
      total: 220,
      done: 220,
      created: 200,
      updated: 10,
      skipped: 5,
      failed: 5,
    });
    const world = census(sb);
    expect(world.devices).toHaveLength(215);
    for (let n = 0; n < 200; n++) expect(world.byName.get(`Desk ${n}`)).toBe(1);
    for (const { id } of existing.slice(0, 10)) {
      expect(world.devices.find((d) => d._id === id)).toMatchObject({ caller_id: { external: { number: '+15125559999' } } });
    }
    for (let index = 0; index < 200; index++) {
      expect(result.value.rows[index]).toMatchObject({ outcome: 'created', deviceId: deviceIdOf(spec, index) });
    }
    expect(result.value.rows[215]).toMatchObject({
      outcome: 'failed',
      error: { message: 'The MAC address is not valid.', column: 'mac_address' },
    });

    const dones = progress.events.map((event) => event.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(progress.events.at(-1)).toMatchObject({ state: 'finished', done: 220, etaSeconds: null });
    // Every row reaches the UI once, through `changed`, though far fewer events than rows are sent.
    const changed = progress.events.flatMap((event) => event.changed.map((row) => row.row));
    expect(new Set(changed).size).toBe(220);
    expect(progress.events.length).toBeLessThan(220);

    const [summary] = listBatches(folder);
    expect(summary).toMatchObject({ batchId: spec.batchId, state: 'finished', created: 200, updated: 10 });
    expect(summary?.deviceIds).toHaveLength(210);
  });

  it('creates every row exactly once through 503s, resets and lost answers', async () => {
    const sb = await sandbox({ seed: 42, faults: { unavailable: 0.1, reset: 0.05, lost: 0.1 } });
    const api = client(sb);
    const spec = specOf(creates(150));
    const result = await runBatch({ file: path.join(journalFolder(), 'faults.jsonl'), spec }, { client: api, log: quietLog });

    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.progress).toMatchObject({ state: 'finished', created: 150, failed: 0 });
    const world = census(sb);
    expect(world.devices).toHaveLength(150);
    expect([...world.byName.values()].every((count) => count === 1)).toBe(true);
    expect(world.ids).toEqual(new Set(spec.units.map((_, index) => deviceIdOf(spec, index))));
    const faults = sb.state.stats().faults;
    expect(faults.unavailable).toBeGreaterThan(0);
    expect(faults.reset).toBeGreaterThan(0);
    expect(faults.lost).toBeGreaterThan(0);
  });

  it("waits out a network that fails even the client's retries, instead of failing the rows", async () => {
    const sb = await sandbox();
    const api = client(sb, { retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 2 } });
    const lines: string[] = [];
    const spec = specOf(creates(12));
    expect((await api.authenticate()).ok).toBe(true);
    // Both workers' first creates go once (no client retry) and fail, are sent again at once and fail
    // twice more: the client gives up on each, the batch holds a second.
    sb.injectFault('reset', 6);
    const result = await runBatch(
      { file: path.join(journalFolder(), 'offline.jsonl'), spec },
      { client: api, log: createLogger((line) => lines.push(line)), concurrency: 2 },
    );

    expect(result).toMatchObject({ ok: true, value: { progress: { state: 'finished', created: 12, failed: 0 } } });
    expect(lines.some((line) => line.includes('import.batch_waiting'))).toBe(true);
    expect(census(sb).devices).toHaveLength(12);
  });

  it('puts a server validation error on the row and the CSV column it came from', async () => {
    const sb = await sandbox();
    const api = client(sb);
    const taken = phone(1, 'Taken');
    await createDevice(api, { ...documentOf(taken), id: newDocumentId() });
    const duplicateMac = { ...phone(2), mac: taken.mac };
    const longName = { ...phone(3), name: 'x'.repeat(129) };
    const spec = specOf([
      { action: 'create', phone: duplicateMac },
      { action: 'create', phone: longName },
      { action: 'create', phone: phone(4) },
    ]);
    const result = await runBatch({ file: path.join(journalFolder(), 'errors.jsonl'), spec }, { client: api, log: quietLog });

    if (!result.ok) throw new Error(result.error.message);
    const [mac, name, fine] = result.value.rows;
    expect(mac).toMatchObject({
      outcome: 'failed',
      deviceId: null,
      error: {
        column: 'mac_address',
        fields: [{ column: 'mac_address', path: 'mac_address', message: expect.stringMatching(/already in use/) }],
      },
    });
    expect(name).toMatchObject({ outcome: 'failed', error: { column: 'name', fields: [expect.objectContaining({ path: 'name' })] } });
    expect(fine).toMatchObject({ outcome: 'created' });
    expect(census(sb).devices).toHaveLength(2);
  });

  it('resumes a journal: finished rows are not sent again, rows sent without an answer are re-sent safely', async () => {
    const sb = await sandbox();
    const api = client(sb);
    const spec = specOf(creates(30));
    const file = path.join(journalFolder(), 'resume.jsonl');
    const created = Journal.create(file, spec);
    if (!created.ok) throw new Error(created.error.message);
    const journal = created.value;
    const at = new Date().toISOString();
    const apply = async (op: number) => {
      const step = stepOf(spec, op);
      if (step.action !== 'create') throw new Error('expected a create');
      expect((await createDevice(api, { ...(step.document as ReturnType<typeof documentOf>), id: step.id })).ok).toBe(true);
      return step.id;
    };
    // A first run got through rows 0-9, had row 10 applied on the server but lost its answer, and
    // died while writing down the answer to row 11, which the server never saw.
    journal.append({ kind: 'session', at });
    for (let op = 0; op < 10; op++) {
      journal.append({ kind: 'sent', unit: op, step: 0, attempt: 1, at });
      journal.append({ kind: 'done', unit: op, step: 0, outcome: 'created', id: await apply(op), error: null, at });
    }
    journal.append({ kind: 'sent', unit: 10, step: 0, attempt: 1, at });
    await apply(10);
    journal.append({ kind: 'sent', unit: 11, step: 0, attempt: 1, at });
    journal.close();
    appendFileSync(file, '{"kind":"done","unit":11,"step":0,"outc');

    const resumer = client(sb);
    const resumed = await runBatch({ file }, { client: resumer, log: quietLog });

    if (!resumed.ok) throw new Error(resumed.error.message);
    expect(resumed.value.progress).toMatchObject({ state: 'finished', created: 30, failed: 0 });
    // Rows 10-29 are sent; row 10 meets "already there" and is confirmed with one GET.
    expect(resumer.stats.requests - resumer.stats.authentications).toBe(21);
    const world = census(sb);
    expect(world.devices).toHaveLength(30);
    expect([...world.byName.values()].every((count) => count === 1)).toBe(true);
    const replay = readJournal(file);
    if (!replay.ok) throw new Error(replay.error.message);
    expect(replay.value.unreadableLines).toBe(0);
    expect(replay.value.attempts.get('10.0')).toBe(2);
    expect(replay.value.attempts.get('11.0')).toBe(2);
    expect(replay.value.attempts.get('12.0')).toBe(1);

    const again = client(sb);
    const rerun = await runBatch({ file }, { client: again, log: quietLog });
    expect(rerun).toMatchObject({ ok: true, value: { progress: { state: 'finished', created: 30 } } });
    expect(again.stats.requests).toBe(0);
  });

  it("a second batch of the same plan does not take the first one's documents for its own (nor delete them)", async () => {
    const sb = await sandbox();
    const api = client(sb);
    const spec = specOf(creates(3));
    const first = await runBatch({ file: path.join(journalFolder(), 'first.jsonl'), spec }, { client: api, log: quietLog });
    expect(first).toMatchObject({ ok: true, value: { progress: { created: 3 } } });

    const second = await runBatch(
      { file: path.join(journalFolder(), 'second.jsonl'), spec: { ...spec, batchId: newDocumentId() } },
      { client: api, log: quietLog },
    );

    if (!second.ok) throw new Error(second.error.message);
    expect(second.value.progress).toMatchObject({ state: 'finished', created: 0, failed: 3 });
    expect(second.value.rows.map((row) => row.error?.message)).toEqual(
      Array.from({ length: 3 }, () => expect.stringMatching(/^Already made by another batch/)),
    );
    expect(second.value.rows.map((row) => row.deviceId)).toEqual([null, null, null]);
    expect(census(sb).devices).toHaveLength(3);
  });

  /**
   * A batch of one create that a first run sent twice, each time held by a network that failed
   * even the client's retries, and a server that fails the next request: resumed, it must wait.
   */
  async function heldBatch() {
    const sb = await sandbox();
    const spec = specOf(creates(1));
    const file = path.join(journalFolder(), 'held.jsonl');
    const created = Journal.create(file, spec);
    if (!created.ok) throw new Error(created.error.message);
    const at = new Date().toISOString();
    created.value.append({ kind: 'session', at });
    created.value.append({ kind: 'sent', unit: 0, step: 0, attempt: 1, at });
    created.value.append({ kind: 'sent', unit: 0, step: 0, attempt: 2, at });
    created.value.close();
    const api = client(sb, { retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 } });
    expect((await api.authenticate()).ok).toBe(true);
    sb.injectFault('unavailable', 1);
    return { sb, spec, file, api };
  }

  it('goes on after a wait whose timer fires a little before the clock reads its end, as Node timers may', async () => {
    const { file, api } = await heldBatch();
    const earlyTimers: Clock = { now: () => Date.now(), schedule: (ms, task) => systemClock.schedule(Math.max(0, ms - 20), task) };

    const resumed = await runBatch({ file }, { client: api, log: quietLog, clock: earlyTimers });

    expect(resumed).toMatchObject({ ok: true, value: { progress: { state: 'finished', created: 1, failed: 0 } } });
  }, 10_000);

  it('gives a step up after repeated server failures only: earlier network waits do not count toward it', async () => {
    const { sb, spec, file, api } = await heldBatch();

    const resumed = await runBatch({ file }, { client: api, log: quietLog });

    expect(resumed).toMatchObject({ ok: true, value: { progress: { state: 'finished', created: 1, failed: 0 } } });
    expect(census(sb).ids).toEqual(new Set([deviceIdOf(spec, 0)]));
  });
});
