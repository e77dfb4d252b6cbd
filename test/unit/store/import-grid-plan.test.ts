import { describe, expect, it } from 'vitest';
import type { ImportPlan } from '../../../common/import/types';
import type { RequestResults } from '../../../common/ipc/contract';
import type { Result } from '../../../common/ipc/result';
import { createImportStore } from '../../../renderer/src/store/createImportStore';
import { isCurrentPlan } from '../../../renderer/src/store/import/planSlice';
import { failed, fakeAudian, later, ok } from './fakeAudian';
import { draftOf, issueOn, planOf } from './importFixtures';

type EditAnswer = Result<RequestResults['import:editCells']>;

/** A store with a loaded two-row draft; main accepts every edit and answers with the rows as edited. */
async function storeWithDraft() {
  const audian = fakeAudian();
  audian.answer('import:load', () =>
    ok(
      draftOf(
        'draft-1',
        [
          ['Front desk', 'bad-mac'],
          ['Lobby', '00AA'],
        ],
        [issueOn(0, 'mac_invalid')],
      ),
    ),
  );
  audian.answer('import:editCells', ({ edits }) =>
    ok({
      rows: edits.map(({ row, value }) => ({ index: row, row: { line: row + 2, cells: ['Front desk', value] } })),
      issues: [],
      account: null,
    }),
  );
  audian.answer('import:plan', ({ draftId }) => ok(planOf(draftId, [issueOn(0, 'owner_unknown'), issueOn(1, 'duplicate_on_account')])));
  const store = createImportStore(audian.api);
  await store.getState().loadFile(new File(['Name,MAC\n'], 'phones.csv'));
  return { audian, store };
}

describe('import store: editing cells', () => {
  it('shows the new value at once, then main’s re-checked row and its list of problems', async () => {
    const { audian, store } = await storeWithDraft();
    const editing = store.getState().editCells([{ row: 0, sourceColumn: 1, value: '001565ABCDEF' }]);
    expect(store.getState().draft?.rows[0]?.cells).toEqual(['Front desk', '001565ABCDEF']);
    expect(store.getState().edit).toEqual({ status: 'running' });

    expect(await editing).toBe(true);
    expect(audian.asked('import:editCells')).toEqual([{ draftId: 'draft-1', edits: [{ row: 0, sourceColumn: 1, value: '001565ABCDEF' }] }]);
    expect(store.getState().draft?.issues).toEqual([]);
    expect(store.getState().edit).toEqual({ status: 'idle' });
  });

  it('puts back what was typed over when main refuses the edit, and says why', async () => {
    const { audian, store } = await storeWithDraft();
    audian.answer('import:editCells', () => failed('invalid_request', 'The draft is gone; load the file again.'));
    expect(await store.getState().editCells([{ row: 0, sourceColumn: 1, value: '001565ABCDEF' }])).toBe(false);
    expect(store.getState().draft?.rows[0]?.cells).toEqual(['Front desk', 'bad-mac']);
    expect(store.getState().edit).toEqual({
      status: 'failed',
      error: { kind: 'invalid_request', message: 'The draft is gone; load the file again.' },
    });
  });

  it('takes the list of problems from the last edit’s answer only', async () => {
    const { audian, store } = await storeWithDraft();
    const answers: Array<ReturnType<typeof later<EditAnswer>>> = [];
    audian.answer('import:editCells', () => {
      const answer = later<EditAnswer>();
      answers.push(answer);
      return answer.promise;
    });
    const first = store.getState().editCells([{ row: 0, sourceColumn: 1, value: 'x' }]);
    const second = store.getState().editCells([{ row: 1, sourceColumn: 1, value: 'y' }]);
    await expect.poll(() => answers.length).toBe(2);

    const row = (index: number, cells: string[]) => ({ index, row: { line: index + 2, cells } });
    answers[0]!.release(ok({ rows: [row(0, ['Front desk', 'x'])], issues: [issueOn(0, 'from_first')], account: null }));
    await first;
    expect(store.getState().draft?.issues.map((issue) => issue.code)).toEqual(['mac_invalid']);
    expect(store.getState().edit).toEqual({ status: 'running' });

    answers[1]!.release(ok({ rows: [row(1, ['Lobby', 'y'])], issues: [issueOn(0, 'from_second')], account: null }));
    await second;
    expect(store.getState().draft?.issues.map((issue) => issue.code)).toEqual(['from_second']);
    expect(store.getState().draft?.rows.map((r) => r.cells[1])).toEqual(['x', 'y']);
    expect(store.getState().edit).toEqual({ status: 'idle' });
  });

  it('ignores the answer to an edit of a draft that has since been replaced', async () => {
    const { audian, store } = await storeWithDraft();
    const answer = later<EditAnswer>();
    audian.answer('import:editCells', () => answer.promise);
    const editing = store.getState().editCells([{ row: 0, sourceColumn: 1, value: 'x' }]);
    audian.answer('import:load', () => ok(draftOf('draft-2', [['Kitchen', '00BB']])));
    await store.getState().loadFile(new File(['Name,MAC\n'], 'other.csv'));

    answer.release(ok({ rows: [{ index: 0, row: { line: 2, cells: ['Front desk', 'x'] } }], issues: [], account: null }));
    expect(await editing).toBe(false);
    expect(store.getState().draft?.id).toBe('draft-2');
    expect(store.getState().draft?.rows[0]?.cells).toEqual(['Kitchen', '00BB']);
  });

  it('Fix failed rows goes back to the grid showing rows with errors only', async () => {
    const { store } = await storeWithDraft();
    store.getState().fixFailedRows();
    expect(store.getState().step).toBe('check');
    expect(store.getState().gridFilter).toBe('errors');
  });
});

