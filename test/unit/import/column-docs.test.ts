import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COLUMN_ALIASES, matchHeader } from '../../../common/import/aliases';
import { CANONICAL_COLUMNS, fieldOfColumn } from '../../../common/import/columns';

const DOC = path.join(import.meta.dirname, '../../../docs/CSV-COLUMNS.md');

/** The rows of the doc's one table, cells trimmed, header and rule lines left out. */
function tableRows(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    );
}

const quoted = (cell: string): string[] => [...cell.matchAll(/"([^"]+)"/g)].map((match) => match[1] as string);

describe('docs/CSV-COLUMNS.md', () => {
  const rows = tableRows(readFileSync(DOC, 'utf8'));

  it('lists every canonical column once, in order, with the field it fills', () => {
    expect(rows.map((row) => row[0])).toEqual(CANONICAL_COLUMNS.map((column) => `\`${column}\``));
    expect(rows.map((row) => row[1])).toEqual(CANONICAL_COLUMNS.map((column) => `\`${fieldOfColumn(column)}\``));
  });

  it('lists exactly the headers aliases.ts recognises for each column', () => {
    const documented = Object.fromEntries(rows.map((row) => [row[0]?.replaceAll('`', ''), quoted(row[2] ?? '')]));
    expect(documented).toEqual(Object.fromEntries(CANONICAL_COLUMNS.map((column) => [column, [...COLUMN_ALIASES[column]]])));
  });

  it('every documented header maps to its row', () => {
    for (const row of rows) {
      for (const header of quoted(row[2] ?? '')) expect(matchHeader(header)?.column, header).toBe(row[0]?.replaceAll('`', ''));
    }
  });
});
