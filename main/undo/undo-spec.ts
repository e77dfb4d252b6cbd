import type { SheetRowRef, BatchSpec, Step, Unit } from '../import/operations';
import type { UndoEntry } from './plan';

/** How a conflict left alone reads in the undo batch's results; also how its totals find it. */
const CONFLICT_LEFT_ALONE = 'Left alone: changed on the server since the batch.';

export const isConflictLeftAlone = (step: Step): boolean => step.action === 'skip' && step.reason.startsWith(CONFLICT_LEFT_ALONE);

export interface UndoSpecInput {
  /** The batch being undone. */
  original: BatchSpec;
  /** The plan's entries, in the order the undo runs them (per unit, its steps last first). */
  entries: readonly UndoEntry[];
  /** Keys of the conflicts the technician ticked: only those are undone. */
  includeConflicts: ReadonlySet<string>;
  batchId: string;
  createdAt: string;
}

/**
 * The undo of a batch as a batch of its own, run by the same runner (paced, journaled, resumable):
 * one unit per unit of the original that changed anything, its steps in reverse, a failure kept
 * rather than rolled back (a rollback of an undo would redo the batch). Nothing to do and
 * conflicts not ticked are skips that say why. Its own journal records before-images, so it can
 * be undone in turn.
 */
export function undoSpecOf({ original, entries, includeConflicts, batchId, createdAt }: UndoSpecInput): BatchSpec {
  const byUnit = new Map<number, UndoEntry[]>();
  for (const entry of entries) byUnit.set(entry.unit, [...(byUnit.get(entry.unit) ?? []), entry]);
  const sheetRows: SheetRowRef[] = [];
  const units: Unit[] = [];
  for (const [originalUnit, unitEntries] of byUnit) {
    const row = units.length;
    const unit = original.units[originalUnit]!;
    const firstRow = unit.rows[0];
    sheetRows.push({
      row,
      line: row + 1,
      name: unit.label,
      identity: (firstRow === undefined ? undefined : original.sheetRows[firstRow]?.identity) ?? {
        extension: null,
        macAddress: null,
        sipUsername: null,
      },
    });
    units.push({
      key: unit.key,
      label: unit.label,
      rows: [row],
      steps: unitEntries.map((entry) => stepOf(entry, row, includeConflicts)),
    });
  }
  return {
    batchId,
    origin: 'undo',
    undoes: original.batchId,
    name: `Undo of ${original.name}`,
    connectionId: original.connectionId,
    fileName: original.fileName,
    createdAt,
    headers: [],
    mapping: [],
    rows: [],
    sheetRows,
    units,
    onFailure: 'keep',
    sendWelcomeEmail: false,
  };
}

function stepOf({ item, request }: UndoEntry, row: number, includeConflicts: ReadonlySet<string>): Step {
  const base = { resource: item.resource, rows: [row], label: item.name };
  if (request === null) return { ...base, action: 'skip', id: item.id, reason: item.note ?? 'Nothing to undo.' };
  if (item.conflict && !includeConflicts.has(item.key)) {
    return { ...base, action: 'skip', id: item.id, reason: `${CONFLICT_LEFT_ALONE} ${item.conflict.message}` };
  }
  switch (request.action) {
    case 'delete':
      return { ...base, action: 'delete', id: item.id, ...expected(request.revision) };
    case 'update':
      return { ...base, action: 'update', id: item.id, changes: request.changes, changedColumns: [], ...expected(request.revision) };
    case 'create':
      return { ...base, action: 'create', id: item.id, document: request.document, newIdOnConflict: true };
  }
}

/** The revision the plan read, for the runner to check just before sending (none read: nothing to check). */
const expected = (revision: string | null): { expectedRevision?: string } => (revision === null ? {} : { expectedRevision: revision });