describe('import store: the plan', () => {
  it('keeps the plan with the draft version it was made at, and shows the account’s problems in the grid', async () => {
    const { audian, store } = await storeWithDraft();
    store.getState().setPlanOptions({ onExisting: 'update' });
    expect(await store.getState().reviewPlan(null)).toBe(true);
    expect(audian.asked('import:plan')).toEqual([{ draftId: 'draft-1', match: 'mac', onExisting: 'update', onExistingPerson: 'skip' }]);
    const state = store.getState();
    expect(state.planned?.draftVersion).toBe(state.draftVersion);
    expect(state.accountIssues.map((issue) => issue.code)).toEqual(['owner_unknown', 'duplicate_on_account']);
  });

  it('is the plan to start only for the draft, the choices and the connection it was made for', async () => {
    const { store } = await storeWithDraft();
    await store.getState().reviewPlan('connection-a');
    const current = () => {
      const { planned, draftVersion, planOptions } = store.getState();
      return (connectionId: string | null) => isCurrentPlan(planned, draftVersion, planOptions, connectionId);
    };
    expect(current()('connection-a')).toBe(true);
    expect(current()('connection-b')).toBe(false);
    store.getState().setPlanOptions({ onExisting: 'update' });
    expect(current()('connection-a')).toBe(false);
    store.getState().setPlanOptions({ onExisting: 'skip', onExistingPerson: 'update' });
    expect(current()('connection-a')).toBe(false);
    store.getState().setPlanOptions({ onExistingPerson: 'skip' });
    expect(current()('connection-a')).toBe(true);
    await store.getState().editCells([{ row: 0, sourceColumn: 1, value: '001565ABCDEF' }]);
    expect(current()('connection-a')).toBe(false);
  });

  it('is out of date after an edit, and the edited row’s account problems go with it', async () => {
    const { store } = await storeWithDraft();
    await store.getState().reviewPlan(null);
    await store.getState().editCells([{ row: 0, sourceColumn: 1, value: '001565ABCDEF' }]);
    const state = store.getState();
    expect(state.planned).not.toBeNull();
    expect(state.planned!.draftVersion).not.toBe(state.draftVersion);
    expect(state.accountIssues.map((issue) => issue.code)).toEqual(['duplicate_on_account']);
  });

  it('turns an error Result into the planning error, keeping no plan', async () => {
    const { audian, store } = await storeWithDraft();
    audian.answer('import:plan', () => failed('auth', 'The API key was not accepted. Check the connection under Connect.'));
    expect(await store.getState().reviewPlan(null)).toBe(false);
    expect(store.getState().planning).toEqual({
      status: 'failed',
      error: { kind: 'auth', message: 'The API key was not accepted. Check the connection under Connect.' },
    });
    expect(store.getState().planned).toBeNull();
  });

  it('ignores a plan that answers after a newer one was asked for', async () => {
    const { audian, store } = await storeWithDraft();
    const answers: Array<ReturnType<typeof later<Result<ImportPlan>>>> = [];
    audian.answer('import:plan', () => {
      const answer = later<Result<ImportPlan>>();
      answers.push(answer);
      return answer.promise;
    });
    const older = store.getState().reviewPlan(null);
    store.getState().setPlanOptions({ match: 'sip_username' });
    const newer = store.getState().reviewPlan(null);
    await expect.poll(() => answers.length).toBe(2);

    answers[1]!.release(ok({ ...planOf('draft-1'), match: 'sip_username' }));
    expect(await newer).toBe(true);
    answers[0]!.release(ok(planOf('draft-1', [issueOn(0, 'owner_unknown')])));
    expect(await older).toBe(false);

    expect(store.getState().planned?.plan.match).toBe('sip_username');
    expect(store.getState().accountIssues).toEqual([]);
  });

  it('ignores a plan for a draft the technician has started over from', async () => {
    const { audian, store } = await storeWithDraft();
    const answer = later<Result<ImportPlan>>();
    audian.answer('import:plan', () => answer.promise);
    const planning = store.getState().reviewPlan(null);
    store.getState().startOver();
    answer.release(ok(planOf('draft-1')));
    expect(await planning).toBe(false);
    expect(store.getState().planned).toBeNull();
    expect(store.getState().planning).toEqual({ status: 'idle' });
  });
});
