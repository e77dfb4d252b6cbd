import { matchHeader, normalizeHeader } from './aliases';
import type { SavedMapping } from './mapping';

/** Flatfile's default window: headers sit near the top, under at most a few title lines. */
const SCAN_RECORDS = 10;

/**
 * The record that holds the column names: among the first non-blank records, the one naming the
 * most known columns; when none names any, the one with the most filled cells (a title line
 * above the header fills one). Ties go to the earlier record. Headers the connection's saved
 * mapping knows count as known names too, so next month's file with its own headers is found.
 */
export function detectHeaderRow(records: readonly (readonly string[])[], saved?: SavedMapping): number {
  const known = (cell: string): string | undefined => {
    const match = matchHeader(cell)?.column;
    if (match) return match;
    const key = normalizeHeader(cell);
    return saved && key !== '' && Object.hasOwn(saved, key) ? `saved:${key}` : undefined;
  };
  let best = -1;
  let bestKnown = 0;
  let fullest = 0;
  let fullestCells = 0;
  let scanned = 0;
  for (let i = 0; i < records.length && scanned < SCAN_RECORDS; i++) {
    const record = records[i] as readonly string[];
    const filled = record.filter((cell) => cell.trim() !== '');
    if (filled.length === 0) continue;
    scanned++;
    const names = new Set(filled.map(known).filter(Boolean)).size;
    if (names > bestKnown) [best, bestKnown] = [i, names];
    if (filled.length > fullestCells) [fullest, fullestCells] = [i, filled.length];
  }
  return best >= 0 ? best : fullest;
}
