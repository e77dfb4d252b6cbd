import type { BatchState, PlanAction, RowOutcome } from '../../../../common/import/types';
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
