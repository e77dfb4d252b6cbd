import { createStore } from 'zustand/vanilla';
import { MAX_FILE_BYTES } from '../../../common/import/decode';
import type {
  BatchProgress,
  BatchState,
  BatchSummary,
  CellIssue,
  ColumnMapping,
  Delimiter,
  ImportDraft,
  ImportPlan,
  MatchKey,
  OnExisting,
  RowResult,
  TextEncodingName,
} from '../../../common/import/types';
import type { AudianApi } from '../../../common/ipc/api';
import type { RequestInput } from '../../../common/ipc/contract';
import type { AppError } from '../../../common/ipc/result';
import { settledResult } from './errorFromThrown';
import { runIssuesOf, withoutRows } from './importIssues';
import { createLatestOnly } from './latestOnly';
import { readFileAsBase64 } from './readFileAsBase64';

/** The wizard's steps in order; the step indicator and Back/Next follow it. */
export const importSteps = ['file', 'columns', 'check', 'plan', 'run', 'results'] as const;
export type ImportStepId = (typeof importSteps)[number];

export type RequestState = { status: 'idle' } | { status: 'running' } | { status: 'failed'; error: AppError };

export type FileLoad =
  | { status: 'idle' }
  | { status: 'reading'; fileName: string; byteLength: number; fraction: number }
  | { status: 'checking'; fileName: string; byteLength: number }
  | { status: 'failed'; fileName: string; error: AppError };

export interface SourceChoice {
  encoding?: TextEncodingName;
  delimiter?: Delimiter;
  headerRow?: number;
}

export interface PlanOptions {
  match: MatchKey;
  onExisting: OnExisting;
}

export type BatchAction = RequestInput<'import:control'>['action'];

export type ControlState =
  { status: 'idle' } | { status: 'running'; action: BatchAction } | { status: 'failed'; action: BatchAction; error: AppError };

export type ResultsState =
  | { status: 'idle' }
  | { status: 'loading'; batchId: string }
  | { status: 'ready'; progress: BatchProgress; rows: RowResult[] }
  | { status: 'failed'; batchId: string; error: AppError };

export type BatchesState = { status: 'loading' } | { status: 'ready'; list: BatchSummary[] } | { status: 'failed'; error: AppError };

/** Resume or open of one batch from the recent list. */
export type BatchOpenState =
  { status: 'idle' } | { status: 'running'; batchId: string } | { status: 'failed'; batchId: string; error: AppError };

export type GridFilter = 'all' | 'errors';

export interface CellEdit {
  row: number;
  sourceColumn: number;
  value: string;
}

/** States after which a batch sends nothing more: its results are final (or, interrupted, resumable). */
export const settledStates: ReadonlySet<BatchState> = new Set(['finished', 'cancelled', 'interrupted']);

/** How many finished rows the Run step lists; the full list is on the Results step. */
const LATEST_ROWS = 8;

export interface ImportState {
  step: ImportStepId;
  file: FileLoad;
  draft: ImportDraft | null;
  /** Counts changes to the draft; a plan made at an older version is out of date and main refuses to start it. */
  draftVersion: number;
  configure: RequestState;
  edit: RequestState;
  /** Problems the plan found against the live account (unknown owner, duplicate there), shown in the grid. */
  accountIssues: CellIssue[];
  /** What the server refused in the last run of this draft, shown in the grid for fixing. */
  runIssues: CellIssue[];
  gridFilter: GridFilter;
  planOptions: PlanOptions;
  planning: RequestState;
  planned: { plan: ImportPlan; draftVersion: number } | null;
  starting: RequestState;
  /** The batch shown on the Run step: started here, resumed, or opened from the recent list. */
  batch: BatchProgress | null;
  /** The draft `batch` was started from; only then can its failed rows be fixed in the grid. */
  batchDraftId: string | null;
  /** The most recently finished rows of `batch`, newest first. */
  latestRows: RowResult[];
  control: ControlState;
  results: ResultsState;
  batches: BatchesState;
  batchOpen: BatchOpenState;
  report: RequestState;

