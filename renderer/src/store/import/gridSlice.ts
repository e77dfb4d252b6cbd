import type { CellIssue } from '../../../../common/import/types';
import { settledResult } from '../errorFromThrown';
import { withoutRows } from '../importIssues';
import { createLatestOnly } from '../latestOnly';
import type { ImportSlice, RequestState } from './importSlice';

export type GridFilter = 'all' | 'errors';

export interface CellEdit {
  row: number;
  sourceColumn: number;
  value: string;
}

export interface GridSlice {
  edit: RequestState;
  /** Problems the plan found against the live account, shown in the grid beside those main found when the file was loaded. */
  accountIssues: CellIssue[];
  /** What the server refused in the last run of this draft, shown in the grid for fixing. */
  runIssues: CellIssue[];
  gridFilter: GridFilter;
  /** Shows the new values at once and re-checks them in main; resolves to whether main accepted them. */
  editCells: (edits: CellEdit[]) => Promise<boolean>;
  setGridFilter: (filter: GridFilter) => void;
  /** Back to the grid, showing only rows with errors, the server's refusals among them. */
  fixFailedRows: () => void;
}

/** What the grid holds about a draft, as a new draft starts it. */
export const gridOfNewDraft = {
  edit: { status: 'idle' },
  accountIssues: [],
  runIssues: [],
  gridFilter: 'all',
} satisfies Partial<GridSlice>;

/** The Check step's grid: cell edits (shown at once, confirmed by main) and the problems shown on the cells. */
export const createGridSlice: ImportSlice<GridSlice> = (api) => (set, get) => {
  const cellEdits = createLatestOnly();

  return {
    ...gridOfNewDraft,

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
        draft: { ...now, rows: nextRows, ...(latest ? { issues: result.value.issues, account: result.value.account } : {}) },
        ...(latest ? { edit: { status: 'idle' } } : {}),
      });
      return true;
    },

    setGridFilter: (gridFilter) => set({ gridFilter }),

    fixFailedRows: () => set({ step: 'check', gridFilter: 'errors' }),
  };
};
