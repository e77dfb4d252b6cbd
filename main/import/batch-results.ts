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
import type { BatchSpec, Step, Unit } from './operations';

export interface OutcomeCounts {
  done: number;
  created: number;
  updated: number;
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
 * A step nothing has been recorded for. A create's id appears only once the server has it, so a
 * report never lists an id that does not exist; updates and skips name their existing document.
 */
export function initialStepState(step: Step): StepState {
  return { outcome: 'pending', id: step.action === 'update' || step.action === 'skip' ? step.id : null, error: null };
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
export function unitOfRows(spec: BatchSpec): Map<number, number> {
  const units = new Map<number, number>();
  spec.units.forEach((unit, index) => {
    for (const row of unit.rows) units.set(row, index);
  });
  return units;
}

/** The results of every sheet row, in sheet order. */
export function rowResultsOf(spec: BatchSpec, states: UnitStates): RowResult[] {
  const units = unitOfRows(spec);
  return spec.sheetRows.map(({ row }) => rowResultOf(spec, states, units.get(row), row));
}

/** One sheet row (by draft index, as `sheetRows` is) as the batch reports it: the documents it needs, each with its state. */
export function rowResultOf(spec: BatchSpec, states: UnitStates, unitIndex: number | undefined, row: number): RowResult {
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
  }));
  const device = mine.find(({ step }) => step.resource === 'device');
  const failed = mine.find(({ state }) => state.error !== null && (state.outcome === 'failed' || state.outcome === 'rolled_back'));
  return {
    ...base,
    action: rowActionOf(mine.map(({ step }) => step.action)),
    outcome: rowOutcomeOf(resources.map((resource) => resource.outcome)),
    deviceId: device?.state.id ?? null,
    error: failed?.state.error ?? null,
    person: isPerson(unit) ? { key: unit.key, name: personNameOf(unit), state: personStateOf(unitStates) } : null,
    resources,
  };
}

export const isPerson = (unit: Unit): boolean => unit.key.startsWith('person:');

const personNameOf = (unit: Unit): string => unit.steps.find((step) => step.resource === 'user')?.label ?? unit.label;

/** A row in one word: error if any of its documents is, else create, update, skip. */
function rowActionOf(actions: readonly PlanAction[]): PlanAction {
  for (const action of ['error', 'create', 'update'] as const) if (actions.includes(action)) return action;
  return 'skip';
}

/** Pending while any document is; else failed if any failed; else created, updated, skipped, in that order. */
export function rowOutcomeOf(outcomes: readonly ResourceOutcome[]): RowOutcome {
  if (outcomes.includes('pending')) return 'pending';
  if (outcomes.includes('failed') || outcomes.includes('rolled_back')) return 'failed';
  for (const outcome of ['created', 'updated'] as const) if (outcomes.includes(outcome)) return outcome;
  return 'skipped';
}

/**
 * Complete when every step succeeded; otherwise rolled back when nothing the batch created is left
 * on the server, incomplete when something is (kept for a resume, or a delete that failed).
 */
export function personStateOf(states: readonly StepState[]): PersonState {
  if (states.some((state) => state.outcome === 'pending')) return 'pending';
  if (!states.some((state) => state.outcome === 'failed' || state.outcome === 'rolled_back')) return 'complete';
  return states.some((state) => state.outcome === 'created') ? 'incomplete' : 'rolled_back';
}

export function countOutcomes(rows: readonly RowResult[]): OutcomeCounts {
  const counts: OutcomeCounts = { done: 0, created: 0, updated: 0, skipped: 0, failed: 0 };
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
    RESOURCE_KINDS.map((kind) => [kind, { created: 0, updated: 0, skipped: 0, failed: 0 }]),
  ) as ResourceCounts<RowOutcomeCounts>;
  spec.units.forEach((unit, unitIndex) =>
    unit.steps.forEach((step, stepIndex) => {
      const { outcome } = states[unitIndex]![stepIndex]!;
      if (outcome === 'pending') return;
      counts[step.resource][outcome === 'rolled_back' ? 'failed' : outcome] += 1;
    }),
  );
  return counts;
}

/** People left with something on the server and a step not done. */
export function countIncompletePeople(spec: BatchSpec, states: UnitStates): number {
  return spec.units.filter((unit, index) => isPerson(unit) && personStateOf(states[index]!) === 'incomplete').length;
}
