import { describe, expect, it } from 'vitest';
import type { PlanResource, RowResult } from '../../../common/import/types';
import {
  failureWords,
  outcomeCountsWords,
  planCountsWords,
  planResourceSentence,
  resourceName,
} from '../../../renderer/src/features/import/resourceWords';
import { summarisePeople, tallyPeople } from '../../../renderer/src/features/import/resultsSummary';
import { progressOf, rowResultOf } from '../store/importFixtures';

const planned = (fields: Partial<PlanResource>): PlanResource => ({
  resource: 'user',
  action: 'create',
  id: null,
  label: 'Alice Smith',
  reason: null,
  changes: [],
  ...fields,
});

const personRow = (row: number, key: string, state: NonNullable<RowResult['person']>['state'], fields: Partial<RowResult> = {}) =>
  rowResultOf(row, { person: { key, name: key, state }, ...fields });

describe('the words of a rollout’s documents', () => {
  it('counts a kind in words, leaving out what is zero', () => {
    expect(planCountsWords({ create: 12, update: 0, skip: 3, error: 1 })).toBe('12 new, 3 left as they are, 1 with errors');
    expect(planCountsWords({ create: 0, update: 0, skip: 0, error: 0 })).toBe('none');
    expect(outcomeCountsWords({ created: 2, updated: 1, skipped: 0, failed: 1 })).toBe('2 created, 1 updated, 1 failed');
  });

  it('names a document by its kind once, whether or not the label already says it', () => {
    expect(resourceName({ resource: 'callflow', label: 'extension 1001' })).toBe('Extension 1001');
    expect(resourceName({ resource: 'device', label: 'Desk 12' })).toBe('Phone Desk 12');
    expect(resourceName({ resource: 'vmbox', label: "Alice Smith's VMBox" })).toBe("Alice Smith's VMBox");
    expect(resourceName({ resource: 'user', label: 'Alice Smith' })).toBe('User Alice Smith');
  });

  it('says what the plan does to a document: each change old → new, the reason it is left or refused', () => {
    const update = planned({ action: 'update', changes: [{ column: 'email', before: 'a@x.test', after: 'alice@x.test' }] });
    expect(planResourceSentence(update)).toBe('User Alice Smith: Email a@x.test → alice@x.test');
    const clash = planned({ resource: 'callflow', label: 'extension 3101', action: 'error', reason: "extension 3101 is already Bob Brown's" });
    expect(planResourceSentence(clash)).toBe("Extension 3101: extension 3101 is already Bob Brown's");
    expect(planResourceSentence(planned({ action: 'skip' }))).toBe('User Alice Smith: left as it is');
  });

  it('gives why a row of a person failed from its failed documents, and a phone’s own error otherwise', () => {
    const refused = { message: 'The MAC address is on another device.', column: null, fields: [] };
    const row = personRow(0, 'alice', 'rolled_back', {
      outcome: 'failed',
      resources: [
        { resource: 'user', label: 'Alice Smith', outcome: 'rolled_back', id: null, error: null },
        { resource: 'device', label: 'Desk 12', outcome: 'failed', id: null, error: refused },
        { resource: 'callflow', label: 'extension 1001', outcome: 'pending', id: null, error: null },
      ],
    });
    expect(failureWords(row)).toBe('Phone Desk 12: failed: The MAC address is on another device.');
    expect(failureWords(rowResultOf(1, { outcome: 'failed', error: refused }))).toBe(refused.message);
    expect(failureWords(rowResultOf(2))).toBeNull();
  });
});

describe('the headline of a batch of people', () => {
  it('counts each person once, however many phones, and never reads as a success when one is not complete', () => {
    const rows = [personRow(0, 'alice', 'complete'), personRow(1, 'alice', 'complete'), personRow(2, 'bob', 'rolled_back')];
    const people = tallyPeople(rows);
    expect(people).toEqual({ complete: 1, incomplete: 0, rolled_back: 1, pending: 0 });
    const summary = summarisePeople(progressOf('b', { state: 'finished', done: 3, created: 2, failed: 1 }), people);
    expect(summary.tone).toBe('warning');
    expect(summary.title).toBe('1 of 2 people complete, 1 rolled back');
    expect(summary.body).toContain('1 row failed');
  });

  it('is a success only when every person is complete and no row failed', () => {
    const people = tallyPeople([personRow(0, 'alice', 'complete')]);
    expect(summarisePeople(progressOf('b', { state: 'finished', done: 1, created: 1 }), people)).toMatchObject({
      tone: 'success',
      title: '1 of 1 person complete',
    });
  });
});
