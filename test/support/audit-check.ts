import { expect } from 'vitest';
import type { AuditAction, AuditRecord } from '../../common/audit';
import { readJournal } from '../../main/import/journal';

const ACTIONS: Record<string, AuditAction> = { created: 'create', updated: 'update', deleted: 'delete' };

/**
 * The audit log holds exactly one record per change a finished batch made (per step its journal
 * says was created, updated or deleted: id `<batchId>:<unit>.<step>`, its action and document,
 * outcome done), and no other record of that batch.
 */
export function expectAuditComplete(records: AuditRecord[], journalFile: string): void {
  const replay = readJournal(journalFile);
  if (!replay.ok) throw new Error(replay.error.message);
  const { batchId } = replay.value.spec;
  const expected = [...replay.value.done.entries()]
    .filter(([, done]) => done.outcome in ACTIONS)
    .map(([key, done]) => ({ id: `${batchId}:${key}`, action: ACTIONS[done.outcome], resourceId: done.id, outcome: 'done' }))
    .sort((a, b) => a.id.localeCompare(b.id));
  const recorded = records
    .filter((record) => record.batchId === batchId)
    .map(({ id, action, resourceId, outcome }) => ({ id, action, resourceId, outcome }))
    .sort((a, b) => a.id.localeCompare(b.id));
  expect(expected.length, `changes journaled by batch ${batchId}`).toBeGreaterThan(0);
  expect(recorded, `audit records of batch ${batchId}, one per change`).toEqual(expected);
}
