import type { BatchProgress, BatchState, PlanAction, ResourceOutcome, RowOutcome } from '../../../../common/import/types';
import type { UndoAction } from '../../../../common/undo';
import type { StatusTone } from '../../components/StatusBadge';

export const batchStateWords: Record<BatchState, { label: string; tone: StatusTone }> = {
  running: { label: 'Importing', tone: 'progress' },
  paused: { label: 'Paused', tone: 'neutral' },
  waiting_for_charges: { label: 'Waiting for your answer about charges', tone: 'warning' },
  cancelled: { label: 'Cancelled', tone: 'warning' },
  finished: { label: 'Finished', tone: 'info' },
  interrupted: { label: 'Interrupted', tone: 'warning' },
};

export const outcomeWords: Record<RowOutcome, { label: string; tone: StatusTone }> = {
  created: { label: 'Created', tone: 'success' },
  updated: { label: 'Updated', tone: 'success' },
  deleted: { label: 'Deleted', tone: 'neutral' },
  skipped: { label: 'Skipped', tone: 'neutral' },
  failed: { label: 'Failed', tone: 'danger' },
  // Not confirmed rather than "not sent": a request cut off by Cancel may still have reached the server.
  pending: { label: 'Not confirmed', tone: 'neutral' },
};

export const actionWords: Record<PlanAction, { label: string; tone: StatusTone }> = {
  create: { label: 'Create', tone: 'info' },
  update: { label: 'Update', tone: 'info' },
  delete: { label: 'Delete', tone: 'warning' },
  skip: { label: 'Skip', tone: 'neutral' },
  error: { label: 'Error', tone: 'danger' },
};

/** What undoing one document does, in a word. */
export const undoActionWords: Record<UndoAction, { label: string; tone: StatusTone }> = {
  delete: { label: 'Delete', tone: 'warning' },
  restore: { label: 'Restore', tone: 'info' },
  recreate: { label: 'Re-create', tone: 'info' },
  nothing: { label: 'Nothing to do', tone: 'neutral' },
};

/** What an undo batch did to one document: its create re-created, its update restored, its skip left the document alone. */
export const undoOutcomeWords: Record<ResourceOutcome, { label: string; tone: StatusTone }> = {
  deleted: { label: 'Deleted', tone: 'success' },
  updated: { label: 'Restored', tone: 'success' },
  created: { label: 'Re-created', tone: 'success' },
  skipped: { label: 'Left alone', tone: 'neutral' },
  failed: { label: 'Failed', tone: 'danger' },
  rolled_back: { label: 'Removed', tone: 'warning' },
  not_sent: { label: 'Not sent', tone: 'warning' },
  pending: { label: 'Not done', tone: 'neutral' },
};

/** "about 1 min 20 s": rounded so it does not flicker, and never falsely exact. */
export function formatTimeLeft(seconds: number): string {
  if (seconds < 5) return 'a few seconds';
  if (seconds < 60) return `about ${Math.round(seconds / 5) * 5} s`;
  const rounded = seconds < 600 ? Math.round(seconds / 10) * 10 : Math.round(seconds / 60) * 60;
  const hours = Math.floor(rounded / 3600);
  const minutes = Math.floor((rounded % 3600) / 60);
  const rest = rounded % 60;
  if (hours > 0) return `about ${hours} h ${minutes} min`;
  return rest > 0 ? `about ${minutes} min ${rest} s` : `about ${minutes} min`;
}

export const formatRate = (perSecond: number) =>
  `${perSecond.toLocaleString(undefined, { maximumFractionDigits: 1, minimumFractionDigits: 1 })} devices/s`;

export type BatchOrigin = BatchProgress['origin'];
type CountedOutcome = 'created' | 'updated' | 'deleted' | 'skipped' | 'failed';

/**
 * What a batch says as it runs and when it is over, in the words of what started it: a sheet
 * imports rows, a devices action changes devices, an undo deletes, restores and re-creates.
 */
export const originWords: Record<
  BatchOrigin,
  {
    heading: (name: string) => string;
    /** A running batch's state: "Importing", "Undoing". */
    running: string;
    units: [string, string];
    progress: string;
    counters: ReadonlyArray<{ outcome: CountedOutcome; label: string }>;
  }
> = {
  import: {
    heading: (name) => `Importing ${name}`,
    running: 'Importing',
    units: ['row', 'rows'],
    progress: 'Import progress',
    counters: [
      { outcome: 'created', label: 'Created' },
      { outcome: 'updated', label: 'Updated' },
      { outcome: 'skipped', label: 'Skipped' },
      { outcome: 'failed', label: 'Failed' },
    ],
  },
  bulk: {
    heading: (name) => name,
    running: 'Running',
    units: ['device', 'devices'],
    progress: 'Progress',
    counters: [
      { outcome: 'updated', label: 'Changed' },
      { outcome: 'deleted', label: 'Deleted' },
      { outcome: 'skipped', label: 'Skipped' },
      { outcome: 'failed', label: 'Failed' },
    ],
  },
  undo: {
    heading: (name) => name,
    running: 'Undoing',
    units: ['person or phone', 'people and phones'],
    progress: 'Undo progress',
    counters: [
      { outcome: 'deleted', label: 'Deleted' },
      { outcome: 'updated', label: 'Restored' },
      { outcome: 'created', label: 'Re-created' },
      { outcome: 'skipped', label: 'Left alone' },
      { outcome: 'failed', label: 'Failed' },
    ],
  },
};

/** A batch's state in words, a running one as what it does. */
export const stateWords = (origin: BatchOrigin, state: BatchState): { label: string; tone: StatusTone } =>
  state === 'running' ? { label: originWords[origin].running, tone: 'progress' } : batchStateWords[state];
