import type { UndoTotals } from '../../common/undo';
import type { UnitStates } from '../import/batch-results';
import { CHANGED_AFTER_PLAN, type BatchSpec } from '../import/operations';
import { isConflictLeftAlone } from './undo-spec';

/**
 * An undo batch in the words of its plan: fields put back (updates done), documents deleted and
 * re-created, conflicts left alone, and what failed or was not sent because a step before it failed.
 */
export function undoTotalsOf(spec: BatchSpec, states: UnitStates): UndoTotals {
  const totals: UndoTotals = { restored: 0, deleted: 0, recreated: 0, conflicts: 0, failed: 0 };
  spec.units.forEach((unit, unitIndex) =>
    unit.steps.forEach((step, stepIndex) => {
      const state = states[unitIndex]?.[stepIndex];
      if (!state) return;
      if (state.outcome === 'updated') totals.restored += 1;
      else if (state.outcome === 'deleted') totals.deleted += 1;
      else if (state.outcome === 'created' && state.error === null) totals.recreated += 1;
      else if (state.outcome === 'failed' || state.outcome === 'not_sent') totals.failed += 1;
      else if (state.outcome === 'skipped' && (isConflictLeftAlone(step) || state.error?.message === CHANGED_AFTER_PLAN))
        totals.conflicts += 1;
    }),
  );
  return totals;
}

/** The command line's last line after an undo. */
export const undoTotalsLine = (totals: UndoTotals): string =>
  `restored ${totals.restored}, deleted ${totals.deleted}, recreated ${totals.recreated}, conflicts ${totals.conflicts}, failed ${totals.failed}`;
