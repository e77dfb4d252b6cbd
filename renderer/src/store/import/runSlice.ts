import type { BatchProgress, BatchState, RowResult } from '../../../../common/import/types';
import type { RequestInput } from '../../../../common/ipc/contract';
import type { AppError } from '../../../../common/ipc/result';
import { settledResult } from '../errorFromThrown';
import type { ImportSlice, RequestState } from './importSlice';

export type BatchAction = RequestInput<'import:control'>['action'];

/** What the technician chose in the start dialog: what a failed step of a person leaves, and whether new users are e-mailed. */
export type StartChoices = Pick<RequestInput<'import:start'>, 'onFailure' | 'sendWelcomeEmail'>;

/** A sheet of phones only asks nothing: its batch has no people to roll back and no users to e-mail. */
export const DEFAULT_START_CHOICES: StartChoices = { onFailure: 'rollback', sendWelcomeEmail: false };

export type ControlState =
  { status: 'idle' } | { status: 'running'; action: BatchAction } | { status: 'failed'; action: BatchAction; error: AppError };

/** Resume or open of one batch from the recent list. */
export type BatchOpenState =
  { status: 'idle' } | { status: 'running'; batchId: string } | { status: 'failed'; batchId: string; error: AppError };

/** States after which a batch sends nothing more: its results are final (or, interrupted, resumable). */
export const settledStates: ReadonlySet<BatchState> = new Set(['finished', 'cancelled', 'interrupted']);

/** How many finished rows the Run step lists; the full list is on the Results step. */
const LATEST_ROWS = 8;

export interface RunSlice {
  starting: RequestState;
  /** The batch shown on the Run step: started here, resumed, or opened from the recent list. */
  batch: BatchProgress | null;
  /** The draft `batch` was started from; only then can its failed rows be fixed in the grid. */
  batchDraftId: string | null;
  /** The most recently finished rows of `batch`, newest first. */
  latestRows: RowResult[];
  control: ControlState;
  batchOpen: BatchOpenState;
  /** Starts the plan shown; changes to registered phones go only with their device ids confirmed. */
  startImport: (name: string, confirmedRegisteredDeviceIds: string[], choices: StartChoices) => Promise<boolean>;
  controlBatch: (action: BatchAction) => Promise<boolean>;
  /** Continues an interrupted batch or one that left people incomplete, or shows a running one, on the Run step. */
  resumeBatch: (batchId: string) => Promise<void>;
  /** Follows a batch started elsewhere (an undo) on the Run step, as one started from the plan. */
  followBatch: (progress: BatchProgress) => void;
}

/** What the run holds about a draft, as a new draft starts it; a batch already running goes on. */
export const runOfNewDraft = { starting: { status: 'idle' } } satisfies Partial<RunSlice>;

const latestOf = (rows: readonly RowResult[], earlier: readonly RowResult[]) =>
  [...rows.filter((row) => row.outcome !== 'pending').reverse(), ...earlier].slice(0, LATEST_ROWS);

/**
 * The Run step: starts a batch, pauses, resumes or cancels it, and keeps it current from
 * `import:progress`; when it settles, the wizard moves on to its results.
 */
