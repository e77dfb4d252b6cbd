import Papa from 'papaparse';
import { detectDelimiter } from './delimiter';
import { fail, ok, type Result } from '../ipc/result';
import type { Delimiter } from './types';

export interface ParsedText {
  /** Every record, blank ones included, so record i is spreadsheet row i + 1. */
  records: string[][];
  delimiter: Delimiter;
  detectedDelimiter: Delimiter;
}

/** Excel's hint line: it reads the delimiter from it and does not show it as a row. */
const SEP_LINE = /^"?sep=(.)"?[ \t]*(?:\n|$)/i;

const DELIMITER_OF: Record<string, Delimiter> = { ',': ',', ';': ';', '\t': '\t' };

/**
 * Decoded text into records with Papa Parse. Line endings are made uniform first (CRLF, LF and
 * old-Mac CR, even mixed in one file, all end a row; a line break inside a quoted cell becomes
 * LF), and the delimiter is detected unless the technician chose one.
 */
export function parseText(text: string, override?: Delimiter): Result<ParsedText> {
  let body = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
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
  const { data, errors } = Papa.parse<string[]>(body, { delimiter, newline: '\n', quoteChar: '"', escapeChar: '"', skipEmptyLines: false });
  const unclosed = errors.find((error) => error.code === 'MissingQuotes');
  if (unclosed) {
    const line = (unclosed.row ?? 0) + 1;
    return fail(
      'invalid_request',
      `Row ${line} has a quote mark (") that is never closed, so the rest of the file cannot be read. Remove the quote mark, or put quotes around the whole value and double the quotes inside it ("Desk ""5"" phone"), then import again.`,
    );
  }
  return ok({ records: data, delimiter, detectedDelimiter });
}
