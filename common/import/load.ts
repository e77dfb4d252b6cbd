import { fail, ok, type Result } from '../ipc/result';
import { finish, type Steps } from '../steps';
import { decodeFile } from './decode';
import { detectHeaderRow } from './header';
import { autoMap, cleanMapping, ignoredColumns, type SavedMapping } from './mapping';
import { parseText } from './parse';
import { buildTable } from './rows';
import type { ColumnMapping, Delimiter, ImportDraft, ImportRow, TextEncodingName } from './types';
import { checkRows } from './validate';

export interface LoadOptions {
  id: string;
  fileName: string;
  bytes: Uint8Array;
  /** The technician's choices, each overriding what was detected. */
  encoding?: TextEncodingName;
  delimiter?: Delimiter;
  headerRow?: number;
  /** A mapping chosen by hand, one entry per header of the chosen header row. */
  mapping?: ColumnMapping;
  /** The connection's remembered mapping, used before name matching for the headers it knows. */
  savedMapping?: SavedMapping;
}

export interface CellEdit {
  row: number;
  sourceColumn: number;
  value: string;
}

export interface EditedDraft {
  draft: ImportDraft;
  editedRows: number[];
}

const isBlank = (record: readonly string[]): boolean => record.every((cell) => cell.trim() === '');

const mappingMismatch = (chosen: number, headers: number): Result<never> =>
  fail('invalid_request', `The column choices cover ${chosen} columns but the header row has ${headers}. Map the columns again.`);

/**
 * The front half of an import as one pure function: bytes to a checked draft. Decode (encoding
 * detected or chosen), parse (delimiter detected or chosen), find the header row, map headers
 * to columns, align the rows, run the row rules. Every failure is a message for the technician.
 */
export function* loadDraft(options: LoadOptions): Steps<Result<ImportDraft>> {
  const { fileName } = options;
  const decoded = decodeFile(fileName, options.bytes, options.encoding);
  if (!decoded.ok) return decoded;
  yield;
  const parsed = yield* parseText(decoded.value.text, options.delimiter);
  if (!parsed.ok) return parsed;
  const { records } = parsed.value;
  if (records.every(isBlank))
    return fail('invalid_request', `${fileName} has no values in it, only empty cells. Choose the file you saved from the spreadsheet.`);

  const detectedHeaderRow = detectHeaderRow(records, options.savedMapping);
  const headerRow = options.headerRow ?? detectedHeaderRow;
  const headerRecord = records[headerRow];
  if (!headerRecord)
    return fail(
      'invalid_request',
      `The file has ${records.length} rows, so row ${headerRow + 1} cannot be the header. Choose a row that holds the column names.`,
    );
  if (isBlank(headerRecord))
    return fail(
      'invalid_request',
      `Row ${headerRow + 1} is empty, so it cannot be the header. Choose the row that holds the column names.`,
    );

  const { headers, rows } = yield* buildTable(records, headerRow);
  let mapping: ColumnMapping;
  let mappingFromSaved = false;
  if (options.mapping) {
    if (options.mapping.length !== headers.length) return mappingMismatch(options.mapping.length, headers.length);
    mapping = cleanMapping(options.mapping, headers.length);
  } else {
    ({ mapping, fromSaved: mappingFromSaved } = autoMap(headers, options.savedMapping));
  }

  const draft: ImportDraft = {
    id: options.id,
    source: {
      fileName,
      byteLength: options.bytes.length,
      encoding: decoded.value.encoding,
      detectedEncoding: decoded.value.detectedEncoding,
      delimiter: parsed.value.delimiter,
      detectedDelimiter: parsed.value.detectedDelimiter,
      headerRow,
      detectedHeaderRow,
    },
    headers,
    mapping,
    ignoredColumns: [],
    rows,
    issues: [],
    mappingFromSaved,
    account: null,
  };
  return ok(yield* revalidate(draft));
}

/** The draft with its issues and ignored columns worked out again from its headers, mapping and rows. */
export function* revalidate(draft: ImportDraft): Steps<ImportDraft> {
  return {
    ...draft,
    ignoredColumns: yield* ignoredColumns(draft.headers, draft.mapping, draft.rows),
    issues: yield* checkRows({ headers: draft.headers, mapping: draft.mapping, rows: draft.rows, delimiter: draft.source.delimiter }),
  };
}

/** A new mapping for the same rows, without reading the file again. */
export function* applyMapping(draft: ImportDraft, mapping: ColumnMapping): Steps<Result<ImportDraft>> {
  if (mapping.length !== draft.headers.length) return mappingMismatch(mapping.length, draft.headers.length);
  return ok(yield* revalidate({ ...draft, mapping: cleanMapping(mapping, draft.headers.length), mappingFromSaved: false }));
}

/**
 * Cells fixed in the grid. Only the edited rows go through the row rules again; duplicates are
 * checked across the whole file, since fixing one row can clear (or create) an issue on another.
 * Emptying the extra cells of a too-long row makes it fit the header.
 */
export function applyEdits(draft: ImportDraft, edits: readonly CellEdit[]): Result<EditedDraft> {
  const rows = draft.rows.slice();
  const changed = new Set<number>();
  for (const edit of edits) {
    const row = rows[edit.row];
    if (!row) return fail('invalid_request', `There is no row ${edit.row + 1} in this import to edit. Load the file again.`);
    if (edit.sourceColumn < 0 || edit.sourceColumn >= Math.max(row.cells.length, draft.headers.length)) {
      return fail('invalid_request', `Row ${row.line} has no column ${edit.sourceColumn + 1} to edit. Load the file again.`);
    }
    const cells = changed.has(edit.row) ? row.cells : row.cells.slice();
    cells[edit.sourceColumn] = edit.value.trim();
    rows[edit.row] = { line: row.line, cells };
    changed.add(edit.row);
  }
  for (const index of changed) {
    const row = rows[index] as ImportRow;
    if (row.cells.length > draft.headers.length && row.cells.slice(draft.headers.length).every((cell) => cell === '')) {
      row.cells.length = draft.headers.length;
    }
  }
  const next: ImportDraft = { ...draft, rows, ignoredColumns: finish(ignoredColumns(draft.headers, draft.mapping, rows)) };
  next.issues = finish(
    checkRows(
      { headers: next.headers, mapping: next.mapping, rows, delimiter: next.source.delimiter },
      { previous: draft.issues, changed },
    ),
  );
  return ok({ draft: next, editedRows: [...changed].sort((a, b) => a - b) });
}
