import type { ImportPlan, MatchKey, OnExisting } from '../../../../common/import/types';
import { settledResult } from '../errorFromThrown';
import { createLatestOnly } from '../latestOnly';
import type { ImportSlice, RequestState } from './importSlice';

export interface PlanOptions {
  match: MatchKey;
  /** What happens to a phone already on the account. */
  onExisting: OnExisting;
  /** What happens to a person (user) already on the account. */
  onExistingPerson: OnExisting;
}

export interface PlanSlice {
  planOptions: PlanOptions;
  planning: RequestState;
  /**
   * The last plan, with the draft version and connection it was made for: after an edit, another
   * choice or another connection it is out of date, is made again, and main refuses to start it.
   */
  planned: { plan: ImportPlan; draftVersion: number; connectionId: string | null; options: PlanOptions } | null;
  setPlanOptions: (options: Partial<PlanOptions>) => void;
  /** A dry run of the draft against the account of `connectionId` (the active one); resolves to whether a plan came back. */
  reviewPlan: (connectionId: string | null) => Promise<boolean>;
}

/** What the plan step holds about a draft, as a new draft starts it (how the options start is the draft's loading to say). */
export const planOfNewDraft = {
  planning: { status: 'idle' },
  planned: null,
} satisfies Partial<PlanSlice>;

/** Whether `planned` is the plan of the draft as it is now, with these choices, on this connection: the only plan that may start. */
export function isCurrentPlan(
  planned: PlanSlice['planned'],
  draftVersion: number,
  options: PlanOptions,
  connectionId: string | null,
): planned is NonNullable<PlanSlice['planned']> {
  return (
    planned !== null &&
    planned.draftVersion === draftVersion &&
    planned.connectionId === connectionId &&
    planned.options.match === options.match &&
    planned.options.onExisting === options.onExisting &&
    planned.options.onExistingPerson === options.onExistingPerson
  );
}

/** The Plan step: how rows match devices already there, and the dry run that says what each row will do. */
export const createPlanSlice: ImportSlice<PlanSlice> = (api) => (set, get) => {
  const planReviews = createLatestOnly();

  return {
    ...planOfNewDraft,
    planOptions: { match: 'mac', onExisting: 'skip', onExistingPerson: 'skip' },

    setPlanOptions: (options) => set({ planOptions: { ...get().planOptions, ...options } }),

    reviewPlan: async (connectionId) => {
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
      set({
        planning: { status: 'idle' },
        planned: { plan: result.value, draftVersion, connectionId, options: planOptions },
        accountIssues: result.value.issues,
      });
      return true;
    },
  };
};
