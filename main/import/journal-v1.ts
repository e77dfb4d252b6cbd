import type { CanonicalColumn } from '../../common/import/columns';
import type { RowIdentity, RowOutcome } from '../../common/import/types';
import type { JournalEntry, RowError } from './journal';
import type { BatchSpec, Step, Unit } from './operations';

/** A row of a version-1 batch: one device each, decided by the plan. */
type Version1Operation = { row: number; line: number; name: string; identity?: RowIdentity } & (
  | { action: 'create'; deviceId: string; document: Record<string, unknown> }
  | { action: 'update'; deviceId: string; changes: Record<string, unknown>; changedColumns: CanonicalColumn[] }
  | { action: 'skip'; deviceId: string; reason: string }
  | { action: 'error'; reason: string; column: CanonicalColumn | null }
);

type Version1Spec = Omit<BatchSpec, 'sheetRows' | 'units' | 'onFailure' | 'sendWelcomeEmail'> & { operations: Version1Operation[] };

/** The lines of a version-1 journal, where each operation was one row and one request. */
export type Version1Entry =
  | { kind: 'batch'; version: 1; spec: Version1Spec }
  | { kind: 'sent'; op: number; attempt: number; at: string }
  | { kind: 'done'; op: number; outcome: Exclude<RowOutcome, 'pending'>; deviceId: string | null; error: RowError | null; at: string }
  | Exclude<JournalEntry, { kind: 'batch' | 'sent' | 'deleting' | 'done' }>;

const NO_IDENTITY: RowIdentity = { extension: null, macAddress: null, sipUsername: null };

/**
 * A batch journaled by the app before people could be imported: each operation becomes a unit of
 * one device step (operation n is unit n, its step 0), so it resumes and reports as it did.
 */
export function upgradeVersion1(spec: Version1Spec): { spec: BatchSpec; entry: (entry: Version1Entry) => JournalEntry | undefined } {
  const { operations, ...rest } = spec;
  const units = operations.map(unitOf);
  return {
    spec: {
      ...rest,
      sheetRows: operations.map((operation) => ({
        row: operation.row,
        line: operation.line,
        name: operation.name,
        identity: operation.identity ?? NO_IDENTITY,
      })),
      units,
      onFailure: 'rollback',
      sendWelcomeEmail: false,
    },
    entry: (entry) => {
      switch (entry.kind) {
        case 'batch':
          return undefined;
        case 'sent':
          return { kind: 'sent', unit: entry.op, step: 0, attempt: entry.attempt, at: entry.at };
        case 'done':
          return { kind: 'done', unit: entry.op, step: 0, outcome: entry.outcome, id: entry.deviceId, error: entry.error, at: entry.at };
        default:
          return entry;
      }
    },
  };
}

function unitOf(operation: Version1Operation): Unit {
  const base = { resource: 'device' as const, rows: [operation.row], label: operation.name };
  let step: Step;
  switch (operation.action) {
    case 'create':
      step = { ...base, action: 'create', id: operation.deviceId, document: operation.document };
      break;
    case 'update':
      step = { ...base, action: 'update', id: operation.deviceId, changes: operation.changes, changedColumns: operation.changedColumns };
      break;
    case 'skip':
      step = { ...base, action: 'skip', id: operation.deviceId, reason: operation.reason };
      break;
    case 'error':
      step = { ...base, action: 'error', reason: operation.reason, column: operation.column };
      break;
  }
  return { key: `row:${operation.row}`, label: operation.name, rows: [operation.row], steps: [step] };
}
