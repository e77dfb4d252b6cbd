import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { loadDraft, type LoadOptions } from '../../../common/import/load';
import type { ImportDraft } from '../../../common/import/types';
import { SAMPLES_DIR } from '../../support/sample-owners';
import { finish } from '../../../common/steps';

const FIXTURES = path.join(import.meta.dirname, '../../fixtures/csv');

export const sampleBytes = (name: string): Uint8Array => new Uint8Array(readFileSync(path.join(SAMPLES_DIR, name)));
export const fixtureBytes = (name: string): Uint8Array => new Uint8Array(readFileSync(path.join(FIXTURES, name)));

export const DRAFT_ID = 'f'.repeat(32);

/** loadDraft on bytes or text, expecting success. */
export function draftOf(input: Uint8Array | string, options: Partial<LoadOptions> = {}): ImportDraft {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const result = finish(loadDraft({ id: DRAFT_ID, fileName: 'devices.csv', bytes, ...options }));
  if (!result.ok) expect.fail(`loadDraft failed: ${result.error.message}`);
  return result.value;
}

/** loadDraft expecting failure; returns the message. */
export function failureOf(input: Uint8Array | string, options: Partial<LoadOptions> = {}): string {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const result = finish(loadDraft({ id: DRAFT_ID, fileName: 'devices.csv', bytes, ...options }));
  if (result.ok) expect.fail('loadDraft succeeded where it should fail');
  return result.error.message;
}

/** The cell a technician sees: the row's value under a header. */
export function cell(draft: ImportDraft, line: number, header: string): string | undefined {
  const row = draft.rows.find((r) => r.line === line);
  return row?.cells[draft.headers.indexOf(header)];
}

/** Issues as compact tuples: [spreadsheet row, header or null, code, severity]. */
export const issueSummary = (draft: ImportDraft): Array<[number, string | null, string, string]> =>
  draft.issues.map((issue) => [
    (draft.rows[issue.row] ?? { line: -1 }).line,
    issue.sourceColumn === null ? null : (draft.headers[issue.sourceColumn] ?? null),
    issue.code,
    issue.severity,
  ]);
