import { describe, expect, it } from 'vitest';
import { detectDelimiter } from '../../../common/import/delimiter';
import { parseText } from '../../../common/import/parse';
import { cell, draftOf, failureOf, fixtureBytes } from './files';
import { finish } from '../../../common/steps';

describe('delimiter detection', () => {
  it.each([
    ['comma', 'name,mac_address,sip_username\nA,001565000001,a1\nB,001565000002,b1\n', ','],
    ['semicolon', 'name;mac_address;sip_username\nA;001565000001;a1\nB;001565000002;b1\n', ';'],
    ['tab', 'name\tmac_address\tsip_username\nA\t001565000001\ta1\nB\t001565000002\tb1\n', '\t'],
    [
      'tab, with commas inside the values',
      'Name\tOwner\tNotes\nSmith, Jane\tjane@example.com\tDesk 1, left\nDoe, John\tjohn@example.com\tDesk 2, right\n',
      '\t',
    ],
    ['comma, with semicolons quoted inside', 'name,notes\nA,"one; two"\nB,"three; four"\n', ','],
    ['one column', 'name\nLobby\nKitchen\n', ','],
  ] as const)('%s', (_, text, delimiter) => {
    expect(detectDelimiter(text)).toBe(delimiter);
  });

  it('is not fooled by commas inside the values of a semicolon file, where a plain count is', () => {
    const text = 'Name;Notes\nLobby;left, by the door, near the window\nKitchen;wall, above the sink, by the fridge\n';
    expect(detectDelimiter(text)).toBe(';');
    const draft = draftOf(fixtureBytes('semicolon-decimal-commas.csv'));
    expect(draft.source.delimiter).toBe(';');
    expect(cell(draft, 2, 'Weight kg')).toBe('1,2');
    expect(detectDelimiter('Name;Price;Tax\nA;1,5;0,2\nB;2,5;0,4\n')).toBe(';');
    expect(draft.mapping.slice(0, 3)).toEqual(['name', 'device_type', 'mac_address']);
    // Counting delimiters would say comma.
    expect(text.split(',').length).toBeGreaterThan(text.split(';').length);
  });

  it('looks only at the start of a big file', () => {
    const big = `name;mac\n${'A;001565000001\n'.repeat(20_000)}`;
    expect(detectDelimiter(big)).toBe(';');
  });

  it("shows the guess and gives way to the technician's choice", () => {
    const draft = draftOf('name;notes\nA;x,y\n', { delimiter: ',', headerRow: 0 });
    expect(draft.source).toMatchObject({ delimiter: ',', detectedDelimiter: ';' });
    expect(draft.headers).toEqual(['name;notes']);
    expect(draft.rows[0]?.cells).toEqual(['A;x', 'y']);
    expect(draft.issues.map((issue) => issue.code)).toEqual(['row_too_long']);
  });
});

describe('parsing', () => {
  it("honours and hides Excel's sep= line", () => {
    const draft = draftOf(fixtureBytes('sep-line-semicolon.csv'));
    expect(draft.source).toMatchObject({ delimiter: ';', detectedDelimiter: ';', headerRow: 0 });
    expect(draft.headers).toEqual(['Name', 'MAC', 'Ext']);
    // Excel does not show the sep= line, so the header is row 1 and the first device row 2.
    expect(draft.rows.map((row) => row.line)).toEqual([2, 3]);
    expect(draft.issues).toEqual([]);
  });

  it('a sep= line asking for another delimiter is explained', () => {
    expect(failureOf('sep=|\nname|mac\n')).toContain('only comma, semicolon and tab are supported');
  });

  it('reads CR-only line endings, with a quoted line break inside a cell', () => {
    const draft = draftOf(fixtureBytes('cr-only.csv'));
    expect(draft.rows.map((row) => [row.line, ...row.cells])).toEqual([
      [2, 'Old Mac, One', '00:15:65:C0:00:01', 'two\nlines'],
      [3, 'Old Mac Two', '00:15:65:C0:00:02', ''],
    ]);
  });

  it('reads mixed CRLF and LF line endings as rows', () => {
    const result = finish(parseText('a,b\r\n1,2\n3,4\r5,6\r\n'));
    expect(result.ok && result.value.records.filter((r) => r.length === 2)).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
  });

  it('reads a CRLF file as it is, a quoted line break inside a cell made LF', () => {
    const result = finish(parseText('name,notes\r\n"Desk 1","two\r\nlines"\r\nDesk 2,x\r\n'));
    expect(result.ok && result.value.records).toEqual([['name', 'notes'], ['Desk 1', 'two\nlines'], ['Desk 2', 'x'], ['']]);
  });

  it('keeps blank records so row numbers match the spreadsheet', () => {
    const draft = draftOf('name\r\n\r\nA\r\n\r\n\r\nB\r\n,\r\nC');
    expect(draft.rows.map((row) => [row.line, row.cells[0]])).toEqual([
      [3, 'A'],
      [6, 'B'],
      [8, 'C'],
    ]);
  });

  it('reads every cell trimmed, the padding copied from other documents dropped', () => {
    const result = finish(parseText(' name ,\tnotes\n  Desk 1 ,"  two words "\n'));
    expect(result.ok && result.value.records).toEqual([['name', 'notes'], ['Desk 1', 'two words'], ['']]);
  });

  it('an unclosed quote stops the load and names the row', () => {
    const message = failureOf('name,mac\nA,001565000001\n"Desk" 5,001565000002\nC,001565000003\n');
    expect(message.startsWith('Row 3 has a quote mark (") that is never closed')).toBe(true);
  });

  it('a quote inside an unquoted value is kept as text', () => {
    const draft = draftOf('name,mac\nDesk 5" phone,001565000001\n');
    expect(cell(draft, 2, 'name')).toBe('Desk 5" phone');
  });

  it('keeps formulas as text, never evaluated or stripped', () => {
    const draft = draftOf(fixtureBytes('formulas.csv'));
    expect(draft.rows.map((row) => row.cells)).toEqual([
      ['=SUM(A1)', '+cmd|calc', '-2+3'],
      ['@HYPERLINK("x")', '=1+1', '=IMPORTXML("a")'],
    ]);
    expect(draft.issues).toEqual([]);
  });
});

describe('bounds a crafted file cannot pass', () => {
  it('refuses a header of millions of columns before splitting it into cells', () => {
    const header = `name${','.repeat(17_000_000)}\n`;
    const message = failureOf(`${header}Desk 1\n`);
    expect(message).toMatch(/^Line 1 is 17,000,004 characters long/);
    expect(failureOf(`name${',x'.repeat(1000)}\nDesk 1\n`)).toMatch(/^Line 1 has more than 1,000 columns/);
  });

  it('takes a wide row up to the limits, and names the row and column of a cell longer than a spreadsheet holds', () => {
    expect(draftOf(`name${',x'.repeat(998)}\nDesk 1\n`).headers).toHaveLength(999);
    const long = 'a'.repeat(32_768);
    expect(failureOf(`name,notes\nDesk 1,${long}\n`)).toMatch(
      /^Row 2, column 2 holds 32,768 characters; a spreadsheet cell holds at most 32,767/,
    );
  });
});