  goTo: (step: ImportStepId) => void;
  /** Reads, sends and checks a file; resolves to whether it was loaded. */
  loadFile: (file: File) => Promise<boolean>;
  configureSource: (choice: SourceChoice) => Promise<void>;
  setMapping: (mapping: ColumnMapping) => Promise<void>;
  /** Shows the new values at once and re-checks them in main; resolves to whether main accepted them. */
  editCells: (edits: CellEdit[]) => Promise<boolean>;
  setGridFilter: (filter: GridFilter) => void;
  setPlanOptions: (options: Partial<PlanOptions>) => void;
  reviewPlan: () => Promise<boolean>;
  startImport: (name: string) => Promise<boolean>;
  controlBatch: (action: BatchAction) => Promise<boolean>;
  refreshBatches: () => Promise<void>;
  /** Continues an interrupted batch, or shows a running one, on the Run step. */
  resumeBatch: (batchId: string) => Promise<void>;
  /** Shows a settled batch's results. */
  openResults: (batchId: string) => Promise<void>;
  /**
   * The batch's results as CSV, handed straight to the caller: with passwords in it, it must not
   * linger in the store.
   */
  exportReport: (batchId: string, includePasswords: boolean) => Promise<{ fileName: string; csv: string } | null>;
  /** Back to the grid, showing only rows with errors, the server's refusals among them. */
  fixFailedRows: () => void;
  /** Forgets the file and everything made from it; running batches go on in main and stay in the recent list. */
  startOver: () => void;
}

const megabytes = (bytes: number) => (bytes / (1024 * 1024)).toLocaleString(undefined, { maximumFractionDigits: 1 });

/** Main says the same about a big file, but base64 of one would not even pass the channel's size check. */
const tooLarge = (file: File): AppError => ({
  kind: 'invalid_request',
  message: `${file.name} is ${megabytes(file.size)} MB; the limit is ${megabytes(MAX_FILE_BYTES)} MB. Split the file into smaller files and import them one after another.`,
});

const unreadable = (file: File, thrown: unknown): AppError => ({
  kind: 'invalid_request',
  message: `${file.name} could not be read from the disk. Check that it is still there and not open in another program, then try again.`,
  detail: thrown instanceof Error ? thrown.message : String(thrown),
});

const emptyDraftState = {
  accountIssues: [],
  runIssues: [],
  gridFilter: 'all',
  planning: { status: 'idle' },
  planned: null,
  configure: { status: 'idle' },
  edit: { status: 'idle' },
  starting: { status: 'idle' },
} satisfies Partial<ImportState>;

/**
 * The import wizard's state: the loaded file (a draft main keeps and re-checks), the plan, the
 * batch running now (kept current by `import:progress`), its results and the recent batches. It
 * holds the technician's own cells, never a key or token; SIP passwords reach it only as the
 * cells of their file.
 */
