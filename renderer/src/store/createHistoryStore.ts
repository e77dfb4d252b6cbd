import { createStore } from 'zustand/vanilla';
import type { AuditRecord } from '../../../common/audit';
import type { AudianApi } from '../../../common/ipc/api';
import type { AppError, Result } from '../../../common/ipc/result';
import { settledResult } from './errorFromThrown';
import { historyQueryOf, noHistoryFilters, type HistoryFilters, type NamedFilter } from './historyQuery';
import { createLatestOnly } from './latestOnly';

/** The most records the view holds; past it, it says how many more there are and the CSV has them all. */
export const HISTORY_LIMIT = 5_000;

export type HistoryList =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; connectionId: string; records: AuditRecord[]; total: number }
  | { status: 'failed'; connectionId: string; error: AppError };

export interface HistoryState {
  filters: HistoryFilters;
  list: HistoryList;
  /** Counts the changes main announced; views that read records of their own read again when it moves. */
  version: number;
  /** Reads the records of this connection's account the filters ask for, newest first. */
  load: (connectionId: string) => Promise<void>;
  /** Changes some filters and reads again. */
  setFilters: (patch: Partial<HistoryFilters>) => void;
  clearFilters: () => void;
  /** From elsewhere (a device's editor): every record of that one document, nothing else filtered. */
  showResource: (resource: NamedFilter) => void;
  /** From elsewhere (a batch): every record of that batch, nothing else filtered. */
  showBatch: (batch: NamedFilter) => void;
  /** The CSV of exactly what the filters show (every record, not only those the view holds). */
  exportCsv: () => Promise<Result<{ fileName: string; csv: string }>>;
  /** A change main records but announces no push for (a phone action) was just sent: what shows records reads again. */
  recorded: () => void;
  /** The newest records of one document (a device's editor shows them), apart from the filters. */
  recordsOf: (resourceId: string, limit: number) => Promise<Result<{ records: AuditRecord[]; total: number }>>;
}

/**
 * History: the audit log of the active connection's account, filtered. It reads again whenever
 * main says devices changed or a batch stopped running, so it never shows a stale list.
 */
export const createHistoryStore = (api: AudianApi, now: () => Date = () => new Date()) => {
  const loads = createLatestOnly();

  return createStore<HistoryState>()((set, get) => {
    const loadedConnection = (): string | null => {
      const list = get().list;
      return list.status === 'ready' || list.status === 'failed' ? list.connectionId : null;
    };
    const refilter = (filters: HistoryFilters) => {
      set({ filters });
      const connectionId = loadedConnection();
      if (connectionId) void get().load(connectionId);
    };
    const changed = (connectionId: string | null) => {
      set({ version: get().version + 1 });
      if (connectionId && connectionId === loadedConnection()) void get().load(connectionId);
    };

    // The store lives as long as the window, so the subscriptions are never undone.
    api.on('devices:changed', ({ connectionId }) => changed(connectionId));
    api.on('import:progress', (progress) => {
      if (progress.state !== 'running') changed(progress.connectionId);
    });
    // main answers for the connection in use: records read for another one are another account's.
    api.on('connections:changed', (overview) => {
      const loaded = loadedConnection();
      if (loaded && loaded !== overview.activeId) {
        loads.dropAll();
        set({ list: { status: 'idle' } });
      }
    });

    return {
      filters: noHistoryFilters,
      list: { status: 'idle' },
      version: 0,

      load: async (connectionId) => {
        const isCurrent = loads.begin();
        const shown = get().list;
        // Another account's records never stay on screen while this one's are read.
        if (shown.status === 'idle' || loadedConnection() !== connectionId) set({ list: { status: 'loading' } });
        const query = { ...historyQueryOf(get().filters, now()), limit: HISTORY_LIMIT };
        const result = await settledResult(() => api.invoke('audit:list', query));
        if (!isCurrent()) return;
        set({
          list: result.ok
            ? { status: 'ready', connectionId, records: result.value.records, total: result.value.total }
            : { status: 'failed', connectionId, error: result.error },
        });
      },

      setFilters: (patch) => refilter({ ...get().filters, ...patch }),
      clearFilters: () => refilter(noHistoryFilters),
      showResource: (resource) => refilter({ ...noHistoryFilters, resource }),
      showBatch: (batch) => refilter({ ...noHistoryFilters, batch }),

      exportCsv: () => settledResult(() => api.invoke('audit:export', historyQueryOf(get().filters, now()))),
      recorded: () => changed(loadedConnection()),
      recordsOf: (resourceId, limit) => settledResult(() => api.invoke('audit:list', { resourceId, limit })),
    };
  });
};

export type HistoryStore = ReturnType<typeof createHistoryStore>;
