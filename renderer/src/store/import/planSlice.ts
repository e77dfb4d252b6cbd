import type { ImportPlan, MatchKey, OnExisting } from '../../../../common/import/types';
import { settledResult } from '../errorFromThrown';
import { createLatestOnly } from '../latestOnly';
import type { ImportSlice, RequestState } from './importSlice';

export interface PlanOptions {
  match: MatchKey;
  onExisting: OnExisting;
}

export interface PlanSlice {
  planOptions: PlanOptions;
  planning: RequestState;
  /** The last plan, with the draft version it was made at: after an edit it is out of date and main refuses to start it. */
  planned: { plan: ImportPlan; draftVersion: number } | null;
  setPlanOptions: (options: Partial<PlanOptions>) => void;
  /** A dry run of the draft against the live account; resolves to whether a plan came back. */
  reviewPlan: () => Promise<boolean>;
}

/** What the plan step holds about a draft, as a new draft starts it (the options are the technician's and stay). */
export const planOfNewDraft = {
  planning: { status: 'idle' },
  planned: null,
} satisfies Partial<PlanSlice>;

/** The Plan step: how rows match devices already there, and the dry run that says what each row will do. */
export const createPlanSlice: ImportSlice<PlanSlice> = (api) => (set, get) => {
  const planReviews = createLatestOnly();

  return {
    ...planOfNewDraft,
    planOptions: { match: 'mac', onExisting: 'skip' },

    setPlanOptions: (options) => set({ planOptions: { ...get().planOptions, ...options } }),

    reviewPlan: async () => {
      const { draft, draftVersion, planOptions } = get();
      if (!draft) return false;
      const isCurrent = planReviews.begin();
      set({ planning: { status: 'running' } });
      const result = await settledResult(() => api.invoke('import:plan', { draftId: draft.id, ...planOptions }));
      if (!isCurrent() || get().draft?.id !== draft.id) return false;
      if (!result.ok) {
        set({ planning: { status: 'failed', error: result.error } });
        return false;
      }
      set({ planning: { status: 'idle' }, planned: { plan: result.value, draftVersion }, accountIssues: result.value.issues });
      return true;
    },
  };
};
