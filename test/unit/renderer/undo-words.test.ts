import { describe, expect, it } from 'vitest';
import type { UndoItem } from '../../../common/undo';
import {
  batchCountsWords,
  batchFacts,
  fieldWords,
  registeredWords,
  restoreWords,
  undoneCount,
  undoSentence,
} from '../../../renderer/src/features/import/undoWords';

const itemOf = (key: string, fields: Partial<UndoItem> = {}): UndoItem => ({
  key,
  resource: 'device',
  id: key,
  name: key,
  action: 'delete',
  fields: [],
  conflict: null,
  registered: null,
  note: null,
  ...fields,
});
const conflict = { message: 'Changed on the server since the batch.', fields: ['name'] };

describe('undoSentence', () => {
  const items = [
    ...Array.from({ length: 12 }, (_, index) => itemOf(`d${index}`)),
    ...Array.from({ length: 3 }, (_, index) => itemOf(`r${index}`, { action: 'restore' })),
    itemOf('c0', { action: 'recreate' }),
    itemOf('n0', { action: 'nothing', note: 'Already deleted.' }),
    itemOf('x0', { conflict }),
  ];

  it('says what starting sends, the first count with its noun, conflicts not ticked and nothing-to-do left out', () => {
    expect(undoSentence(items, new Set())).toBe('Delete 12 documents, restore 3, re-create 1');
    expect(undoneCount(items, new Set())).toBe(16);
  });

  it('counts a conflict once it is ticked', () => {
    expect(undoSentence(items, new Set(['x0']))).toBe('Delete 13 documents, restore 3, re-create 1');
    expect(undoneCount(items, new Set(['x0']))).toBe(17);
  });

  it('is null when nothing would be sent', () => {
    expect(undoSentence([itemOf('n', { action: 'nothing' }), itemOf('x', { conflict })], new Set())).toBeNull();
    expect(undoSentence([itemOf('r', { action: 'restore' })], new Set())).toBe('Restore 1 document');
  });
});

describe('the words of a restore', () => {
  it('names fields as the PBX screens do, and keeps the path of one no screen names', () => {
    expect(fieldWords('device', 'sip.username')).toBe('SIP username');
    expect(fieldWords('device', 'provision.endpoint_model')).toBe('Model');
    expect(fieldWords('vmbox', 'mailbox')).toBe('Mailbox');
    expect(fieldWords('user', 'presence_id')).toBe('Extension');
    expect(fieldWords('callflow', 'patterns')).toBe('patterns');
  });

  it('reads a field now → back, a value that was absent as none, and a secret only as changed', () => {
    expect(restoreWords({ path: 'name', now: 'Desk 12', back: 'Desk 1', secret: false })).toBe('Desk 12 → back to Desk 1');
    expect(restoreWords({ path: 'name', now: 'Desk 12', back: null, secret: false })).toBe('Desk 12 → back to (none)');
    expect(restoreWords({ path: 'sip.password', now: null, back: null, secret: true })).toBe('changed → back to before');
  });

  it('marks a phone registered now in words, and says when the server did not tell', () => {
    expect(registeredWords(itemOf('a', { registered: true }))).toBe('Registered now: undoing takes it offline');
    expect(registeredWords(itemOf('a', { registered: null }))).toMatch(/^Registration not known/);
    expect(registeredWords(itemOf('a', { registered: false }))).toBeNull();
    expect(registeredWords(itemOf('a', { registered: true, action: 'nothing' }))).toBeNull();
    expect(registeredWords(itemOf('a', { registered: null, resource: 'user' }))).toBeNull();
  });
});

describe('a batch of the recent list', () => {
  const counts = { total: 5, created: 1, updated: 2, deleted: 1, skipped: 1, failed: 0 };

  it('names a sheet by its file, a devices action and an undo by what they are', () => {
    expect(batchFacts({ origin: 'import', fileName: 'phones.csv' })).toBe('phones.csv');
    expect(batchFacts({ origin: 'bulk', fileName: '' })).toBe('Devices action');
    expect(batchFacts({ origin: 'undo', fileName: 'phones.csv' })).toBe('Undo');
  });

  it('counts an undo by the people and phones it is done with, a sheet and a devices action by outcome', () => {
    expect(batchCountsWords({ origin: 'undo', ...counts })).toBe('5 of 5 people and phones done');
    expect(batchCountsWords({ origin: 'undo', ...counts, failed: 1, total: 6 })).toBe('5 of 6 people and phones done, 1 failed');
    expect(batchCountsWords({ origin: 'import', ...counts })).toBe('1 created, 2 updated, 1 deleted, 1 skipped of 5');
    expect(batchCountsWords({ origin: 'bulk', total: 3, created: 0, updated: 0, deleted: 0, skipped: 0, failed: 0 })).toBe('0 of 3 done');
  });
});
