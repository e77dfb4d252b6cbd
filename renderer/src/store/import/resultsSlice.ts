import type { BatchProgress, RowResult } from '../../../../common/import/types';
import type { AppError } from '../../../../common/ipc/result';
import { settledResult } from '../errorFromThrown';
import { runIssuesOf } from '../importIssues';
import type { ImportSlice, RequestState } from './importSlice';

export type ResultsState =
  | { status: 'idle' }
  | { status: 'loading'; batchId: string }
  | { status: 'ready'; progress: BatchProgress; rows: RowResult[] }
  | { status: 'failed'; batchId: string; error: AppError };

export interface ResultsSlice {
  results: ResultsState;
  report: RequestState;
  /** Shows a settled batch's results. */
  openResults: (batchId: string) => Promise<void>;
  /**
   * The batch's results as CSV, handed straight to the caller: with passwords in it, it must not
   * linger in the store.
   */
  exportReport: (batchId: string, includePasswords: boolean) => Promise<{ fileName: string; csv: string } | null>;
}

/** The Results step: every row's outcome of one batch, what the server refused put back on the draft's cells, and the report. */
export const createResultsSlice: ImportSlice<ResultsSlice> = (api) => (set, get) => {
  const loadResults = async (batchId: string) => {
    set({ results: { status: 'loading', batchId } });
    const result = await settledResult(() => api.invoke('import:results', { batchId }));
    const current = get().results;
    if (current.status !== 'loading' || current.batchId !== batchId) return;
    if (!result.ok) {
      set({ results: { status: 'failed', batchId, error: result.error } });
      return;
    }
    // Only a batch started from the draft still loaded can point at its cells.
    const { draft, batchDraftId } = get();
    const runIssues = draft && batchDraftId === draft.id && result.value.progress.batchId === get().batch?.batchId;
    set({
      results: { status: 'ready', progress: result.value.progress, rows: result.value.rows },
      ...(runIssues ? { runIssues: runIssuesOf(result.value.rows, draft.mapping) } : {}),
    });
  };

  return {
    results: { status: 'idle' },
    report: { status: 'idle' },

    openResults: async (batchId) => {
      if (get().batch?.batchId !== batchId) set({ batch: null, batchDraftId: null, latestRows: [] });
      set({ step: 'results' });
      await loadResults(batchId);
      const results = get().results;
      if (results.status === 'ready' && get().batch === null) set({ batch: results.progress });
    },

    exportReport: async (batchId, includePasswords) => {
      set({ report: { status: 'running' } });
      const result = await settledResult(() => api.invoke('import:report', { batchId, includePasswords }));
      set({ report: result.ok ? { status: 'idle' } : { status: 'failed', error: result.error } });
      return result.ok ? result.value : null;
    },
  };
};
