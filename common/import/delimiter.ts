import Papa from 'papaparse';
import { matchHeader } from './aliases';
import type { Delimiter } from './types';

const DELIMITERS: readonly Delimiter[] = [',', ';', '\t'];

/** Enough of the file to judge its shape without parsing all of it three times. */
const PREVIEW_CHARS = 64 * 1024;
const PREVIEW_RECORDS = 50;
const HEADER_SCAN = 10;

interface Shape {
  delimiter: Delimiter;
  /** Records with the most common cell count; 0 when that count is 1 (the delimiter splits nothing). */
  consistent: number;
  /** Known column names found in the best of the first records: a header split right. */
  headerHits: number;
  columns: number;
}

function shapeOf(preview: string, delimiter: Delimiter): Shape {
  const { data } = Papa.parse<string[]>(preview, { delimiter, newline: '\n', quoteChar: '"', preview: PREVIEW_RECORDS });
  const records = data.filter((record) => record.some((cell) => cell.trim() !== ''));
  const frequency = new Map<number, number>();
  for (const record of records) frequency.set(record.length, (frequency.get(record.length) ?? 0) + 1);
  let columns = 1;
  let consistent = 0;
  for (const [count, times] of frequency) {
    if (times > consistent || (times === consistent && count > columns)) [columns, consistent] = [count, times];
  }
  let headerHits = 0;
  for (const record of records.slice(0, HEADER_SCAN)) {
    const known = new Set(record.map((cell) => matchHeader(cell)?.column).filter(Boolean));
    headerHits = Math.max(headerHits, known.size);
  }
  return { delimiter, consistent: columns > 1 ? consistent : 0, headerHits, columns };
}

const better = (a: Shape, b: Shape): boolean =>
  a.consistent !== b.consistent
    ? a.consistent > b.consistent
    : a.headerHits !== b.headerHits
      ? a.headerHits > b.headerHits
      : a.columns > b.columns;

/**
 * The delimiter that splits the first records into the most consistent number of cells (more
 * than one), then the one that splits a header into known column names. Papa's own guesser
 * counts delimiters and picks a comma in a semicolon file full of decimal commas; a file that
 * splits on nothing (one column) is read as comma-separated.
 */
export function detectDelimiter(text: string): Delimiter {
  let preview = text;
  if (text.length > PREVIEW_CHARS) {
    const cut = text.lastIndexOf('\n', PREVIEW_CHARS);
    preview = text.slice(0, cut > 0 ? cut : PREVIEW_CHARS);
  }
  // The file is parsed with its own line endings; its shape is judged on LF ones.
  if (preview.includes('\r')) preview = preview.replace(/\r\n?/g, '\n');
  let best = shapeOf(preview, ',');
  for (const delimiter of DELIMITERS.slice(1)) {
    const shape = shapeOf(preview, delimiter);
    if (better(shape, best)) best = shape;
  }
  return best.delimiter;
}