export const createImportStore = (api: AudianApi) => {
  const fileLoads = createLatestOnly();
  const cellEdits = createLatestOnly();
  const planReviews = createLatestOnly();
  // Pushes can arrive before import:start answers; they are kept by batch until the store knows the batch.
  const pushed = new Map<string, { progress: BatchProgress; rows: RowResult[] }>();

  return createStore<ImportState>()((set, get) => {
    const latestOf = (rows: readonly RowResult[], earlier: readonly RowResult[]) =>
      [...rows.filter((row) => row.outcome !== 'pending').reverse(), ...earlier].slice(0, LATEST_ROWS);

    const loadResults = async (batchId: string) => {
      set({ results: { status: 'loading', batchId } });
      const result = await settledResult(() => api.invoke('import:results', { batchId }));
      const current = get().results;
      if (current.status !== 'loading' || current.batchId !== batchId) return;
      if (!result.ok) {
        set({ results: { status: 'failed', batchId, error: result.error } });
        return;
      }
      const { draft, batchDraftId } = get();
      const runIssues = draft && batchDraftId === draft.id && result.value.progress.batchId === get().batch?.batchId;
      set({
        results: { status: 'ready', progress: result.value.progress, rows: result.value.rows },
        ...(runIssues ? { runIssues: runIssuesOf(result.value.rows, draft.mapping) } : {}),
      });
    };

    /** Every way a batch's progress arrives (answer or push) ends here, so reaching the end is noticed once. */
    const applyBatch = (progress: BatchProgress, latestRows: RowResult[]) => {
      const current = get().batch;
      const wasSettled = current?.batchId === progress.batchId && settledStates.has(current.state);
      set({ batch: progress, latestRows });
      if (wasSettled || !settledStates.has(progress.state)) return;
      void get().refreshBatches();
      if (get().step === 'run' && progress.state !== 'interrupted') {
        set({ step: 'results' });
        void loadResults(progress.batchId);
      }
    };

    const showBatch = (progress: BatchProgress) => {
      const previous = get().batch;
      const known = pushed.get(progress.batchId);
      // The newer of the two: a push that overtook the answer it belongs to.
      const latest = known && known.progress.done >= progress.done ? known.progress : progress;
      set({ control: { status: 'idle' } });
      applyBatch(latest, previous?.batchId === progress.batchId ? get().latestRows : latestOf(known?.rows ?? [], []));
    };

    const updateSummary = (progress: BatchProgress) => {
      const batches = get().batches;
      if (batches.status !== 'ready') return;
      const index = batches.list.findIndex((summary) => summary.batchId === progress.batchId);
      if (index < 0) return;
      const list = batches.list.slice();
      const { state, total, created, updated, skipped, failed, finishedAt } = progress;
      list[index] = { ...(list[index] as BatchSummary), state, total, created, updated, skipped, failed, finishedAt };
      set({ batches: { status: 'ready', list } });
    };

    // The store lives as long as the window, so the subscription is never undone.
    api.on('import:progress', (progress) => {
      const known = pushed.get(progress.batchId);
      pushed.set(progress.batchId, { progress, rows: [...(known?.rows ?? []), ...progress.changed].slice(-LATEST_ROWS) });
      updateSummary(progress);
      if (get().batch?.batchId !== progress.batchId) return;
      applyBatch(progress, latestOf(progress.changed, get().latestRows));
    });

    return {
      step: 'file',
      file: { status: 'idle' },
      draft: null,
      draftVersion: 0,
      ...emptyDraftState,
      planOptions: { match: 'mac', onExisting: 'skip' },
      batch: null,
      batchDraftId: null,
      latestRows: [],
      control: { status: 'idle' },
      results: { status: 'idle' },
      batches: { status: 'loading' },
      batchOpen: { status: 'idle' },
      report: { status: 'idle' },

      goTo: (step) => set({ step }),

      loadFile: async (file) => {
        const isCurrent = fileLoads.begin();
        const { name: fileName, size: byteLength } = file;
        if (byteLength > MAX_FILE_BYTES) {
          set({ file: { status: 'failed', fileName, error: tooLarge(file) } });
          return false;
        }
        set({ file: { status: 'reading', fileName, byteLength, fraction: 0 } });
        let contentBase64: string;
        try {
          contentBase64 = await readFileAsBase64(file, (fraction) => {
            if (isCurrent()) set({ file: { status: 'reading', fileName, byteLength, fraction } });
          });
        } catch (thrown) {
          if (isCurrent()) set({ file: { status: 'failed', fileName, error: unreadable(file, thrown) } });
          return false;
        }
        if (!isCurrent()) return false;
        set({ file: { status: 'checking', fileName, byteLength } });
        const result = await settledResult(() => api.invoke('import:load', { fileName, contentBase64 }));
        if (!isCurrent()) return false;
        if (!result.ok) {
          set({ file: { status: 'failed', fileName, error: result.error } });
          return false;
        }
        set({ ...emptyDraftState, file: { status: 'idle' }, draft: result.value, draftVersion: get().draftVersion + 1, step: 'columns' });
        return true;
      },

      configureSource: async (choice) => {
        const draft = get().draft;
        if (!draft) return;
        set({ configure: { status: 'running' } });
        const result = await settledResult(() => api.invoke('import:configure', { draftId: draft.id, ...choice }));
        if (get().draft?.id !== draft.id) return;
        if (!result.ok) {
          set({ configure: { status: 'failed', error: result.error } });
          return;
        }
        // Another header row or encoding gives other rows: problems found on the old ones no longer apply.
        set({ configure: { status: 'idle' }, draft: result.value, draftVersion: get().draftVersion + 1, accountIssues: [], runIssues: [] });
      },

      setMapping: async (mapping) => {
        const draft = get().draft;
        if (!draft) return;
        set({ configure: { status: 'running' } });
        const result = await settledResult(() => api.invoke('import:configure', { draftId: draft.id, mapping }));
        if (get().draft?.id !== draft.id) return;
        if (!result.ok) {
          set({ configure: { status: 'failed', error: result.error } });
          return;
        }
        set({ configure: { status: 'idle' }, draft: result.value, draftVersion: get().draftVersion + 1, accountIssues: [], runIssues: [] });
      },

      editCells: async (edits) => {
        const draft = get().draft;
        if (!draft || edits.length === 0) return false;
        const isLatest = cellEdits.begin();
        const before = draft.rows;
        const rows = before.slice();
        for (const { row, sourceColumn, value } of edits) {
          const target = rows[row];
          if (!target) continue;
          const cells = target.cells.slice();
          cells[sourceColumn] = value;
          rows[row] = { ...target, cells };
        }
        const edited = new Set(edits.map((edit) => edit.row));
        set({
          draft: { ...draft, rows },
          draftVersion: get().draftVersion + 1,
          accountIssues: withoutRows(get().accountIssues, edited),
          runIssues: withoutRows(get().runIssues, edited),
          edit: { status: 'running' },
        });
        const result = await settledResult(() => api.invoke('import:editCells', { draftId: draft.id, edits }));
        const now = get().draft;
        if (!now || now.id !== draft.id) return false;
        const nextRows = now.rows.slice();
        if (!result.ok) {
          // Put back exactly what was typed over, leaving any later edit alone.
          for (const { row, sourceColumn } of edits) {
            const target = nextRows[row];
            const original = before[row]?.cells[sourceColumn];
            if (!target) continue;
            const cells = target.cells.slice();
            cells[sourceColumn] = original ?? '';
            nextRows[row] = { ...target, cells };
          }
          set({ draft: { ...now, rows: nextRows }, edit: { status: 'failed', error: result.error } });
          return false;
        }
        for (const { index, row } of result.value.rows) nextRows[index] = row;
        // Main answers edits in order; only the last answer's list of problems is the current one.
        const latest = isLatest();
        set({
          draft: { ...now, rows: nextRows, ...(latest ? { issues: result.value.issues } : {}) },
          ...(latest ? { edit: { status: 'idle' } } : {}),
        });
        return true;
      },

      setGridFilter: (gridFilter) => set({ gridFilter }),

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

      startImport: async (name) => {
        const draft = get().draft;
        if (!draft) return false;
        set({ starting: { status: 'running' } });
        const result = await settledResult(() => api.invoke('import:start', { draftId: draft.id, name }));
        if (!result.ok) {
          set({ starting: { status: 'failed', error: result.error } });
          return false;
        }
        set({ starting: { status: 'idle' }, batchDraftId: draft.id, runIssues: [], results: { status: 'idle' }, step: 'run' });
        showBatch(result.value);
        void get().refreshBatches();
        return true;
      },

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

      refreshBatches: async () => {
        const result = await settledResult(() => api.invoke('import:batches', {}));
        set({ batches: result.ok ? { status: 'ready', list: result.value } : { status: 'failed', error: result.error } });
      },

      resumeBatch: async (batchId) => {
        set({ batchOpen: { status: 'running', batchId } });
        const summary = get().batches.status === 'ready' ? get().batches : null;
        const state = summary?.status === 'ready' ? summary.list.find((item) => item.batchId === batchId)?.state : undefined;
        // Running and paused batches live in main already; only an interrupted one needs resuming.
        const result =
          state === 'interrupted'
            ? await settledResult(() => api.invoke('import:control', { batchId, action: 'resume' }))
            : await settledResult(async () => {
                const answer = await api.invoke('import:results', { batchId });
                return answer.ok ? { ok: true as const, value: answer.value.progress } : answer;
              });
        if (!result.ok) {
          set({ batchOpen: { status: 'failed', batchId, error: result.error } });
          return;
        }
        const keepsDraft = get().batchDraftId !== null && get().batch?.batchId === batchId;
        set({ batchOpen: { status: 'idle' }, results: { status: 'idle' }, step: 'run', ...(keepsDraft ? {} : { batchDraftId: null }) });
        showBatch(result.value);
        void get().refreshBatches();
      },

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

      fixFailedRows: () => set({ step: 'check', gridFilter: 'errors' }),

      startOver: () => {
        fileLoads.dropAll();
        set({ ...emptyDraftState, file: { status: 'idle' }, draft: null, draftVersion: get().draftVersion + 1, step: 'file' });
      },
    };
  });
};

export type ImportStore = ReturnType<typeof createImportStore>;
