import { duplicateIssues } from './duplicates';
import { columnSources } from './mapping';
import { rowIssues, type RuleContext } from './row-rules';
import type { CellIssue, ColumnMapping, Delimiter, ImportRow } from './types';

export interface Checked {
  headers: readonly string[];
  mapping: ColumnMapping;
  rows: readonly ImportRow[];
  delimiter: Delimiter;
}

/**
 * Two lists in row order as one, a row's own issues before its duplicates. Within a row the
 * issues follow the rules' order, which the grid does not depend on: it keys them by cell.
 */
function mergeByRow(own: CellIssue[], duplicates: CellIssue[]): CellIssue[] {
  if (duplicates.length === 0) return own;
  duplicates.sort((a, b) => a.row - b.row);
  const merged: CellIssue[] = [];
  let d = 0;
  for (const issue of own) {
    while (d < duplicates.length && (duplicates[d] as CellIssue).row < issue.row) merged.push(duplicates[d++] as CellIssue);
    merged.push(issue);
  }
  while (d < duplicates.length) merged.push(duplicates[d++] as CellIssue);
  return merged;
}

/**
 * The issues of every row, in row order. `keep` supplies the issues of the last check, whose
 * row-rule issues stand for rows that did not change; duplicates span the whole file, so they
 * are found again every time (a map pass, cheap even at 100,000 rows).
 */
export function checkRows(table: Checked, keep?: { previous: readonly CellIssue[]; changed: ReadonlySet<number> }): CellIssue[] {
  const context: RuleContext = { sources: columnSources(table.mapping), headerCount: table.headers.length, delimiter: table.delimiter };
  const own: CellIssue[] = [];
  if (keep) {
    const previous = keep.previous;
    let p = 0;
    for (let i = 0; i < table.rows.length; i++) {
      const changed = keep.changed.has(i);
      for (; p < previous.length && (previous[p] as CellIssue).row === i; p++) {
        const issue = previous[p] as CellIssue;
        if (!changed && issue.code !== 'duplicate_in_file') own.push(issue);
      }
      if (changed) rowIssues(i, table.rows[i] as ImportRow, context, own);
    }
  } else {
    for (let i = 0; i < table.rows.length; i++) rowIssues(i, table.rows[i] as ImportRow, context, own);
  }
  return mergeByRow(own, duplicateIssues(table.rows, context.sources, context.headerCount));
}
