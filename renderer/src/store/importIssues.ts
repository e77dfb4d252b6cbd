import type { CanonicalColumn } from '../../../common/import/columns';
import type { CellIssue, ColumnMapping, RowResult } from '../../../common/import/types';

/**
 * The grid shows three sources of problems as one list: the file's own (main re-checks them on
 * every edit), the plan's against the live account, and what the server refused during a run.
 * The last two are only as fresh as the row they were found on, so an edit drops them for that row.
 */

const issueKey = (issue: CellIssue) => `${issue.row}|${issue.sourceColumn ?? ''}|${issue.code}|${issue.message}`;

/** One list, each problem once, in row order so the first problem of a row is its most visible. */
export function mergeIssues(...lists: readonly (readonly CellIssue[])[]): CellIssue[] {
  const seen = new Map<string, CellIssue>();
  for (const list of lists) for (const issue of list) if (!seen.has(issueKey(issue))) seen.set(issueKey(issue), issue);
  return [...seen.values()].sort((a, b) => a.row - b.row || (a.sourceColumn ?? -1) - (b.sourceColumn ?? -1));
}

export const withoutRows = (issues: readonly CellIssue[], rows: ReadonlySet<number>): CellIssue[] =>
  issues.filter((issue) => !rows.has(issue.row));

const sourceOf = (mapping: ColumnMapping, column: CanonicalColumn | null): number | null => {
  if (column === null) return null;
  const index = mapping.indexOf(column);
  return index >= 0 ? index : null;
};

/**
 * What the server said about each failed row, on the cell it named, so "Fix failed rows" lands
 * there. Rows the plan already held back were never sent; their own problems are in the grid already.
 */
export function runIssuesOf(rows: readonly RowResult[], mapping: ColumnMapping): CellIssue[] {
  const issues: CellIssue[] = [];
  for (const result of rows) {
    if (result.outcome !== 'failed' || result.action === 'error' || !result.error) continue;
    const { message, column, fields } = result.error;
    const onCells = fields.filter((field) => sourceOf(mapping, field.column) !== null);
    const base = { row: result.row, severity: 'error' as const, code: 'server_refused' };
    if (onCells.length === 0) {
      issues.push({ ...base, sourceColumn: sourceOf(mapping, column), column, message });
      continue;
    }
    for (const field of onCells)
      issues.push({ ...base, sourceColumn: sourceOf(mapping, field.column), column: field.column, message: field.message });
  }
  return issues;
}
