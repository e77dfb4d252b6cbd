import type { BatchProgress, BatchSummary } from '../../../../common/import/types';
import type { AppError } from '../../../../common/ipc/result';
import { settledResult } from '../errorFromThrown';
import type { ImportSlice } from './importSlice';

export type BatchesState = { status: 'loading' } | { status: 'ready'; list: BatchSummary[] } | { status: 'failed'; error: AppError };

export interface BatchesSlice {
  batches: BatchesState;
  refreshBatches: () => Promise<void>;
}

/** A summary with the counts and state of the batch's latest progress. */
function withProgress(list: readonly BatchSummary[], progress: BatchProgress): BatchSummary[] | null {
  const index = list.findIndex((summary) => summary.batchId === progress.batchId);
  if (index < 0) return null;
  const { state, total, created, updated, deleted, skipped, failed, finishedAt } = progress;
  const next = list.slice();
  next[index] = { ...(list[index] as BatchSummary), state, total, created, updated, deleted, skipped, failed, finishedAt };
  return next;
}

/** The recent batches of this computer, from main; the ones running now stay current through `import:progress`. */
export const createBatchesSlice: ImportSlice<BatchesSlice> = (api) => (set, get) => {
  // The store lives as long as the window, so the subscription is never undone.
  api.on('import:progress', (progress) => {
    const batches = get().batches;
    if (batches.status !== 'ready') return;
    const list = withProgress(batches.list, progress);
    if (list) set({ batches: { status: 'ready', list } });
  });

  return {
    batches: { status: 'loading' },

    refreshBatches: async () => {
      const result = await settledResult(() => api.invoke('import:batches', {}));
      set({ batches: result.ok ? { status: 'ready', list: result.value } : { status: 'failed', error: result.error } });
    },
  };
};
