import { describe, expect, it } from 'vitest';
import type { UndoItem, UndoPlan } from '../../../common/undo';
import type { Result } from '../../../common/ipc/result';
import { createImportStore } from '../../../renderer/src/store/createImportStore';
import { failed, fakeAudian, later, ok } from './fakeAudian';
import { progressOf, rowResultOf, summaryOf } from './importFixtures';

const ORIGINAL = 'batch-1';
const UNDO = 'undo-1';

const itemOf = (key: string, fields: Partial<UndoItem> = {}): UndoItem => ({
  key,
  resource: 'device',
  id: `d-${key}`,
  name: `Desk ${key}`,
  action: 'delete',
  fields: [],
  conflict: null,
  registered: false,
  note: null,
  ...fields,
});

const planOf = (fields: Partial<UndoPlan> = {}): UndoPlan => ({
  planId: 'p'.repeat(32),
  batchId: ORIGINAL,
  batchName: 'Front office',
  connectionId: 'c'.repeat(32),
  items: [
    itemOf('0.0'),
    itemOf('1.0', { conflict: { message: 'Changed on the server since the batch.', fields: ['name'] } }),
    itemOf('2.0', { conflict: { message: 'Changed on the server since the batch.', fields: ['sip.username'] } }),
  ],
  counts: { delete: 3, restore: 0, recreate: 0, nothing: 0, conflicts: 2 },
  sealedWith: 'keychain',
  unreadableSecrets: 0,
  undoneBy: [],
  createdAt: '2025-03-04T12:05:00.000Z',
  ...fields,
});

/** A store whose recent list holds a finished import, with main's answers for planning and starting its undo. */
async function storeWithFinishedBatch() {
  const audian = fakeAudian();
  audian.answer('import:batches', () => ok([summaryOf(progressOf(ORIGINAL, { state: 'finished', done: 4, created: 4 }))]));
  audian.answer('batches:undoPlan', () => ok(planOf()));
  audian.answer('batches:undo', () => ok(progressOf(UNDO, { origin: 'undo', name: 'Undo of Front office', total: 3 })));
  audian.answer('import:results', ({ batchId }) =>
    ok({ progress: progressOf(batchId, { origin: 'undo', state: 'finished', done: 3, deleted: 2, skipped: 1 }), rows: [rowResultOf(0)] }),
  );
  const store = createImportStore(audian.api);
  await store.getState().refreshBatches();
  return { audian, store };
}

describe('import store: undo a batch', () => {
  it('opens on "planning", then shows the plan main made against the account; nothing is sent', async () => {
    const { audian, store } = await storeWithFinishedBatch();
    const answer = later<Result<UndoPlan>>();
    audian.answer('batches:undoPlan', () => answer.promise);
    const planning = store.getState().planUndo(ORIGINAL, 'Front office');
    expect(store.getState().undoPlan).toEqual({ status: 'loading', batchId: ORIGINAL, batchName: 'Front office' });

    answer.release(ok(planOf()));
    await planning;
    expect(store.getState().undoPlan).toEqual({ status: 'ready', plan: planOf() });
    expect(audian.asked('batches:undoPlan')).toEqual([{ batchId: ORIGINAL }]);
    expect(audian.asked('batches:undo')).toEqual([]);
  });

  it('keeps why a plan could not be made, for the dialog to say', async () => {
    const { audian, store } = await storeWithFinishedBatch();
    audian.answer('batches:undoPlan', () => failed('conflict', 'This batch is still running: wait for it to finish, then undo it.'));
    await store.getState().planUndo(ORIGINAL, 'Front office');
    expect(store.getState().undoPlan).toEqual({
      status: 'failed',
      batchId: ORIGINAL,
      batchName: 'Front office',
      error: { kind: 'conflict', message: 'This batch is still running: wait for it to finish, then undo it.' },
    });
  });

  it('drops a plan that arrives after the dialog was closed', async () => {
    const { audian, store } = await storeWithFinishedBatch();
    const answer = later<Result<UndoPlan>>();
    audian.answer('batches:undoPlan', () => answer.promise);
    const planning = store.getState().planUndo(ORIGINAL, 'Front office');
    store.getState().closeUndo();
    answer.release(ok(planOf()));
    await planning;
    expect(store.getState().undoPlan).toEqual({ status: 'closed' });
  });

  it('starts the plan shown with only the conflicts ticked, closes the dialog and follows the undo on the Run step to its results', async () => {
    const { audian, store } = await storeWithFinishedBatch();
    await store.getState().planUndo(ORIGINAL, 'Front office');

    expect(await store.getState().startUndo(['2.0'])).toBe(true);
    expect(audian.asked('batches:undo')).toEqual([{ batchId: ORIGINAL, planId: 'p'.repeat(32), includeConflicts: ['2.0'] }]);
    expect(store.getState()).toMatchObject({ undoPlan: { status: 'closed' }, step: 'run', batch: { batchId: UNDO, origin: 'undo' } });

    audian.emit('import:progress', progressOf(UNDO, { origin: 'undo', done: 1, deleted: 1 }));
    expect(store.getState().batch).toMatchObject({ batchId: UNDO, done: 1, deleted: 1 });

    audian.emit('import:progress', progressOf(UNDO, { origin: 'undo', state: 'finished', done: 3, deleted: 2, skipped: 1 }));
    expect(store.getState().step).toBe('results');
    await expect.poll(() => store.getState().results.status).toBe('ready');
    expect(audian.asked('import:results')).toEqual([{ batchId: UNDO }]);
  });

  it('keeps the dialog open with the reason when main refuses to start the plan', async () => {
    const { audian, store } = await storeWithFinishedBatch();
    await store.getState().planUndo(ORIGINAL, 'Front office');
    audian.answer('batches:undo', () => failed('invalid_request', 'The account changed since this plan was made: plan the undo again.'));

    expect(await store.getState().startUndo([])).toBe(false);
    expect(store.getState()).toMatchObject({
      undoPlan: { status: 'ready' },
      undoStart: { status: 'failed', error: { message: 'The account changed since this plan was made: plan the undo again.' } },
      step: 'file',
      batch: null,
    });
  });

  it('keeps a recent batch’s deleted count current from the progress of its run', async () => {
    const { audian, store } = await storeWithFinishedBatch();
    audian.answer('import:batches', () => ok([summaryOf(progressOf(UNDO, { origin: 'undo' }))]));
    await store.getState().refreshBatches();
    audian.emit('import:progress', progressOf(UNDO, { origin: 'undo', done: 2, deleted: 2 }));
    const batches = store.getState().batches;
    expect(batches.status === 'ready' && batches.list[0]).toMatchObject({ batchId: UNDO, deleted: 2 });
  });
});
