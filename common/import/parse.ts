import Papa from 'papaparse';
import { CellInterner } from './cell-interner';
import { detectDelimiter } from './delimiter';
import { GUARDED, restoreCell } from './formula-guard';
import { fail, ok, type Result } from '../ipc/result';
import { mayPause, type Steps } from '../steps';
import type { Delimiter } from './types';

export interface ParsedText {
  /**
   * Every record, blank ones included, so record i is spreadsheet row i + 1. Cells are trimmed
   * (padding copied from other documents is never meant) and taken out of the formula guard a
   * report of this app puts on them, and a value a column repeats is one string shared by its
   * cells.
   */
  records: string[][];
  delimiter: Delimiter;
  detectedDelimiter: Delimiter;
}

/** Excel's hint line: it reads the delimiter from it and does not show it as a row. */
const SEP_LINE = /^"?sep=(.)"?[ \t]*(?:\r?\n|$)/i;

const DELIMITER_OF: Record<string, Delimiter> = { ',': ',', ';': ';', '\t': '\t' };

/** Real exports have tens of columns; a thousand is far above any and far below what would stall the app. */
const MAX_COLUMNS = 1000;
/** Excel's own limit for one cell. */
const MAX_CELL_CHARS = 32_767;
/** The widest real row, with long notes, is a few kilobytes. */
const MAX_LINE_CHARS = 1_000_000;

const count = (value: number) => value.toLocaleString('en');

const CR = 13;
const LF = 10;

/**
 * A crafted file within the size limit (one header row of millions of columns, say) would stall
 * main and fill its memory while being split into cells. Each line is measured first, and its
 * delimiters counted up to the limit, before anything is parsed.
 */
function* lineProblem(body: string, delimiter: Delimiter): Steps<string | null> {
  let start = 0;
  for (let line = 1; start <= body.length; line += 1) {
    if (mayPause(line)) yield;
    const newline = body.indexOf('\n', start);
    const end = newline === -1 ? body.length : newline;
    const length = end - start - (newline > start && body.charCodeAt(newline - 1) === CR ? 1 : 0);
    if (length > MAX_LINE_CHARS) {
      return `Line ${line} is ${count(length)} characters long; no row of a spreadsheet is. Open the file in the spreadsheet it came from and save it again as CSV.`;
    }
    let columns = 1;
    // A line of more columns than the limit has at least as many characters: shorter ones need no count.
    for (
      let at = end - start > MAX_COLUMNS ? body.indexOf(delimiter, start) : -1;
      at !== -1 && at < end;
      at = body.indexOf(delimiter, at + 1)
    ) {
      columns += 1;
      if (columns > MAX_COLUMNS) {
        return `Line ${line} has more than ${count(MAX_COLUMNS)} columns; a phone list has tens. Delete the empty columns at the right of the sheet, save it again as CSV and import that.`;
      }
    }
    start = end + 1;
  }
  return null;
}

/** The first cell longer than a spreadsheet holds, by row and column, looking from record `from` on, or null. */
function* cellProblem(records: readonly (readonly string[])[], from: number): Steps<string | null> {
  for (let row = from; row < records.length; row++) {
    if (mayPause(row)) yield;
    const record = records[row] as readonly string[];
    const column = record.findIndex((cell) => cell.length > MAX_CELL_CHARS);
    if (column !== -1) {
      return `Row ${row + 1}, column ${column + 1} holds ${count((record[column] as string).length)} characters; a spreadsheet cell holds at most ${count(MAX_CELL_CHARS)}. Shorten it in the spreadsheet, save it again as CSV and import that.`;
    }
  }
  return null;
}

const lineBreaksIn = (text: string): number => {
  let breaks = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) breaks += 1;
  return breaks;
};

/**
 * How the text ends its lines: `\n` when it holds no CR, `\r\n` when every line ends in CRLF
 * (Excel on Windows), null when the endings are old-Mac CRs or mixed.
 */
function uniformNewline(text: string): '\n' | '\r\n' | null {
  let crs = 0;
  for (let at = text.indexOf('\r'); at !== -1; at = text.indexOf('\r', at + 1)) {
    if (text.charCodeAt(at + 1) !== LF) return null;
    crs += 1;
  }
  if (crs === 0) return '\n';
  return lineBreaksIn(text) === crs ? '\r\n' : null;
}

/** Line breaks inside quoted cells of a CRLF file, made LF like every other line break a cell holds. */
function* unifyCellBreaks(records: string[][], lineBreaks: number): Steps<void> {
  // Papa splits a record at every line break outside quotes: with as many records as breaks, no cell holds one.
  if (records.length === lineBreaks + 1) return;
  for (const [row, record] of records.entries()) {
    if (mayPause(row)) yield;
    for (let i = 0; i < record.length; i++) {
      const cell = record[i] as string;
      if (cell.includes('\r')) record[i] = cell.replaceAll('\r\n', '\n');
    }
  }
}

