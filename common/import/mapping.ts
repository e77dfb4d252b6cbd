import { matchHeader, normalizeHeader, type HeaderMatch } from './aliases';
import { mayPause, type Steps } from '../steps';
import { CANONICAL_COLUMNS, PERSON_IDENTITY_COLUMNS, type CanonicalColumn } from './columns';
import { columnLabel } from './labels';
import type { ColumnMapping, ImportRow } from './types';

/** A connection's remembered choices: normalised header text to the column it fed (null: ignored on purpose). */
export type SavedMapping = Record<string, CanonicalColumn | null>;

const CANONICAL = new Set<string>(CANONICAL_COLUMNS);

/** Headers that say "password" and nothing more: the phone's SIP password in a device sheet, the person's login in a rollout sheet. */
const BARE_PASSWORD_HEADERS = new Set(['password', 'pass', 'passwort', 'kennwort', 'motdepasse']);

type Candidate = { i: number; match: HeaderMatch };

/**
 * A bare "password" beside the person columns is the person's login, as in the onboarding sheets
 * (which never carry SIP passwords: the phones' are generated), unless another header names the
 * user password outright.
 */
function bareUserPassword(headers: readonly string[], candidates: Candidate[], saved: ColumnMapping): void {
  const named = (column: CanonicalColumn) => saved.includes(column) || candidates.some((c) => c.match.column === column);
  if (named('user_password') || !PERSON_IDENTITY_COLUMNS.some(named)) return;
  for (const candidate of candidates) {
    if (candidate.match.column === 'sip_password' && BARE_PASSWORD_HEADERS.has(normalizeHeader(headers[candidate.i] ?? ''))) {
      candidate.match = { ...candidate.match, column: 'user_password' };
    }
  }
}

/**
 * Headers to columns: the connection's saved choices first, for the headers they name; then
 * exact names and aliases; then near misses, closest first. A column is fed by one header only,
 * the first or best; any other header claiming it is left unmapped (and listed as ignored). A
 * bare "password" in a sheet of people is their login (see `bareUserPassword`).
 */
export function autoMap(headers: readonly string[], saved?: SavedMapping): { mapping: ColumnMapping; fromSaved: boolean } {
  const mapping: ColumnMapping = headers.map(() => null);
  const decided = headers.map(() => false);
  const taken = new Set<CanonicalColumn>();
  let fromSaved = false;
  if (saved) {
    headers.forEach((header, i) => {
      const key = normalizeHeader(header);
      if (key === '' || !Object.hasOwn(saved, key)) return;
      const column = saved[key];
      decided[i] = true;
      fromSaved = true;
      if (column && CANONICAL.has(column) && !taken.has(column)) {
        mapping[i] = column;
        taken.add(column);
      }
    });
  }
  const candidates = headers
    .map((header, i) => ({ i, match: decided[i] ? null : matchHeader(header) }))
    .filter((c): c is Candidate => c.match !== null)
    .sort((a, b) => a.match.distance - b.match.distance || a.i - b.i);
  bareUserPassword(headers, candidates, mapping);
  for (const { i, match } of candidates) {
    if (taken.has(match.column)) continue;
    mapping[i] = match.column;
    taken.add(match.column);
  }
  return { mapping, fromSaved };
}

/** A mapping chosen by hand, made safe: one entry per header, and a column claimed twice kept only on its first header. */
export function cleanMapping(mapping: readonly (CanonicalColumn | null)[], headerCount: number): ColumnMapping {
  const taken = new Set<CanonicalColumn>();
  return Array.from({ length: headerCount }, (_, i) => {
    const column = mapping[i] ?? null;
    if (column === null || !CANONICAL.has(column) || taken.has(column)) return null;
    taken.add(column);
    return column;
  });
}

/** What to remember for the connection after an import, keyed so next month's file with "Mac Address " still matches. */
export function savedMappingFrom(headers: readonly string[], mapping: ColumnMapping): SavedMapping {
  const saved: SavedMapping = {};
  headers.forEach((header, i) => {
    const key = normalizeHeader(header);
    if (key !== '' && !Object.hasOwn(saved, key)) saved[key] = mapping[i] ?? null;
  });
  return saved;
}

/** Columns that feed no field, by header (or letter when the header is empty and the column has data). */
export function* ignoredColumns(headers: readonly string[], mapping: ColumnMapping, rows: readonly ImportRow[]): Steps<string[]> {
  const ignored: string[] = [];
  for (const [i, header] of headers.entries()) {
    if (mapping[i]) continue;
    let filled = header !== '';
    for (let r = 0; !filled && r < rows.length; r++) {
      if (mayPause(r)) yield;
      filled = ((rows[r] as ImportRow).cells[i] ?? '') !== '';
    }
    if (filled) ignored.push(columnLabel(headers, i));
  }
  return ignored;
}

/** Where each mapped column's cells are: its index among the headers, or -1. */
export type ColumnSources = Record<CanonicalColumn, number>;

export function columnSources(mapping: ColumnMapping): ColumnSources {
  const sources = Object.fromEntries(CANONICAL_COLUMNS.map((column) => [column, -1])) as ColumnSources;
  mapping.forEach((column, i) => {
    if (column && sources[column] === -1) sources[column] = i;
  });
  return sources;
}
