import { PERSON_IDENTITY_COLUMNS } from './columns';
import { duplicateIssues } from './duplicates';
import { columnSources } from './mapping';
import { SHEET_PEOPLE_CODES, sheetPeople } from './people';
import { rowIssues, type RuleContext } from './row-rules';
import { mayPause, type Steps } from '../steps';
import type { CellIssue, ColumnMapping, Delimiter, ImportRow } from './types';

export interface Checked {
  headers: readonly string[];
  mapping: ColumnMapping;
  rows: readonly ImportRow[];
  delimiter: Delimiter;
}

/**
 * Two lists in row order as one, a row's own issues before those found across rows. Within a row the
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

/** Issues that compare rows with each other: found again on every check, since fixing one row can clear (or create) one on another. */
const acrossRows = (issue: CellIssue): boolean => issue.code === 'duplicate_in_file' || SHEET_PEOPLE_CODES.has(issue.code);

/**
 * The issues of every row, in row order. `keep` supplies the issues of the last check, whose
 * row-rule issues stand for rows that did not change; duplicates and the people's issues span
 * the whole file, so they are found again every time (map passes, cheap even at 100,000 rows).
 */
export function* checkRows(table: Checked, keep?: { previous: readonly CellIssue[]; changed: ReadonlySet<number> }): Steps<CellIssue[]> {
  const context: RuleContext = { sources: columnSources(table.mapping), headerCount: table.headers.length, delimiter: table.delimiter };
  const own: CellIssue[] = [];
  if (keep) {
    const previous = keep.previous;
    let p = 0;
    for (let i = 0; i < table.rows.length; i++) {
      if (mayPause(i)) yield;
      const changed = keep.changed.has(i);
      for (; p < previous.length && (previous[p] as CellIssue).row === i; p++) {
        const issue = previous[p] as CellIssue;
        if (!changed && !acrossRows(issue)) own.push(issue);
      }
      if (changed) rowIssues(i, table.rows[i] as ImportRow, context, own);
    }
  } else {
    for (let i = 0; i < table.rows.length; i++) {
      if (mayPause(i)) yield;
      rowIssues(i, table.rows[i] as ImportRow, context, own);
    }
  }
  const across = yield* duplicateIssues(table.rows, context.sources, context.headerCount);
  if (table.mapping.some((column) => column !== null && (PERSON_IDENTITY_COLUMNS as readonly string[]).includes(column))) {
    across.push(...sheetPeople(table.rows, table.mapping).issues);
  }
  return mergeByRow(own, across);
}
