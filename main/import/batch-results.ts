import {
  RESOURCE_KINDS,
  type OutcomeCounts as RowOutcomeCounts,
  type PersonState,
  type PlanAction,
  type ResourceCounts,
  type ResourceOutcome,
  type ResourceResult,
  type RowOutcome,
  type RowResult,
} from '../../common/import/types';
import { stepKey, type JournalReplay, type RowError } from './journal';
import type { BatchSpec, OnUnitFailure, Step, Unit } from './operations';

export interface OutcomeCounts {
  done: number;
  created: number;
  updated: number;
  deleted: number;
  skipped: number;
  failed: number;
}

/** Where one step of a unit stands: its document's outcome, its id once the server has it, why it failed. */
export interface StepState {
  outcome: ResourceOutcome;
  id: string | null;
  error: RowError | null;
}

/** Every step's state, by unit index then step index. */
export type UnitStates = StepState[][];

/**
 * A step nothing has been recorded for. A create's id appears only once the server has it (or, on
 * a failed create, while it may have it: see mayBeLeft), so a report never lists an id the server
 * surely lacks; updates, deletes and skips name their existing document.
 */
export function initialStepState(step: Step): StepState {
  return {
    outcome: 'pending',
    id: step.action === 'update' || step.action === 'delete' || step.action === 'skip' ? step.id : null,
    error: null,
  };
}

export function unitStatesOf(replay: JournalReplay): UnitStates {
  return replay.spec.units.map((unit, unitIndex) =>
    unit.steps.map((step, stepIndex) => {
      const done = replay.done.get(stepKey(unitIndex, stepIndex));
      return done ? { outcome: done.outcome, id: done.id, error: done.error } : initialStepState(step);
    }),
  );
}

/** The unit each sheet row belongs to, by draft index. */
function unitOfRows(spec: BatchSpec): Map<number, number> {
  const units = new Map<number, number>();
  spec.units.forEach((unit, index) => {
    for (const row of unit.rows) units.set(row, index);
  });
  return units;
}

/**
 * How results read a batch that is not running: a person begun and not finished (cancelled,
 * interrupted) is incomplete rather than pending.
 */
export interface ResultContext {
  stopped: boolean;
}

/** The results of every sheet row, in sheet order. */
export function rowResultsOf(spec: BatchSpec, states: UnitStates, context: ResultContext): RowResult[] {
  const units = unitOfRows(spec);
  return spec.sheetRows.map(({ row }) => rowResultOf(spec, states, units.get(row), row, context));
}

/** One sheet row (by draft index, as `sheetRows` is) as the batch reports it: the documents it needs, each with its state. */
export function rowResultOf(
  spec: BatchSpec,
  states: UnitStates,
  unitIndex: number | undefined,
  row: number,
  context: ResultContext,
): RowResult {
  const sheetRow = spec.sheetRows[row]!;
  const base = { row, line: sheetRow.line, name: sheetRow.name, ...sheetRow.identity };
  if (unitIndex === undefined) {
    return { ...base, action: 'skip', outcome: 'skipped', deviceId: null, error: null, person: null, resources: [] };
  }
  const unit = spec.units[unitIndex]!;
  const unitStates = states[unitIndex]!;
  const mine = unit.steps.flatMap((step, index) => (step.rows.includes(row) ? [{ step, state: unitStates[index]! }] : []));
  const resources: ResourceResult[] = mine.map(({ step, state }) => ({
    resource: step.resource,
    label: step.label,
    outcome: state.outcome,
    id: state.id,
    error: state.error,
    reason: step.action === 'skip' ? step.reason : null,
  }));
  const state = unitStateOf(unit, unitStates, spec.onFailure, context);
  return {
    ...base,
    action: rowActionOf(mine.map(({ step }) => step.action)),
    outcome: rowOutcomeOf(resources.map((resource) => resource.outcome)),
    deviceId: mine.find(({ step }) => step.resource === 'device')?.state.id ?? null,
    error: rowErrorOf(unit, unitStates, row, state, spec.onFailure),
    person: isPerson(unit) ? { key: unit.key, name: personNameOf(unit), state } : null,
    resources,
  };
}

export const isPerson = (unit: Unit): boolean => unit.key.startsWith('person:');

const personNameOf = (unit: Unit): string => unit.steps.find((step) => step.resource === 'user')?.label ?? unit.label;

/** A row in one word: error if any of its documents is, else create, update, skip. */
function rowActionOf(actions: readonly PlanAction[]): PlanAction {
  for (const action of ['error', 'create', 'update', 'delete'] as const) if (actions.includes(action)) return action;
  return 'skip';
}

/** Pending while any document is; else failed if any failed; else created, updated, deleted, skipped, in that order. */
function rowOutcomeOf(outcomes: readonly ResourceOutcome[]): RowOutcome {
  if (outcomes.includes('pending')) return 'pending';
  if (outcomes.some((outcome) => outcome === 'failed' || outcome === 'rolled_back' || outcome === 'not_sent')) return 'failed';
  for (const outcome of ['created', 'updated', 'deleted'] as const) if (outcomes.includes(outcome)) return outcome;
  return 'skipped';
}

/**
 * The step that made the unit fail: the one the plan refused (nothing of the unit is sent), else
 * the first that failed (every later one fails as "Not sent"); undefined while none has.
 */
