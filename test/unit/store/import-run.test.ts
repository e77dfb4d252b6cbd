import { describe, expect, it } from 'vitest';
import type { BatchProgress } from '../../../common/import/types';
import type { Result } from '../../../common/ipc/result';
import { createImportStore } from '../../../renderer/src/store/createImportStore';
import { DEFAULT_START_CHOICES } from '../../../renderer/src/store/import/runSlice';
import { failed, fakeAudian, later, ok } from './fakeAudian';
import { draftOf, planOf, progressOf, rowResultOf, summaryOf } from './importFixtures';

const BATCH = 'batch-1';

/**
 * A store with a loaded draft and main's answers for a run of it: the batch starts with nothing
 * done, the recent list holds it, and its results have row 1 refused on the MAC address.
 */
async function storeReadyToRun() {
  const audian = fakeAudian();
  const refused = rowResultOf(1, {
    outcome: 'failed',
    deviceId: null,
    error: { message: 'The MAC address is on another device.', column: 'mac_address', fields: [] },
  });
  audian.answer('import:load', () =>
    ok(
      draftOf('draft-1', [
        ['Front desk', '00AA'],
        ['Lobby', '00BB'],
      ]),
    ),
  );
  audian.answer('import:plan', ({ draftId }) => ok(planOf(draftId)));
  audian.answer('import:start', () => ok(progressOf(BATCH)));
  audian.answer('import:batches', () => ok([summaryOf(progressOf(BATCH))]));
  audian.answer('import:results', ({ batchId }) =>
    ok({ progress: progressOf(batchId, { state: 'finished', done: 2, created: 1, failed: 1 }), rows: [rowResultOf(0), refused] }),
  );
  const store = createImportStore(audian.api);
  await store.getState().loadFile(new File(['Name,MAC\n'], 'phones.csv'));
  await store.getState().reviewPlan(null);
  return { audian, store };
}