export const createRunSlice: ImportSlice<RunSlice> = (api) => (set, get) => {
  // Pushes can arrive before import:start answers; they are kept by batch until the store knows the batch.
  const pushed = new Map<string, { progress: BatchProgress; rows: RowResult[] }>();

  /** Every way a batch's progress arrives (answer or push) ends here, so reaching the end is noticed once. */
  const applyBatch = (progress: BatchProgress, latestRows: RowResult[]) => {
    const current = get().batch;
    const wasSettled = current?.batchId === progress.batchId && settledStates.has(current.state);
    set({ batch: progress, latestRows });
    if (wasSettled || !settledStates.has(progress.state)) return;
    void get().refreshBatches();
    if (get().step === 'run' && progress.state !== 'interrupted') void get().openResults(progress.batchId);
  };

  const showBatch = (progress: BatchProgress) => {
    const previous = get().batch;
    const known = pushed.get(progress.batchId);
    // The newer of the two: a push that overtook the answer it belongs to.
    const latest = known && known.progress.done >= progress.done ? known.progress : progress;
    set({ control: { status: 'idle' } });
    applyBatch(latest, previous?.batchId === progress.batchId ? get().latestRows : latestOf(known?.rows ?? [], []));
  };

  /** A batch just started, from this draft or from none: shown on the Run step from its first answer. */
  const follow = (progress: BatchProgress, draftId: string | null) => {
    set({ batchDraftId: draftId, results: { status: 'idle' }, step: 'run' });
    showBatch(progress);
    void get().refreshBatches();
  };

  // The store lives as long as the window, so the subscription is never undone.
  api.on('import:progress', (progress) => {
    const known = pushed.get(progress.batchId);
    pushed.set(progress.batchId, { progress, rows: [...(known?.rows ?? []), ...progress.changed].slice(-LATEST_ROWS) });
    if (get().batch?.batchId !== progress.batchId) return;
    applyBatch(progress, latestOf(progress.changed, get().latestRows));
  });

  return {
    ...runOfNewDraft,
    batch: null,
    batchDraftId: null,
    latestRows: [],
    control: { status: 'idle' },
    batchOpen: { status: 'idle' },

    startImport: async (name, confirmedRegisteredDeviceIds, choices) => {
      const { draft, planned } = get();
      if (!draft || !planned) return false;
      set({ starting: { status: 'running' } });
      const result = await settledResult(() =>
        api.invoke('import:start', { draftId: draft.id, planId: planned.plan.planId, name, confirmedRegisteredDeviceIds, ...choices }),
      );
      if (!result.ok) {
        set({ starting: { status: 'failed', error: result.error } });
        return false;
      }
      set({ starting: { status: 'idle' }, runIssues: [] });
      follow(result.value, draft.id);
      return true;
    },

    followBatch: (progress) => follow(progress, null),

    controlBatch: async (action) => {
      const batch = get().batch;
      if (!batch) return false;
      set({ control: { status: 'running', action } });
      const result = await settledResult(() => api.invoke('import:control', { batchId: batch.batchId, action }));
      if (get().batch?.batchId !== batch.batchId) return false;
      if (!result.ok) {
        set({ control: { status: 'failed', action, error: result.error } });
        return false;
      }
      // A push may already have moved past this answer, even to the end of the batch.
      const current = get().batch;
      const overtaken = current !== null && (settledStates.has(current.state) || current.done > result.value.done);
      set({ control: { status: 'idle' } });
      if (!overtaken) applyBatch({ ...result.value, changed: [] }, get().latestRows);
      return true;
    },

    resumeBatch: async (batchId) => {
      set({ batchOpen: { status: 'running', batchId } });
      const { batches, results } = get();
      const listed = batches.status === 'ready' ? batches.list.find((item) => item.batchId === batchId) : undefined;
      const incomplete =
        (listed?.incompletePeople ?? 0) > 0 ||
        (results.status === 'ready' && results.progress.batchId === batchId && results.progress.incompletePeople > 0);
      const keepsDraft = get().batchDraftId !== null && get().batch?.batchId === batchId;
      // Running and paused batches live in main already; an interrupted one, or one that kept people half-made for later, is resumed.
      const resumes = listed?.state === 'interrupted' || incomplete;
      const before = get().batch;
      if (resumes) {
        // It runs again from where it settled: what was pushed about its last run must not pass for the end of this one.
        pushed.delete(batchId);
        if (before?.batchId === batchId) set({ batch: null });
      }
      const result = resumes
        ? await settledResult(() => api.invoke('import:control', { batchId, action: 'resume' }))
        : await settledResult(async () => {
            const answer = await api.invoke('import:results', { batchId });
            return answer.ok ? { ok: true as const, value: answer.value.progress } : answer;
          });
      if (!result.ok) {
        set({ batchOpen: { status: 'failed', batchId, error: result.error }, ...(get().batch === null ? { batch: before } : {}) });
        return;
      }
      set({ batchOpen: { status: 'idle' }, results: { status: 'idle' }, step: 'run', ...(keepsDraft ? {} : { batchDraftId: null }) });
      showBatch(result.value);
      void get().refreshBatches();
    },
  };
};
