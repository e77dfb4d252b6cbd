import { formatMac, macNumber, normalizeMac } from '../mac';
import type { CanonicalColumn } from './columns';
import type { ColumnSources } from './mapping';
import { mayPause, type Steps } from '../steps';
import type { CellIssue, ImportRow } from './types';

/** Rows named in one message; an all-duplicates file of 100,000 rows must not write 100,000 row numbers into each. */
const NAMED_ROWS = 5;

function otherRows(lines: readonly number[], own: number): string {
  const named = lines
    .slice(0, NAMED_ROWS + 1)
    .filter((line) => line !== own)
    .slice(0, NAMED_ROWS);
  const more = lines.length - 1 - named.length;
  if (more > 0) return `rows ${named.join(', ')} and ${more} more`;
  return named.length === 1 ? `row ${named[0]}` : `rows ${named.slice(0, -1).join(', ')} and ${named.at(-1)}`;
}

interface DuplicateKey {
  column: CanonicalColumn;
  /** The comparison form, or null when the cell cannot take part (empty or invalid). */
  key: (cell: string) => string | number | null;
  message: (cell: string, others: string) => string;
}

const KEYS: DuplicateKey[] = [
  {
    column: 'mac_address',
    key: (cell) => (cell === '' ? null : macNumber(cell)),
    message: (cell, others) =>
      `The MAC address ${formatMac(normalizeMac(cell) ?? cell)} is also on ${others}. Each phone has its own MAC: check the labels and correct the wrong one.`,
  },
  {
    column: 'sip_username',
    key: (cell) => (cell === '' ? null : cell.toLowerCase()),
    message: (cell, others) =>
      `The SIP username "${cell}" is also on ${others} (the PBX ignores upper and lower case). Give each device its own username, or leave it empty and the app will make one.`,
  },
];

/**
 * Values that must be unique within the file, compared the way the server compares them: MACs
 * after normalisation, SIP usernames without case. Every row involved gets an issue naming the
 * others. Rows longer than the header are left out: their cells may sit under the wrong headers.
 */
export function* duplicateIssues(rows: readonly ImportRow[], sources: ColumnSources, headerCount: number): Steps<CellIssue[]> {
  const issues: CellIssue[] = [];
  for (const { column, key, message } of KEYS) {
    const source = sources[column];
    if (source < 0) continue;
    const first = new Map<string | number, number>();
    const groups = new Map<string | number, number[]>();
    for (let i = 0; i < rows.length; i++) {
      if (mayPause(i)) yield;
      const cells = (rows[i] as ImportRow).cells;
      if (cells.length > headerCount) continue;
      const k = key(cells[source] ?? '');
      if (k === null) continue;
      const at = first.get(k);
      if (at === undefined) first.set(k, i);
      else {
        const group = groups.get(k);
        if (group) group.push(i);
        else groups.set(k, [at, i]);
      }
    }
    for (const group of groups.values()) {
      const lines = group.map((i) => (rows[i] as ImportRow).line);
      for (const i of group) {
        const row = rows[i] as ImportRow;
        issues.push({
          row: i,
          sourceColumn: source,
          column,
          severity: 'error',
          code: 'duplicate_in_file',
          message: message(row.cells[source] ?? '', otherRows(lines, row.line)),
        });
      }
    }
  }
  return issues;
}