describe('import store: the run', () => {
  it('starts the batch on the Run step and follows its progress pushes, newest rows first', async () => {
    const { audian, store } = await storeReadyToRun();
    expect(await store.getState().startImport('Front office', [], { onFailure: 'keep', sendWelcomeEmail: true })).toBe(true);
    expect(audian.asked('import:start')).toEqual([
      {
        draftId: 'draft-1',
        planId: 'f'.repeat(32),
        name: 'Front office',
        confirmedRegisteredDeviceIds: [],
        onFailure: 'keep',
        sendWelcomeEmail: true,
      },
    ]);
    expect(store.getState().step).toBe('run');
    expect(store.getState().batch?.done).toBe(0);

    audian.emit('import:progress', progressOf(BATCH, { done: 1, created: 1, changed: [rowResultOf(0)] }));
    audian.emit(
      'import:progress',
      progressOf(BATCH, { done: 2, created: 2, changed: [rowResultOf(1, { outcome: 'pending' }), rowResultOf(2)] }),
    );

    const state = store.getState();
    expect(state.batch).toMatchObject({ done: 2, created: 2 });
    expect(state.latestRows.map((row) => row.row)).toEqual([2, 0]);
  });

  it('leaves the shown batch alone when another batch reports, but keeps that batch’s line in the recent list current', async () => {
    const { audian, store } = await storeReadyToRun();
    audian.answer('import:batches', () => ok([summaryOf(progressOf(BATCH)), summaryOf(progressOf('batch-2'))]));
    await store.getState().startImport('Front office', [], DEFAULT_START_CHOICES);
    await store.getState().refreshBatches();

    audian.emit('import:progress', progressOf('batch-2', { done: 3, created: 3, state: 'paused' }));

    expect(store.getState().batch?.batchId).toBe(BATCH);
    expect(store.getState().batch?.done).toBe(0);
    const batches = store.getState().batches;
    expect(batches.status === 'ready' && batches.list.find((item) => item.batchId === 'batch-2')).toMatchObject({
      state: 'paused',
      created: 3,
    });
  });

  it('keeps a push that overtook the answer to import:start', async () => {
    const { audian, store } = await storeReadyToRun();
    const answer = later<Result<BatchProgress>>();
    audian.answer('import:start', () => answer.promise);
    const starting = store.getState().startImport('Front office', [], DEFAULT_START_CHOICES);
    await expect.poll(() => audian.asked('import:start').length).toBe(1);

    audian.emit('import:progress', progressOf(BATCH, { done: 1, created: 1, changed: [rowResultOf(0)] }));
    answer.release(ok(progressOf(BATCH)));
    await starting;

    expect(store.getState().batch?.done).toBe(1);
    expect(store.getState().latestRows.map((row) => row.row)).toEqual([0]);
  });

  it('moves on to the results when the batch finishes, with the server’s refusals on the draft’s cells', async () => {
    const { audian, store } = await storeReadyToRun();
    await store.getState().startImport('Front office', [], DEFAULT_START_CHOICES);
    const listsBefore = audian.asked('import:batches').length;

    audian.emit('import:progress', progressOf(BATCH, { state: 'finished', done: 2, finishedAt: '2025-03-04T12:01:00.000Z' }));
    expect(store.getState().step).toBe('results');
    await expect.poll(() => store.getState().results.status).toBe('ready');

    expect(audian.asked('import:results')).toEqual([{ batchId: BATCH }]);
    expect(audian.asked('import:batches').length).toBe(listsBefore + 1);
    expect(store.getState().runIssues).toEqual([
      {
        row: 1,
        sourceColumn: 1,
        column: 'mac_address',
        severity: 'error',
        code: 'server_refused',
        message: 'The MAC address is on another device.',
      },
    ]);
  });

  it('stays on the Run step when the batch is interrupted, so it can be resumed', async () => {
    const { audian, store } = await storeReadyToRun();
    await store.getState().startImport('Front office', [], DEFAULT_START_CHOICES);
    audian.emit('import:progress', progressOf(BATCH, { state: 'interrupted', done: 1 }));
    expect(store.getState().step).toBe('run');
    expect(audian.asked('import:results')).toEqual([]);
  });

  it('turns a refused start into the starting error and stays on the plan', async () => {
    const { audian, store } = await storeReadyToRun();
    store.getState().goTo('plan');
    audian.answer('import:start', () => failed('invalid_request', 'The plan is out of date: review it again.'));
    expect(await store.getState().startImport('Front office', [], DEFAULT_START_CHOICES)).toBe(false);
    expect(store.getState().starting).toEqual({
      status: 'failed',
      error: { kind: 'invalid_request', message: 'The plan is out of date: review it again.' },
    });
    expect(store.getState().step).toBe('plan');
    expect(store.getState().batch).toBeNull();
  });

  it('turns a refused pause into the control error, naming the action', async () => {
    const { audian, store } = await storeReadyToRun();
    await store.getState().startImport('Front office', [], DEFAULT_START_CHOICES);
    audian.answer('import:control', () => failed('internal', 'The batch is not running.'));
    expect(await store.getState().controlBatch('pause')).toBe(false);
    expect(store.getState().control).toEqual({
      status: 'failed',
      action: 'pause',
      error: { kind: 'internal', message: 'The batch is not running.' },
    });
  });

  it('does not let a pause answer undo progress a push has already shown', async () => {
    const { audian, store } = await storeReadyToRun();
    await store.getState().startImport('Front office', [], DEFAULT_START_CHOICES);
    const answer = later<Result<BatchProgress>>();
    audian.answer('import:control', () => answer.promise);
    const pausing = store.getState().controlBatch('pause');
    await expect.poll(() => audian.asked('import:control').length).toBe(1);

    audian.emit('import:progress', progressOf(BATCH, { done: 3 }));
    answer.release(ok(progressOf(BATCH, { done: 1, state: 'paused' })));
    expect(await pausing).toBe(true);

    expect(store.getState().batch).toMatchObject({ done: 3, state: 'running' });
    expect(store.getState().control).toEqual({ status: 'idle' });
  });

  it('resumes an interrupted batch from the recent list through import:control, and shows a running one as it is', async () => {
    const { audian, store } = await storeReadyToRun();
    audian.answer('import:batches', () =>
      ok([summaryOf(progressOf('stopped', { state: 'interrupted' })), summaryOf(progressOf('busy', { state: 'running' }))]),
    );
    audian.answer('import:control', ({ batchId }) => ok(progressOf(batchId, { state: 'running', done: 1 })));
    await store.getState().refreshBatches();

    await store.getState().resumeBatch('stopped');
    expect(audian.asked('import:control')).toEqual([{ batchId: 'stopped', action: 'resume' }]);
    expect(store.getState()).toMatchObject({ step: 'run', batch: { batchId: 'stopped' }, batchOpen: { status: 'idle' } });

    audian.answer('import:results', ({ batchId }) => ok({ progress: progressOf(batchId, { done: 2 }), rows: [] }));
    await store.getState().resumeBatch('busy');
    expect(audian.asked('import:control')).toHaveLength(1);
    expect(store.getState().batch).toMatchObject({ batchId: 'busy', done: 2 });
    expect(store.getState().batchDraftId).toBeNull();
  });

  it('resumes a finished batch that left people incomplete, and moves on to its results again when the resumed run finishes', async () => {
    const { audian, store } = await storeReadyToRun();
    const finished = { state: 'finished' as const, done: 2, created: 1, failed: 1, incompletePeople: 1 };
    audian.answer('import:results', ({ batchId }) => ok({ progress: progressOf(batchId, finished), rows: [] }));
    await store.getState().startImport('Front office', [], { onFailure: 'keep', sendWelcomeEmail: false });
    audian.emit('import:progress', progressOf(BATCH, finished));
    await expect.poll(() => store.getState().results.status).toBe('ready');

    // The resumed run finishes before main answers the resume: its own end, not the last run's, moves the wizard on.
    const answer = later<Result<BatchProgress>>();
    audian.answer('import:control', () => answer.promise);
    audian.answer('import:results', ({ batchId }) =>
      ok({ progress: progressOf(batchId, { state: 'finished', done: 2, created: 2 }), rows: [] }),
    );
    const resuming = store.getState().resumeBatch(BATCH);
    await expect.poll(() => audian.asked('import:control')).toEqual([{ batchId: BATCH, action: 'resume' }]);
    audian.emit('import:progress', progressOf(BATCH, { state: 'finished', done: 2, created: 2 }));
    answer.release(ok(progressOf(BATCH, { state: 'running', done: 0 })));
    await resuming;

    expect(store.getState().step).toBe('results');
    await expect.poll(() => store.getState().results).toMatchObject({ status: 'ready', progress: { created: 2, incompletePeople: 0 } });
  });

  it('turns a recent list that cannot be read into its error state', async () => {
    const { audian, store } = await storeReadyToRun();
    audian.answer('import:batches', () => failed('internal', 'The batch journal could not be read.'));
    await store.getState().refreshBatches();
    expect(store.getState().batches).toEqual({
      status: 'failed',
      error: { kind: 'internal', message: 'The batch journal could not be read.' },
    });
  });
});
