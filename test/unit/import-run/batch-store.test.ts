import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BatchProgress, RowResult } from '../../../common/import/types';
import { journalFileOf, listBatches, loadBatch } from '../../../main/import/batch-store';
import { Journal, type JournalEntry } from '../../../main/import/journal';
import { creates, deviceIdOf, specOf } from '../../support/batch-spec';

const folder = () => mkdtempSync(path.join(os.tmpdir(), 'batches-'));

/** A journal as a runner would have left it: the first `done` rows created, then `last` as the last state. */
function writeBatch(dir: string, name: string, startedAt: string, done: number, last: JournalEntry | null, undoes?: string) {
  const spec = { ...specOf(creates(4), name), ...(undoes ? { origin: 'undo' as const, undoes } : {}) };
  const file = journalFileOf(dir, spec.batchId);
  if (!file.ok) throw new Error(file.error.message);
  const journal = Journal.create(file.value, spec);
  if (!journal.ok) throw new Error(journal.error.message);
  journal.value.append({ kind: 'session', at: startedAt });
  journal.value.append({ kind: 'state', state: 'running', at: startedAt });
  for (let op = 0; op < done; op++) {
    journal.value.append({ kind: 'sent', unit: op, step: 0, attempt: 1, at: startedAt });
    journal.value.append({ kind: 'done', unit: op, step: 0, outcome: 'created', id: deviceIdOf(spec, op), error: null, at: startedAt });
  }
  if (last) journal.value.append(last);
  journal.value.close();
  return { spec, file: file.value };
}

describe('batch store', () => {
  it('lists recent batches first, with the devices they created, and tells interrupted ones apart', () => {
    const dir = folder();
    const finished = writeBatch(dir, 'Monday', '2025-03-03T09:00:00.000Z', 4, {
      kind: 'state',
      state: 'finished',
      at: '2025-03-03T09:01:00.000Z',
    });
    const cancelled = writeBatch(dir, 'Tuesday', '2025-03-04T09:00:00.000Z', 1, {
      kind: 'state',
      state: 'cancelled',
      at: '2025-03-04T09:00:30.000Z',
    });
    const crashed = writeBatch(dir, 'Wednesday', '2025-03-05T09:00:00.000Z', 2, null);
    writeFileSync(path.join(dir, 'junk.jsonl'), 'not a journal');

    const batches = listBatches(dir);
    expect(batches.map((batch) => batch.name)).toEqual(['Wednesday', 'Tuesday', 'Monday']);
    expect(batches[2]).toMatchObject({
      state: 'finished',
      total: 4,
      created: 4,
      finishedAt: '2025-03-03T09:01:00.000Z',
      startedAt: '2025-03-03T09:00:00.000Z',
    });
    expect(batches[2]!.deviceIds).toEqual(finished.spec.units.map((_, index) => deviceIdOf(finished.spec, index)));
    expect(batches[1]).toMatchObject({ batchId: cancelled.spec.batchId, state: 'cancelled', created: 1 });
    expect(batches[0]).toMatchObject({ batchId: crashed.spec.batchId, state: 'interrupted', created: 2, finishedAt: null });
    expect(listBatches(dir, { limit: 1 })).toHaveLength(1);

    // A batch this process runs is not interrupted, whatever its journal says.
    const live = {
      progress: (): BatchProgress => ({ ...loadedProgress(crashed.file), state: 'running' }),
      results: (): RowResult[] => [],
    };
    expect(listBatches(dir, { live: new Map([[crashed.spec.batchId, live]]) }).map((batch) => batch.state)).toEqual([
      'running',
      'cancelled',
      'finished',
    ]);
    expect(listBatches(path.join(dir, 'none'))).toEqual([]);
  });

  it('names what an undo batch undid, and for each batch the undos run for it, most recent first', () => {
    const dir = folder();
    const imported = writeBatch(dir, 'Import', '2025-03-03T09:00:00.000Z', 4, null);
    const first = writeBatch(dir, 'Undo 1', '2025-03-04T09:00:00.000Z', 0, null, imported.spec.batchId);
    const second = writeBatch(dir, 'Undo 2', '2025-03-05T09:00:00.000Z', 0, null, imported.spec.batchId);
    const batches = listBatches(dir);
    expect(batches.map((batch) => [batch.name, batch.origin, batch.undoes, batch.undoneBy])).toEqual([
      ['Undo 2', 'undo', imported.spec.batchId, []],
      ['Undo 1', 'undo', imported.spec.batchId, []],
      ['Import', 'import', null, [second.spec.batchId, first.spec.batchId]],
    ]);
  });

  it('loads the rows and progress of one batch', () => {
    const dir = folder();
    const { spec, file } = writeBatch(dir, 'Thursday', '2025-03-06T09:00:00.000Z', 3, null);
    const loaded = loadBatch(file);
    if (!loaded.ok) throw new Error(loaded.error.message);
    expect(loaded.value.spec.batchId).toBe(spec.batchId);
    expect(loaded.value.progress).toMatchObject({ state: 'interrupted', total: 4, done: 3, created: 3, etaSeconds: null });
    expect(loaded.value.rows.map((row) => row.outcome)).toEqual(['created', 'created', 'created', 'pending']);
    expect(loaded.value.rows[3]!.deviceId).toBeNull();
  });

  it('keeps batch ids inside the folder', () => {
    expect(journalFileOf('/tmp/batches', '../../etc/passwd')).toMatchObject({ ok: false, error: { kind: 'invalid_request' } });
    expect(journalFileOf('/tmp/batches', 'abc123')).toEqual({ ok: true, value: path.join('/tmp/batches', 'abc123.jsonl') });
  });
});

function loadedProgress(file: string): BatchProgress {
  const loaded = loadBatch(file);
  if (!loaded.ok) throw new Error(loaded.error.message);
  return loaded.value.progress;
}
