import { neutraliseCell } from './formula-guard';

const UTF8_BOM = '\uFEFF';

/**
 * RFC 4180: quoted when it holds a comma, a quote or a line break, and also a semicolon or a tab,
 * which other locales' spreadsheets split on; quotes doubled; formulas neutralised first.
 */
export function csvField(value: string): string {
  const safe = neutraliseCell(value);
  return /[",;\t\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * A CSV file as Excel opens it without asking: a UTF-8 BOM so accents survive, CRLF line ends.
 * The import report and the devices export both write with it.
 */
export function csvDocument(lines: readonly (readonly string[])[]): string {
  return UTF8_BOM + lines.map((line) => line.map(csvField).join(',') + '\r\n').join('');
}
