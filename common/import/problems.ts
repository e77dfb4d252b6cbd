import { PERSON_IDENTITY_COLUMNS } from './columns';
import type { ColumnMapping, ImportDraft } from './types';

const LISTED_HEADERS = 8;

/** The sheet names people: a person's phone is named after them, so no column of device names is needed. */
export const namesPeople = (mapping: ColumnMapping): boolean => PERSON_IDENTITY_COLUMNS.some((column) => mapping.includes(column));

/**
 * Problems with the file as a whole, which no cell can show and which block the import until
 * fixed (a mapping change or another file), unlike cell issues that concern one row.
 */
export function draftProblems(draft: ImportDraft): string[] {
  const problems: string[] = [];
  const people = namesPeople(draft.mapping);
  if (!draft.mapping.includes('name') && !people) {
    const headers = draft.headers.filter((header) => header !== '');
    const listed = headers.slice(0, LISTED_HEADERS).map((header) => `"${header}"`);
    if (headers.length > LISTED_HEADERS) listed.push(`${headers.length - LISTED_HEADERS} more`);
    problems.push(
      headers.length > 0
        ? `No column holds the device names. Choose which column has them (the file's columns are ${listed.join(', ')}), or check that row ${draft.source.headerRow + 1} is the header row.`
        : `Row ${draft.source.headerRow + 1} has no column names. Choose the row that holds the header.`,
    );
  }
  if (draft.rows.length === 0) {
    problems.push(
      `There are no ${people ? 'people or devices' : 'devices'} under the header (row ${draft.source.headerRow + 1}). Check that the right file and header row are chosen.`,
    );
  }
  return problems;
}
