import type { AppError } from '../../../../common/ipc/result';
import type { UndoPlan } from '../../../../common/undo';
import { settledResult } from '../errorFromThrown';
import type { ImportSlice, RequestState } from './importSlice';

/** The undo dialog: closed, reading the account to plan, the plan to show, or why it could not be made. */
export type UndoPlanState =
  | { status: 'closed' }
  | { status: 'loading'; batchId: string; batchName: string }
  | { status: 'ready'; plan: UndoPlan }
  | { status: 'failed'; batchId: string; batchName: string; error: AppError };

export interface UndoSlice {
  undoPlan: UndoPlanState;
  undoStart: RequestState;
  /** Opens the undo dialog for a batch and plans its undo against the account now; nothing is sent. */
  planUndo: (batchId: string, batchName: string) => Promise<void>;
  closeUndo: () => void;
  /** Runs the plan shown as a batch of its own, followed on the Run step; conflicts only those ticked. */
  startUndo: (includeConflicts: string[]) => Promise<boolean>;
}

/** "Undo this batch": its plan first, then the undo as a batch the Run and Results steps follow as they do an import. */
export const createUndoSlice: ImportSlice<UndoSlice> = (api) => (set, get) => ({
  undoPlan: { status: 'closed' },
  undoStart: { status: 'idle' },

  planUndo: async (batchId, batchName) => {
    set({ undoPlan: { status: 'loading', batchId, batchName }, undoStart: { status: 'idle' } });
    const result = await settledResult(() => api.invoke('batches:undoPlan', { batchId }));
    const current = get().undoPlan;
    // Closed meanwhile, or another batch's plan asked for since: this answer is for nobody.
    if (current.status !== 'loading' || current.batchId !== batchId) return;
    set({ undoPlan: result.ok ? { status: 'ready', plan: result.value } : { status: 'failed', batchId, batchName, error: result.error } });
  },

  closeUndo: () => set({ undoPlan: { status: 'closed' }, undoStart: { status: 'idle' } }),

  startUndo: async (includeConflicts) => {
    const shown = get().undoPlan;
    if (shown.status !== 'ready') return false;
    const { plan } = shown;
    set({ undoStart: { status: 'running' } });
    const result = await settledResult(() => api.invoke('batches:undo', { batchId: plan.batchId, planId: plan.planId, includeConflicts }));
    if (!result.ok) {
      set({ undoStart: { status: 'failed', error: result.error } });
      return false;
    }
    set({ undoPlan: { status: 'closed' }, undoStart: { status: 'idle' } });
    get().followBatch(result.value);
    return true;
  },
});
