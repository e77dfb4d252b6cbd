import type { CanonicalColumn } from '../../../../common/import/columns';
import { columnLabel, columnLetter } from '../../../../common/import/labels';
import type { CellIssue, DraftAccount, ImportDraft, Severity } from '../../../../common/import/types';
import { formatMac, normalizeMac } from '../../../../common/mac';
import { columnShortWords, columnWidthRem } from './columnWords';

export interface GridColumn {
  /** Index into the row's cells (and the draft's headers). */
  source: number;
  field: CanonicalColumn | null;
  title: string;
  /** The file's own header, so the technician finds the column in their spreadsheet. */
  subtitle: string;
  widthRem: number;
}

const EXTRA_WIDTH_REM = 8;

/**
 * The grid shows the mapped columns in file order, then any cells past the last header (a row
 * longer than the header), so a stray comma can be fixed where it landed.
 */
export function gridColumnsOf(draft: ImportDraft): GridColumn[] {
  const columns: GridColumn[] = [];
  draft.mapping.forEach((field, source) => {
    if (field === null) return;
    columns.push({
      source,
      field,
      title: columnShortWords[field],
      subtitle: `${columnLetter(source)} · ${columnLabel(draft.headers, source)}`,
      widthRem: columnWidthRem[field],
    });
  });
  const widest = draft.rows.reduce((width, row) => Math.max(width, row.cells.length), 0);
  for (let source = draft.headers.length; source < widest; source += 1) {
    columns.push({
      source,
      field: null,
      title: 'Extra cell',
      subtitle: `${columnLetter(source)} · past the header`,
      widthRem: EXTRA_WIDTH_REM,
    });
  }
  return columns;
}

export const cellKey = (row: number, source: number) => `${row}:${source}`;

export interface IssueIndex {
  byCell: Map<string, CellIssue[]>;
  /** Problems of the whole row, and of cells in columns the grid does not show. */
  byRowOnly: Map<number, CellIssue[]>;
  byRow: Map<number, CellIssue[]>;
  errorRows: Set<number>;
  /** Rows with warnings and no error. */
  warningRows: Set<number>;
  errorCount: number;
  warningCount: number;
}

const push = <K>(map: Map<K, CellIssue[]>, key: K, issue: CellIssue) => {
  const list = map.get(key);
  if (list) list.push(issue);
  else map.set(key, [issue]);
};

export function indexIssues(issues: readonly CellIssue[], columns: readonly GridColumn[]): IssueIndex {
  const shown = new Set(columns.map((column) => column.source));
  const index: IssueIndex = {
    byCell: new Map(),
    byRowOnly: new Map(),
    byRow: new Map(),
    errorRows: new Set(),
    warningRows: new Set(),
    errorCount: 0,
    warningCount: 0,
  };
  for (const issue of issues) {
    push(index.byRow, issue.row, issue);
    if (issue.sourceColumn !== null && shown.has(issue.sourceColumn)) push(index.byCell, cellKey(issue.row, issue.sourceColumn), issue);
    else push(index.byRowOnly, issue.row, issue);
    if (issue.severity === 'error') {
      index.errorCount += 1;
      index.errorRows.add(issue.row);
    } else {
      index.warningCount += 1;
    }
  }
  for (const issue of issues) if (issue.severity === 'warning' && !index.errorRows.has(issue.row)) index.warningRows.add(issue.row);
  return index;
}

export const worstOf = (issues: readonly CellIssue[] | undefined): Severity | null =>
  !issues || issues.length === 0 ? null : issues.some((issue) => issue.severity === 'error') ? 'error' : 'warning';

/** A cell's problems as one sentence for its tooltip and accessible description. */
export const describeIssues = (issues: readonly CellIssue[]) =>
  issues.map((issue) => `${issue.severity === 'error' ? 'Error' : 'Warning'}: ${issue.message}`).join(' ');

/**
 * What the import will send for a cell, when it differs from what was typed: a MAC in the form
 * the PBX keeps, an owner as the user the account knows. Null when the cell goes as typed.
 */
export function sentValue(field: CanonicalColumn | null, value: string, account: DraftAccount | null): string | null {
  if (value === '') return null;
  if (field === 'mac_address') {
    const mac = normalizeMac(value);
    return mac && formatMac(mac) !== value.toLowerCase() ? formatMac(mac) : null;
  }
  if (field === 'owner' && account?.status === 'checked') return account.owners[value.trim().toLowerCase()] ?? null;
  return null;
}