export function causeOf(unit: Unit, states: readonly StepState[]): number | undefined {
  const refused = unit.steps.findIndex((step) => step.action === 'error');
  if (refused !== -1) return refused;
  const failed = states.findIndex((state) => state.outcome === 'failed');
  return failed === -1 ? undefined : failed;
}

/**
 * A create that failed after it was sent: an earlier send may have made its document (its answer
 * lost), so in `rollback` it keeps its own id until the rollback has deleted it.
 */
export const mayBeLeft = (step: Step, state: StepState): boolean =>
  step.action === 'create' && state.outcome === 'failed' && state.id !== null;

/** A failed unit whose rollback has a document left to delete (none of its deletes refused for good yet). */
export function rollbackPending(unit: Unit, states: readonly StepState[], onFailure: OnUnitFailure): boolean {
  return (
    onFailure === 'rollback' &&
    causeOf(unit, states) !== undefined &&
    states.some((state) => state.outcome === 'created' && state.error === null)
  );
}

/**
 * Complete when every step succeeded. After a failure: rolled back when nothing the batch created
 * or changed for the unit is left on the server; incomplete when something is (kept for a resume,
 * a delete that failed, or a change: a rollback deletes what it made and never undoes a PATCH or a
 * DELETE), or
 * when a resume will send the failed step again (`keep`). Pending while steps (or a rollback) are
 * still to run; a batch that stopped meanwhile leaves such a unit incomplete.
 */
function unitStateOf(unit: Unit, states: readonly StepState[], onFailure: OnUnitFailure, context: ResultContext): PersonState {
  const madeOrChanged = states.some(
    (state, index) =>
      state.outcome === 'created' || state.outcome === 'updated' || state.outcome === 'deleted' || mayBeLeft(unit.steps[index]!, state),
  );
  const cause = causeOf(unit, states);
  const unfinished = states.some((state) => state.outcome === 'pending') || rollbackPending(unit, states, onFailure);
  if (unfinished) return context.stopped && (madeOrChanged || cause !== undefined) ? 'incomplete' : 'pending';
  if (cause === undefined) return 'complete';
  if (unit.steps[cause]!.action === 'error') return 'not_sent';
  return madeOrChanged || onFailure === 'keep' ? 'incomplete' : 'rolled_back';
}

/** Why a row failed, in words that say what failed, and what became of the rest of its unit. */
function rowErrorOf(unit: Unit, states: readonly StepState[], row: number, state: PersonState, onFailure: OnUnitFailure): RowError | null {
  const cause = causeOf(unit, states);
  if (cause === undefined) return null;
  const step = unit.steps[cause]!;
  const error = states[cause]!.error;
  if (error === null) return null;
  const reason = step.rows.includes(row) ? error : { message: `${step.label} failed: ${error.message}`, column: null, fields: [] };
  const labels = (test: (state: StepState) => boolean) =>
    unit.steps.filter((_, index) => test(states[index]!)).map((candidate) => candidate.label);
  const rolledBack = labels((candidate) => candidate.outcome === 'rolled_back');
  const left = unit.steps
    .filter((candidate, index) => states[index]!.outcome === 'created' || mayBeLeft(candidate, states[index]!))
    .map((candidate) => candidate.label);
  const changed = labels((candidate) => candidate.outcome === 'updated' || candidate.outcome === 'deleted');
  const notes: string[] = [];
  if (rolledBack.length > 0) notes.push(`Rolled back (deleted): ${rolledBack.join(', ')}.`);
  if (changed.length > 0) notes.push(`Changed and not undone: ${changed.join(', ')}.`);
  if (left.length > 0) {
    notes.push(
      onFailure === 'keep'
        ? `Kept on the server for a resume to finish: ${left.join(', ')}.`
        : `Still on the server (the rollback could not delete them): ${left.join(', ')}.`,
    );
  }
  if (state === 'incomplete' && onFailure === 'keep') notes.push('Resume the batch to send the rest again.');
  return notes.length === 0 ? reason : { ...reason, message: `${reason.message} ${notes.join(' ')}` };
}

export function countOutcomes(rows: readonly RowResult[]): OutcomeCounts {
  const counts: OutcomeCounts = { done: 0, created: 0, updated: 0, deleted: 0, skipped: 0, failed: 0 };
  for (const row of rows) {
    if (row.outcome === 'pending') continue;
    counts.done += 1;
    counts[row.outcome] += 1;
  }
  return counts;
}

/** Documents by kind and outcome; a rolled-back one counts as failed. */
export function countResources(spec: BatchSpec, states: UnitStates): ResourceCounts<RowOutcomeCounts> {
  const counts = Object.fromEntries(
    RESOURCE_KINDS.map((kind) => [kind, { created: 0, updated: 0, deleted: 0, skipped: 0, failed: 0 }]),
  ) as ResourceCounts<RowOutcomeCounts>;
  spec.units.forEach((unit, unitIndex) =>
    unit.steps.forEach((step, stepIndex) => {
      const { outcome } = states[unitIndex]![stepIndex]!;
      if (outcome === 'pending') return;
      counts[step.resource][outcome === 'rolled_back' || outcome === 'not_sent' ? 'failed' : outcome] += 1;
    }),
  );
  return counts;
}

/** People left incomplete: something on the server and a step not done, or a failed step kept for a resume. */
export function countIncompletePeople(spec: BatchSpec, states: UnitStates, context: ResultContext): number {
  return spec.units.filter((unit, index) => isPerson(unit) && unitStateOf(unit, states[index]!, spec.onFailure, context) === 'incomplete')
    .length;
}
