import { describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES } from '../../../common/import/decode';
import type { ImportDraft } from '../../../common/import/types';
import type { Result } from '../../../common/ipc/result';
import { createImportStore } from '../../../renderer/src/store/createImportStore';
import { failed, fakeAudian, later, ok } from './fakeAudian';
import { draftOf, issueOn, planOf } from './importFixtures';

const csv = (name: string) => new File([`Name,MAC\n${name},001565ABCDEF\n`], name);

/** A store whose import:load answers each file with a draft named after it. */
function storeLoadingDrafts() {
  const audian = fakeAudian();
  audian.answer('import:load', ({ fileName }) => ok(draftOf(fileName, [['Front desk', '001565ABCDEF']])));
  return { audian, store: createImportStore(audian.api) };
}

describe('import store: the file and its draft', () => {
  it('sends the file as base64, keeps main’s draft and moves on to the columns', async () => {
    const { audian, store } = storeLoadingDrafts();
    expect(await store.getState().loadFile(csv('phones.csv'))).toBe(true);
    const [sent] = audian.asked('import:load');
    expect(Buffer.from(sent!.contentBase64, 'base64').toString()).toBe('Name,MAC\nphones.csv,001565ABCDEF\n');
    const state = store.getState();
    expect(state.draft?.id).toBe('phones.csv');
    expect(state.file).toEqual({ status: 'idle' });
    expect(state.step).toBe('columns');
    expect(state.draftVersion).toBe(1);
  });

  it('turns an error Result into the file’s failed state, with main’s words', async () => {
    const audian = fakeAudian();
    audian.answer('import:load', () => failed('invalid_request', 'phones.csv has no header row.'));
    const store = createImportStore(audian.api);
    expect(await store.getState().loadFile(csv('phones.csv'))).toBe(false);
    expect(store.getState().file).toEqual({
      status: 'failed',
      fileName: 'phones.csv',
      error: { kind: 'invalid_request', message: 'phones.csv has no header row.' },
    });
    expect(store.getState().draft).toBeNull();
    expect(store.getState().step).toBe('file');
  });

  it('turns a transport that throws into a network error instead of an unhandled rejection', async () => {
    const audian = fakeAudian();
    audian.answer('import:load', () => Promise.reject(new Error('bridge closed')));
    const store = createImportStore(audian.api);
    expect(await store.getState().loadFile(csv('phones.csv'))).toBe(false);
    const file = store.getState().file;
    expect(file.status === 'failed' && file.error).toMatchObject({ kind: 'network', detail: 'bridge closed' });
  });

  it('refuses a file over the limit without sending it', async () => {
    const audian = fakeAudian();
    const store = createImportStore(audian.api);
    const huge = { name: 'huge.csv', size: MAX_FILE_BYTES + 1 } as File;
    expect(await store.getState().loadFile(huge)).toBe(false);
    expect(store.getState().file).toMatchObject({ status: 'failed', fileName: 'huge.csv', error: { kind: 'invalid_request' } });
    expect(audian.asked('import:load')).toEqual([]);
  });

  it('ignores the late answer for a file chosen before the current one', async () => {
    // Both files reach main; the older one's answer comes last and must not replace the newer draft.
    const audian = fakeAudian();
    const answers = new Map<string, ReturnType<typeof later<Result<ImportDraft>>>>();
    audian.answer('import:load', ({ fileName }) => {
      const answer = later<Result<ImportDraft>>();
      answers.set(fileName, answer);
      return answer.promise;
    });
    const store = createImportStore(audian.api);

    const first = store.getState().loadFile(csv('old.csv'));
    await expect.poll(() => answers.size).toBe(1);
    const second = store.getState().loadFile(csv('new.csv'));
    await expect.poll(() => answers.size).toBe(2);
    answers.get('new.csv')!.release(ok(draftOf('new.csv', [['A', '1']])));
    expect(await second).toBe(true);
    answers.get('old.csv')!.release(ok(draftOf('old.csv', [['B', '2']])));
    expect(await first).toBe(false);

    expect(store.getState().draft?.id).toBe('new.csv');
    expect(store.getState().draftVersion).toBe(1);
  });

  it('never sends a file that was still being read when another was chosen', async () => {
    const { audian, store } = storeLoadingDrafts();
    const first = store.getState().loadFile(csv('old.csv'));
    const second = store.getState().loadFile(csv('new.csv'));
    expect(await Promise.all([first, second])).toEqual([false, true]);
    expect(audian.asked('import:load').map((input) => input.fileName)).toEqual(['new.csv']);
    expect(store.getState().draft?.id).toBe('new.csv');
  });

  it('drops a load still under way when the technician starts over', async () => {
    const audian = fakeAudian();
    const answer = later<Result<ImportDraft>>();
    audian.answer('import:load', () => answer.promise);
    const store = createImportStore(audian.api);

    const loading = store.getState().loadFile(csv('phones.csv'));
    await expect.poll(() => audian.asked('import:load').length).toBe(1);
    store.getState().startOver();
    answer.release(ok(draftOf('phones.csv', [['A', '1']])));

    expect(await loading).toBe(false);
    expect(store.getState().draft).toBeNull();
    expect(store.getState().step).toBe('file');
  });

  it('a new file clears what was found on the old one: plan, account problems, grid filter and the choice to update', async () => {
    const { audian, store } = storeLoadingDrafts();
    audian.answer('import:plan', ({ draftId }) => ok(planOf(draftId, [issueOn(0, 'owner_unknown')])));
    await store.getState().loadFile(csv('first.csv'));
    await store.getState().reviewPlan(null);
    store.getState().setGridFilter('errors');
    store.getState().setPlanOptions({ match: 'sip_username', onExisting: 'update', onExistingPerson: 'update' });
    expect(store.getState().accountIssues).toHaveLength(1);

    await store.getState().loadFile(csv('second.csv'));
    const state = store.getState();
    expect(state.planned).toBeNull();
    expect(state.accountIssues).toEqual([]);
    expect(state.gridFilter).toBe('all');
    // Updating existing devices and people is chosen for a file; the next one starts from Skip for both (how rows match may stay).
    expect(state.planOptions).toEqual({ match: 'sip_username', onExisting: 'skip', onExistingPerson: 'skip' });
  });

  it('replaces the draft with main’s answer to another header row, and drops the old rows’ problems', async () => {
    const { audian, store } = storeLoadingDrafts();
    audian.answer('import:plan', ({ draftId }) => ok(planOf(draftId, [issueOn(0, 'owner_unknown')])));
    audian.answer('import:configure', ({ draftId, headerRow }) =>
      ok({ ...draftOf(draftId, [['Lobby', '00AA']]), source: { ...draftOf(draftId, []).source, headerRow: headerRow ?? 0 } }),
    );
    await store.getState().loadFile(csv('phones.csv'));
    await store.getState().reviewPlan(null);

    await store.getState().configureSource({ headerRow: 1 });
    const state = store.getState();
    expect(audian.asked('import:configure')).toEqual([{ draftId: 'phones.csv', headerRow: 1 }]);
    expect(state.draft?.source.headerRow).toBe(1);
    expect(state.draft?.rows[0]?.cells).toEqual(['Lobby', '00AA']);
    expect(state.draftVersion).toBe(2);
    expect(state.accountIssues).toEqual([]);
    expect(state.configure).toEqual({ status: 'idle' });
  });

  it('keeps the draft and says why when main refuses a mapping', async () => {
    const { audian, store } = storeLoadingDrafts();
    audian.answer('import:configure', () => failed('invalid_request', 'Two columns feed the MAC address.'));
    await store.getState().loadFile(csv('phones.csv'));

    await store.getState().setMapping(['mac_address', 'mac_address']);
    const state = store.getState();
    expect(audian.asked('import:configure')).toEqual([{ draftId: 'phones.csv', mapping: ['mac_address', 'mac_address'] }]);
    expect(state.configure).toEqual({ status: 'failed', error: { kind: 'invalid_request', message: 'Two columns feed the MAC address.' } });
    expect(state.draft?.mapping).toEqual(['name', 'mac_address']);
    expect(state.draftVersion).toBe(1);
  });
});
