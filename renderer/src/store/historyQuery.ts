import type { AuditAction, AuditQuery } from '../../../common/audit';

/** The time spans History offers at once; `custom` reads its own since and until. */
export type HistoryTime = 'all' | 'hour' | 'today' | 'week' | 'custom';

/** A filter set from elsewhere (a device's editor, a batch): its id for the query, its name for the chip. */
export interface NamedFilter {
  id: string;
  name: string;
}

export interface HistoryFilters {
  time: HistoryTime;
  /** `custom` only: local date and time as a datetime-local input gives it (`2026-12-06T14:05`), or empty. */
  since: string;
  until: string;
  action: AuditAction | 'any';
  /** Words in the name, id or fields. */
  text: string;
  resource: NamedFilter | null;
  batch: NamedFilter | null;
}

export const noHistoryFilters: HistoryFilters = {
  time: 'all',
  since: '',
  until: '',
  action: 'any',
  text: '',
  resource: null,
  batch: null,
};

export const filtersAreClear = (filters: HistoryFilters): boolean =>
  filters.time === 'all' && filters.action === 'any' && filters.text.trim() === '' && !filters.resource && !filters.batch;

const HOUR_MS = 3_600_000;

/** A datetime-local value as an ISO instant, or nothing when it is empty or not a time. */
function localToIso(local: string): string | undefined {
  if (!local) return undefined;
  const time = new Date(local).getTime();
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** Where the chosen span starts and ends, as of `now`; "today" starts at local midnight. */
function spanOf(filters: HistoryFilters, now: Date): Pick<AuditQuery, 'since' | 'until'> {
  switch (filters.time) {
    case 'hour':
      return { since: new Date(now.getTime() - HOUR_MS).toISOString() };
    case 'today':
      return { since: new Date(now.getFullYear(), now.getMonth(), now.getDate()).toISOString() };
    case 'week':
      return { since: new Date(now.getTime() - 7 * 24 * HOUR_MS).toISOString() };
    case 'custom':
      return { since: localToIso(filters.since), until: localToIso(filters.until) };
    case 'all':
      return {};
  }
}

/** The audit query the filters ask for; the list and its CSV export send the same one. */
export function historyQueryOf(filters: HistoryFilters, now: Date): AuditQuery {
  const query: AuditQuery = spanOf(filters, now);
  if (filters.action !== 'any') query.action = filters.action;
  const text = filters.text.trim();
  if (text) query.text = text.slice(0, 200);
  if (filters.resource) query.resourceId = filters.resource.id;
  if (filters.batch) query.batchId = filters.batch.id;
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined)) as AuditQuery;
}
