import type { BatchProgress, BatchState } from '../../common/import/types';
import { fail, ok, type Result } from '../../common/ipc/result';
import type { UndoPlan, UndoTotals } from '../../common/undo';
import { newDocumentId } from '../api/devices';
import { unitStatesOf } from '../import/batch-results';
import { journalFileOf, undoBatchesOf } from '../import/batch-store';
import { readJournal, type JournalReplay } from '../import/journal';
import { journalHolder, runningElsewhere } from '../import/journal-lock';
import type { ImportService } from '../import/service';
import type { Connection } from '../profiles/connection';
import type { Sealer } from '../secrets/sealer';
import { planUndo, type PlannedUndo } from './plan';
import { undoSpecOf } from './undo-spec';
import { undoTotalsOf } from './undo-totals';

export interface UndoServiceDeps {
  /** Runs the undo as a batch (paced, journaled, resumable); tells which batches run here. */
  imports: Pick<ImportService, 'run' | 'results'>;
  /** `<userData>/batches`: the journals of the batches to undo, and of their undos. */
  batchesDir: string;
  /** Opens the secrets the before-images hold sealed (the journals' sealer, as the import service's). */
  sealer: () => Promise<Sealer>;
  now?: () => Date;
}

export interface StartUndo {
  batchId: string;
  planId: string;
  /** Keys (`<unit>.<step>`) of the plan's conflicts to undo all the same; the others are left alone. */
  includeConflicts: readonly string[];
}

export interface UndoService {
  /** What undoing the batch would do, against the account now; starting needs this plan's id. */
  plan(connection: Connection, batchId: string): Promise<Result<UndoPlan>>;
  /** Runs the plan shown as an undo batch (its progress comes as `import:progress`); a plan runs once. */
  start(connection: Connection, input: StartUndo): Promise<Result<BatchProgress>>;
  /** An undo batch's totals: restored, deleted, recreated, conflicts left alone, failed. */
  totals(batchId: string): Result<UndoTotals>;
}

/** States in which a batch is still being run here: undoing it then would race it. */
const LIVE_STATES: ReadonlySet<BatchState> = new Set(['running', 'paused', 'waiting_for_charges']);

/** What a journal says was done, step by step: a plan made from another of these is stale. */
const progressOf = (replay: JournalReplay): string =>
  [...replay.done.values()].map((done) => `${done.unit}.${done.step}:${done.outcome}:${done.at}`).join();

interface KeptPlan {
  planned: PlannedUndo;
  replay: JournalReplay;
}

/**
 * Undo of a batch (an import, a bulk action, an undo): a plan from its journal and the account
 * now, then an undo batch run through the import runner, so it is paced, journaled, resumable
 * and itself undoable. The latest plan of each batch is kept in memory until it is started.
 */
