import type { RowResult } from '../../common/import/types';
import type { DoneEntry, JournalReplay } from './journal';
import { identityOfOperation, type Operation } from './operations';

export interface OutcomeCounts {
  done: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
}

/**
 * A row as the batch reports it. A create's device id appears only once the server has it, so
 * a report never lists an id that does not exist; updates and skips name their existing device.
 */
export function rowResultOf(operation: Operation, done: DoneEntry | undefined): RowResult {
  const base = {
    row: operation.row,
    line: operation.line,
    name: operation.name,
    ...identityOfOperation(operation),
    action: operation.action,
  };
  if (done) return { ...base, outcome: done.outcome, deviceId: done.deviceId, error: done.error };
  const deviceId = operation.action === 'update' || operation.action === 'skip' ? operation.deviceId : null;
  return { ...base, outcome: 'pending', deviceId, error: null };
}

export const rowResultsOf = (replay: JournalReplay): RowResult[] =>
  replay.spec.operations.map((operation, index) => rowResultOf(operation, replay.done.get(index)));

export function countOutcomes(rows: readonly RowResult[]): OutcomeCounts {
  const counts: OutcomeCounts = { done: 0, created: 0, updated: 0, skipped: 0, failed: 0 };
  for (const row of rows) {
    if (row.outcome === 'pending') continue;
    counts.done += 1;
    counts[row.outcome] += 1;
  }
  return counts;
}
