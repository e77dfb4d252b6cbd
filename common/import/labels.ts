import type { Delimiter } from './types';

/** Excel's letter for a column: A..Z, AA.. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** How a column is named to the technician: its header, or its letter when the header cell is empty. */
export const columnLabel = (headers: readonly string[], index: number): string => headers[index] || `Column ${columnLetter(index)}`;

const DELIMITER_NAMES: Record<Delimiter, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };

/** The delimiter in words, for messages and the "read as" line. */
export const delimiterName = (delimiter: Delimiter): string => DELIMITER_NAMES[delimiter];