/** Characters Papa reads between two pauses: about 2,000 rows of a phone list. */
const CHUNK_CHARS = 256 * 1024;

interface PapaChunk {
  data: string[][];
  errors: Array<{ code: string; row: number }>;
  meta: { cursor: number };
}

/** A cell that begins and ends with a visible ASCII character: trimming gives it back as it is (most cells). */
const needsNoTrim = (cell: string): boolean => {
  const first = cell.charCodeAt(0);
  const last = cell.charCodeAt(cell.length - 1);
  return first > 32 && first < 127 && last > 32 && last < 127;
};

interface PapaRecords {
  records: string[][];
  /** The record a quote never closed begins, or null. */
  unclosedRecord: number | null;
  /** The first record with a cell longer than a spreadsheet holds as read (before its line breaks are unified), or null. */
  overlongFrom: number | null;
}

/**
 * The body's records, as Papa Parse reads them, a chunk at a time: each chunk's unfinished last
 * record is carried into the next (as Papa's own streaming does), and a carried record longer than
 * a chunk doubles the next one, so even an unclosed quote is read in linear time. Cells are
 * trimmed, taken out of the formula guard and interned as each chunk is read.
 */
function* papaRecords(body: string, delimiter: Delimiter, newline: '\n' | '\r\n'): Steps<PapaRecords> {
  // A report this app wrote quotes formula-like cells; they come back as the technician typed them. Most files hold none.
  const guarded = GUARDED.test(body);
  const records: string[][] = [];
  const interner = new CellInterner();
  let unclosedRecord: number | null = null;
  let overlongFrom: number | null = null;
  let carried = '';
  for (let start = 0; start < body.length;) {
    const end = Math.min(body.length, start + Math.max(CHUNK_CHARS, carried.length));
    const last = end === body.length;
    const input = carried + body.slice(start, end);
    const parser = new Papa.Parser({ delimiter, newline, quoteChar: '"', escapeChar: '"' });
    const chunk = parser.parse(input, 0, !last) as PapaChunk;
    const missing = chunk.errors.find((error) => error.code === 'MissingQuotes');
    if (missing && unclosedRecord === null) unclosedRecord = records.length + missing.row;
    for (const record of chunk.data) {
      for (let i = 0; i < record.length; i++) {
        const read = record[i] as string;
        if (read.length > MAX_CELL_CHARS) overlongFrom ??= records.length;
        const cell = read === '' || needsNoTrim(read) ? read : read.trim();
        record[i] = guarded ? restoreCell(cell) : cell;
      }
      records.push(interner.intern(record));
    }
    carried = last ? '' : input.slice(chunk.meta.cursor);
    start = end;
    yield;
  }
  return { records, unclosedRecord, overlongFrom };
}

/**
 * Decoded text into records with Papa Parse. CRLF, LF and old-Mac CR, even mixed in one file,
 * all end a row, and a line break inside a quoted cell becomes LF. A file whose lines all end
 * alike is parsed as it is: a 100,000-row file is not copied only to change its line endings,
 * and its cells are slices of its chunks. The delimiter is detected unless the technician
 * chose one.
 */
export function* parseText(text: string, override?: Delimiter): Steps<Result<ParsedText>> {
  const uniform = uniformNewline(text);
  const newline = uniform ?? '\n';
  let body = uniform ? text : text.replace(/\r\n?/g, '\n');
  let detectedDelimiter: Delimiter;
  const sep = SEP_LINE.exec(body);
  if (sep) {
    const hinted = DELIMITER_OF[sep[1] as string];
    if (!hinted) {
      return fail(
        'invalid_request',
        `The file's first line (${sep[0].trim()}) asks for "${sep[1]}" between values; only comma, semicolon and tab are supported. Save the file again as CSV from the spreadsheet.`,
      );
    }
    detectedDelimiter = hinted;
    body = body.slice(sep[0].length);
  } else {
    detectedDelimiter = detectDelimiter(body);
  }
  const delimiter = override ?? detectedDelimiter;
  const tooBig = yield* lineProblem(body, delimiter);
  if (tooBig) return fail('invalid_request', tooBig);
  const { records, unclosedRecord, overlongFrom } = yield* papaRecords(body, delimiter, newline);
  if (unclosedRecord !== null) {
    const line = unclosedRecord + 1;
    return fail(
      'invalid_request',
      `Row ${line} has a quote mark (") that is never closed, so the rest of the file cannot be read. Remove the quote mark, or put quotes around the whole value and double the quotes inside it ("Desk ""5"" phone"), then import again.`,
    );
  }
  if (newline === '\r\n') yield* unifyCellBreaks(records, lineBreaksIn(body));
  // Unifying line breaks only shortens cells: the records before the first overlong one need no look.
  const tooLong = overlongFrom === null ? null : yield* cellProblem(records, overlongFrom);
  if (tooLong) return fail('invalid_request', tooLong);
  return ok({ records, delimiter, detectedDelimiter });
}
