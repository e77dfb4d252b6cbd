import { createStore } from 'zustand/vanilla';
import type { AudianApi } from '../../../common/ipc/api';
import { createBatchesSlice, type BatchesSlice } from './import/batchesSlice';
import { createDraftSlice, type DraftSlice } from './import/draftSlice';
import { createGridSlice, type GridSlice } from './import/gridSlice';
import { createPlanSlice, type PlanSlice } from './import/planSlice';
import { createResultsSlice, type ResultsSlice } from './import/resultsSlice';
import { createRunSlice, type RunSlice } from './import/runSlice';
import { createUndoSlice, type UndoSlice } from './import/undoSlice';
import { createWizardSlice, type WizardSlice } from './import/wizardSlice';

export type ImportState = WizardSlice & DraftSlice & GridSlice & PlanSlice & RunSlice & ResultsSlice & BatchesSlice & UndoSlice;

/**
 * The import wizard's state: the loaded file (a draft main keeps and re-checks), the grid's edits
 * and problems, the plan, the batch running now (kept current by `import:progress`), its results,
 * the recent batches and the undo of one of them. Each part is a slice in store/import/; this is the one store they make.
 * It holds the technician's own cells, never a key or token; SIP passwords reach it only as the
 * cells of their file.
 */
export const createImportStore = (api: AudianApi) =>
  createStore<ImportState>()((...store) => ({
    ...createWizardSlice(api)(...store),
    ...createDraftSlice(api)(...store),
    ...createGridSlice(api)(...store),
    ...createPlanSlice(api)(...store),
    ...createBatchesSlice(api)(...store),
    ...createRunSlice(api)(...store),
    ...createResultsSlice(api)(...store),
    ...createUndoSlice(api)(...store),
  }));

export type ImportStore = ReturnType<typeof createImportStore>;
