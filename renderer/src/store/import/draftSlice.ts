import { MAX_FILE_BYTES } from '../../../../common/import/decode';
import { ignoredSecretColumns } from '../../../../common/import/secret-columns';
import type { ColumnMapping, Delimiter, ImportDraft, TextEncodingName } from '../../../../common/import/types';
import type { RequestInput } from '../../../../common/ipc/contract';
import type { AppError } from '../../../../common/ipc/result';
import { settledResult } from '../errorFromThrown';
import { createLatestOnly } from '../latestOnly';
import { readFileAsBase64 } from '../readFileAsBase64';
import { gridOfNewDraft } from './gridSlice';
import type { ImportSlice, RequestState } from './importSlice';
import { planOfNewDraft } from './planSlice';
import { runOfNewDraft } from './runSlice';

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

export interface DraftSlice {
  file: FileLoad;
  draft: ImportDraft | null;
  /** Counts changes to the draft; a plan made at an older version is out of date and main refuses to start it. */
  draftVersion: number;
  configure: RequestState;
  /** Columns that look like passwords which the technician chose to leave out, by index: asked about once per file. */
  leftOut: number[];
  leaveOut: (column: number) => void;
  /** Reads, sends and checks a file; resolves to whether it was loaded. */
  loadFile: (file: File) => Promise<boolean>;
  configureSource: (choice: SourceChoice) => Promise<void>;
  setMapping: (mapping: ColumnMapping) => Promise<void>;
  /** Forgets the file and everything made from it; running batches go on in main and stay in the recent list. */
  startOver: () => void;
}

/** Columns that look like passwords, feed no field, and have not been left out on purpose: the wizard stops at Columns until each is decided. */
export const undecidedSecretColumns = (draft: ImportDraft, leftOut: readonly number[]): number[] =>
  ignoredSecretColumns(draft.headers, draft.mapping, draft.rows).filter((index) => !leftOut.includes(index));

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

/** Everything made from a draft, as a new draft (or none) starts it. */
const newDraftState = {
  ...gridOfNewDraft,
  ...planOfNewDraft,
  ...runOfNewDraft,
  configure: { status: 'idle' },
  leftOut: [],
} satisfies Partial<DraftSlice>;

/**
 * The loaded file: main keeps it as a draft and re-checks it on every change; the store keeps
 * main's copy and counts its versions. It holds the technician's own cells, never a key or token.
 */
export const createDraftSlice: ImportSlice<DraftSlice> = (api) => (set, get) => {
  const fileLoads = createLatestOnly();

  /** Another header row, encoding or mapping gives other rows: problems found on the old ones no longer apply. */
  const configure = async (input: Omit<RequestInput<'import:configure'>, 'draftId'>) => {
    const draft = get().draft;
    if (!draft) return;
    set({ configure: { status: 'running' } });
    const result = await settledResult(() => api.invoke('import:configure', { draftId: draft.id, ...input }));
    if (get().draft?.id !== draft.id) return;
    if (!result.ok) {
      set({ configure: { status: 'failed', error: result.error } });
      return;
    }
    set({ configure: { status: 'idle' }, draft: result.value, draftVersion: get().draftVersion + 1, accountIssues: [], runIssues: [] });
  };

  return {
    file: { status: 'idle' },
    draft: null,
    draftVersion: 0,
    configure: { status: 'idle' },
    leftOut: [],

    leaveOut: (column) => set({ leftOut: [...get().leftOut, column] }),

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
      // Every file starts from leaving existing devices and people as they are: updating them is chosen for a file, never carried over.
      set({
        ...newDraftState,
        planOptions: { ...get().planOptions, onExisting: 'skip', onExistingPerson: 'skip' },
        file: { status: 'idle' },
        draft: result.value,
        draftVersion: get().draftVersion + 1,
        step: 'columns',
      });
      return true;
    },

    // Another header row or encoding gives other columns: what was decided about the old ones no longer applies.
    configureSource: (choice) => {
      set({ leftOut: [] });
      return configure(choice);
    },

    setMapping: (mapping) => configure({ mapping }),

    startOver: () => {
      fileLoads.dropAll();
      set({ ...newDraftState, file: { status: 'idle' }, draft: null, draftVersion: get().draftVersion + 1, step: 'file' });
    },
  };
};