export function createUndoService(deps: UndoServiceDeps): UndoService {
  const now = deps.now ?? (() => new Date());
  const plans = new Map<string, KeptPlan>();

  const readBatch = (batchId: string): Result<JournalReplay> => {
    const file = journalFileOf(deps.batchesDir, batchId);
    if (!file.ok) return file;
    const read = readJournal(file.value);
    return read.ok
      ? read
      : fail('not_found', `There is no batch ${batchId} on this computer. See the list of batches for the ones that can be undone.`);
  };

  const undoTotals = (batchId: string): Result<UndoTotals> => {
    const replay = readBatch(batchId);
    if (!replay.ok) return replay;
    if (replay.value.spec.origin !== 'undo') return fail('invalid_request', 'This batch is not an undo.');
    return ok(undoTotalsOf(replay.value.spec, unitStatesOf(replay.value)));
  };

  /** The other process running the batch, if one does (the app beside the command line). */
  const holderOf = (batchId: string): number | null => {
    const file = journalFileOf(deps.batchesDir, batchId);
    return file.ok ? journalHolder(file.value) : null;
  };

  /** A batch's state: from its runner while it runs here, else from its journal. */
  const stateOf = (batchId: string): BatchState | null => {
    const results = deps.imports.results(batchId);
    return results.ok ? results.value.progress.state : null;
  };
  const isLive = (batchId: string): boolean => LIVE_STATES.has(stateOf(batchId) ?? 'finished');

  /** Why the batch cannot be undone on this connection now, if it cannot. */
  const refusal = (connection: Connection, replay: JournalReplay, undos: readonly string[]): Result<void> => {
    const { spec } = replay;
    if (spec.connectionId !== connection.id) {
      return fail(
        'invalid_request',
        `“${spec.name}” was run on another connection. Connect to the account it was run on (the saved connection it was started with, or the same AUDIAN_* variables), then undo it.`,
        { detail: spec.connectionId },
      );
    }
    const elsewhere = [spec.batchId, ...undos].map(holderOf).find((pid) => pid !== null && pid !== process.pid);
    if (elsewhere !== undefined && elsewhere !== null) return fail('invalid_request', runningElsewhere(elsewhere));
    if (isLive(spec.batchId)) {
      return fail('invalid_request', `“${spec.name}” is still running. Let it finish, or cancel it, then undo it.`);
    }
    if (undos.some(isLive)) {
      return fail('invalid_request', `An undo of “${spec.name}” is running. Let it finish, then plan the undo again.`);
    }
    // A second undo beside one a crash left half done would act on what that one may still send when it is resumed.
    const unfinished = undos.find((undo) => stateOf(undo) === 'interrupted');
    if (unfinished) {
      return fail(
        'invalid_request',
        `An undo of “${spec.name}” was left unfinished. Resume it first (in the app, or audian-provision import --resume --batch ${unfinished}), then plan the undo again if anything is left.`,
      );
    }
    // A second undo beside one that ended with steps failed or not sent could re-create what that one re-creates when it is resumed.
    const workLeft = undos.find((undo) => {
      const totals = undoTotals(undo);
      return stateOf(undo) === 'cancelled' || (totals.ok && totals.value.failed > 0);
    });
    if (workLeft) {
      return fail(
        'invalid_request',
        `An undo of “${spec.name}” ended with work left. Resume or finish that undo first (in the app, or audian-provision import --resume --batch ${workLeft}), then plan the undo again if anything is left.`,
      );
    }
    return ok(undefined);
  };

  const undosOf = (batchId: string) => undoBatchesOf(deps.batchesDir).get(batchId) ?? [];

  return {
    async plan(connection, batchId) {
      const replay = readBatch(batchId);
      if (!replay.ok) return replay;
      const undos = undosOf(batchId);
      const refused = refusal(
        connection,
        replay.value,
        undos.map((undo) => undo.spec.batchId),
      );
      if (!refused.ok) return refused;
      const earlierUndos = undos.flatMap((undo) => {
        const read = readJournal(undo.file);
        return read.ok ? [read.value] : [];
      });
      const planned = await planUndo({
        replay: replay.value,
        earlierUndos,
        client: connection.client,
        sealer: await deps.sealer(),
        now: now(),
      });
      if (!planned.ok) return planned;
      plans.set(batchId, { planned: planned.value, replay: replay.value });
      return ok(planned.value.plan);
    },

    async start(connection, { batchId, planId, includeConflicts }) {
      const kept = plans.get(batchId);
      if (!kept) {
        return fail(
          'invalid_request',
          'There is no undo plan to start for this batch: it was started already, or the app was restarted. Review the undo plan again, then start.',
        );
      }
      const { plan, entries } = kept.planned;
      if (plan.planId !== planId)
        return fail('invalid_request', 'The undo plan was made again after the one shown. Review the new plan, then start.');
      const undos = undosOf(batchId).map((undo) => undo.spec.batchId);
      const refused = refusal(connection, kept.replay, undos);
      if (!refused.ok) return refused;
      if (undos.join() !== plan.undoneBy.join()) {
        plans.delete(batchId);
        return fail('invalid_request', 'This batch was undone again after the plan was made. Review the undo plan again, then start.');
      }
      const current = readBatch(batchId);
      if (!current.ok) return current;
      if (progressOf(current.value) !== progressOf(kept.replay)) {
        plans.delete(batchId);
        return fail(
          'invalid_request',
          'The batch went on after the plan was made (it was resumed). Review the undo plan again, then start.',
        );
      }
      const conflicts = new Set(plan.items.filter((item) => item.conflict).map((item) => item.key));
      const unknown = includeConflicts.filter((key) => !conflicts.has(key));
      if (unknown.length > 0) {
        return fail(
          'invalid_request',
          `Not a conflict of this undo plan: ${unknown.slice(0, 5).join(', ')}. Review the plan again, then start.`,
        );
      }
      const sends = entries.some(
        ({ item, request }) => request !== null && (item.conflict === null || includeConflicts.includes(item.key)),
      );
      if (!sends) {
        return fail(
          'invalid_request',
          `Nothing to undo: ${plan.counts.conflicts > 0 ? 'what is not as before yet changed since the batch (conflicts): tick the ones to undo all the same.' : `everything “${plan.batchName}” changed is as before already.`}`,
        );
      }
      const spec = undoSpecOf({
        original: kept.replay.spec,
        entries,
        includeConflicts: new Set(includeConflicts),
        batchId: newDocumentId(),
        createdAt: now().toISOString(),
      });
      // A plan runs once: a second undo from it would act on what the first one already changed.
      plans.delete(batchId);
      return deps.imports.run(connection, spec);
    },

    totals: undoTotals,
  };
}
