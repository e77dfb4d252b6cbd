import { mayPause, type Steps } from '../steps';
import type { ImportRow } from './types';

export interface Table {
  headers: string[];
  rows: ImportRow[];
}

/**
 * The records (trimmed and out of the formula guard, as parseText reads them) under the header
 * as rows aligned with it; the records are reused, not copied. Blank records are skipped but keep
 * their row numbers, short rows are padded. The header's trailing empty cells are dropped unless some row has data under
 * them (an Excel column whose header was left empty); a row with values beyond the header keeps
 * them so the rules can point at it, while empty extra cells (Excel's trailing columns) go.
 */
export function* buildTable(records: string[][], headerRow: number): Steps<Table> {
  const headerRecord = records[headerRow] ?? [];
  let width = headerRecord.length;
  while (width > 0 && headerRecord[width - 1] === '') width--;
  for (let r = headerRow + 1; r < records.length; r++) {
    if (mayPause(r)) yield;
    const record = records[r] as readonly string[];
    for (let j = Math.min(record.length, headerRecord.length) - 1; j >= width; j--) {
      if (record[j] !== '') {
        width = j + 1;
        break;
      }
    }
  }
  const headers = headerRecord.slice(0, width);
  const rows: ImportRow[] = [];
  for (let r = headerRow + 1; r < records.length; r++) {
    if (mayPause(r)) yield;
    // The records are ours (parseText's): padding them in place spares 100,000 copies on a big file.
    const cells = records[r] as string[];
    let lastFilled = -1;
    for (let j = 0; j < cells.length; j++) if (cells[j] !== '') lastFilled = j;
    if (lastFilled < 0) continue;
    for (let j = cells.length; j < width; j++) cells.push('');
    if (lastFilled < width) cells.length = width;
    rows.push({ line: r + 1, cells });
  }
  return { headers, rows };
}
