import { stepKey, type JournalReplay } from '../import/journal';

/**
 * The documents earlier undos of a batch re-created, by the id they had then → the id they live
 * under now (KAZOO keeps a deleted document's id, so a re-create gets a new one). A later undo
 * reads those to know a document is back. `undos` come most recent first; the most recent wins.
 */
export function recreatedIdsOf(undos: readonly JournalReplay[]): Map<string, string> {
  const live = new Map<string, string>();
  for (const undo of [...undos].reverse()) {
    undo.spec.units.forEach((unit, unitIndex) =>
      unit.steps.forEach((step, stepIndex) => {
        if (step.action !== 'create' || !step.newIdOnConflict) return;
        const key = stepKey(unitIndex, stepIndex);
        const done = undo.done.get(key);
        if (done?.outcome === 'created') live.set(step.id, done.id ?? undo.reassigned.get(key) ?? step.id);
      }),
    );
  }
  return live;
}
