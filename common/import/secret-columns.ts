import { normalizeHeader } from './aliases';
import type { ColumnMapping, ImportRow } from './types';

/** Header words that name a password or a PIN in the sheets technicians bring, compared normalised. */
const SECRET_HEADER_PARTS = ['password', 'passwort', 'passwd', 'pwd', 'secret', 'kennwort', 'motdepasse', 'passcode'];
/** Short words that name a secret only as a whole word ("SIP Pass", "VM PIN"), not inside another ("Passage", "Ping"). */
const SECRET_HEADER_WORDS = /(^|[^a-z])(pass|pin|pw)([^a-z]|$)/i;

/** Values sampled per column: enough to judge, cheap on a 100,000-row file. */
const SAMPLED_VALUES = 50;
/** Share of the sampled values that must look like passwords for the column to count as passwords. */
const SECRET_SHARE = 0.75;
/** Symbols that are common in identifiers and so say nothing about a password. */
const IDENTIFIER_SYMBOLS = /[_\-.@:]/g;

/** A header that names a password, a secret or a PIN. */
export function isSecretHeader(header: string): boolean {
  const key = normalizeHeader(header);
  return SECRET_HEADER_PARTS.some((part) => key.includes(part)) || SECRET_HEADER_WORDS.test(header);
}

/**
 * A value shaped like a generated password: one word of eight or more characters mixing
 * letters and digits with both cases or a symbol. Names, MACs, numbers, emails and the 32-hex
 * ids of KAZOO documents do not pass.
 */
export function looksLikePassword(value: string): boolean {
  if (value.length < 8 || /\s/.test(value) || value.includes('@')) return false;
  if (!/[a-z]/i.test(value) || !/\d/.test(value)) return false;
  const mixedCase = /[a-z]/.test(value) && /[A-Z]/.test(value);
  const symbol = /[^a-z0-9]/i.test(value.replace(IDENTIFIER_SYMBOLS, ''));
  return mixedCase || symbol;
}

function valuesLookSecret(rows: readonly ImportRow[], index: number): boolean {
  let sampled = 0;
  let secret = 0;
  for (const row of rows) {
    const value = row.cells[index] ?? '';
    if (value === '') continue;
    sampled += 1;
    if (looksLikePassword(value)) secret += 1;
    if (sampled >= SAMPLED_VALUES) break;
  }
  return sampled > 0 && secret / sampled >= SECRET_SHARE;
}

/**
 * The columns no field is taken from whose header or values look like passwords, by index: a
 * sheet's SIP passwords under a header the app did not know would otherwise be dropped, and the
 * phones pre-configured with them would never register.
 */
export function ignoredSecretColumns(headers: readonly string[], mapping: ColumnMapping, rows: readonly ImportRow[]): number[] {
  const found: number[] = [];
  headers.forEach((header, index) => {
    if (mapping[index]) return;
    if (isSecretHeader(header) || valuesLookSecret(rows, index)) found.push(index);
  });
  return found;
}
