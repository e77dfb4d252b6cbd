import { describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES, decodeAs, decodeFile, sniffEncoding } from '../../../common/import/decode';
import { draftOf, failureOf, fixtureBytes } from './files';

const utf16 = (text: string, littleEndian: boolean, bom: boolean): Uint8Array => {
  const bytes = new Uint8Array((text.length + (bom ? 1 : 0)) * 2);
  const view = new DataView(bytes.buffer);
  const units = (bom ? '\ufeff' : '') + text;
  for (let i = 0; i < units.length; i++) view.setUint16(i * 2, units.charCodeAt(i), littleEndian);
  return bytes;
};

const CSV = 'name,mac_address\r\nZoë Desk,00:15:65:00:00:01\r\n';

describe('encoding detection', () => {
  it.each([
    ['UTF-8 without BOM', new TextEncoder().encode(CSV), 'utf-8'],
    ['UTF-8 with BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(CSV)]), 'utf-8'],
    ['UTF-16LE with BOM', utf16(CSV, true, true), 'utf-16le'],
    ['UTF-16BE with BOM', utf16(CSV, false, true), 'utf-16be'],
    ['UTF-16LE without BOM', utf16(CSV, true, false), 'utf-16le'],
    ['UTF-16BE without BOM', utf16(CSV, false, false), 'utf-16be'],
    [
      'Windows-1252',
      new Uint8Array([...new TextEncoder().encode('name\r\nZo'), 0xeb, 0x20, 0x96, 0x20, 0x44, 0x65, 0x73, 0x6b, 0x0d, 0x0a]),
      'windows-1252',
    ],
  ] as const)('%s', (_, bytes, encoding) => {
    const decoded = decodeFile('devices.csv', bytes);
    expect(decoded).toMatchObject({ ok: true, value: { encoding, detectedEncoding: encoding } });
    if (!decoded.ok) return;
    expect(decoded.value.text.charCodeAt(0)).not.toBe(0xfeff);
    expect(decoded.value.text).toMatch(/^name/);
    expect(decoded.value.text).toContain('Zoë');
  });

  it('reads Windows-1252 punctuation (0x80..0x9F) as the characters Excel meant', () => {
    const bytes = new Uint8Array([0x80, 0x20, 0x93, 0x51, 0x94, 0x20, 0x96, 0x20, 0x97, 0x20, 0x99, 0x20, 0x85]);
    expect(decodeAs(bytes, 'windows-1252')).toBe('€ “Q” – — ™ …');
  });

  it("takes the technician's encoding over the guess, and still reports the guess", () => {
    const bytes = new TextEncoder().encode('name\r\nCafé\r\n');
    const decoded = decodeFile('devices.csv', bytes, 'windows-1252');
    expect(decoded).toMatchObject({ ok: true, value: { encoding: 'windows-1252', detectedEncoding: 'utf-8', text: 'name\r\nCafÃ©\r\n' } });
    // A UTF-8 BOM read as Windows-1252 would show as "ï»¿" on the first header.
    const withBom = decodeFile('devices.csv', new Uint8Array([0xef, 0xbb, 0xbf, 0x6e, 0x61, 0x6d, 0x65]), 'windows-1252');
    expect(withBom).toMatchObject({ ok: true, value: { text: 'name' } });
  });

  it('reads an Excel "Unicode text" export (UTF-16LE, BOM, tabs) end to end', () => {
    const draft = draftOf(fixtureBytes('excel-unicode-text-utf16le.txt'));
    expect(draft.source).toMatchObject({ encoding: 'utf-16le', delimiter: '\t' });
    expect(draft.headers[0]).toBe('Device Name');
    expect(draft.mapping).toEqual(['name', 'device_type', 'mac_address', 'extension', 'caller_id_internal_name']);
    expect(draft.rows.map((row) => row.cells[0])).toEqual(['Zoë Front Desk', '東京 Lobby', 'Ärzte Room ☎']);
    expect(draft.issues).toEqual([]);
  });

  it('reads UTF-16BE without a BOM from its NUL pattern', () => {
    const draft = draftOf(fixtureBytes('utf16be-no-bom.csv'));
    expect(draft.source.encoding).toBe('utf-16be');
    expect(draft.rows.map((row) => row.cells[0])).toEqual(['Big Endian Phone', 'Second Phone']);
  });
});

describe('files that are not a CSV', () => {
  it.each([
    ['phone-label.png', 'This is a PNG picture, not a CSV.'],
    ['devices.xlsx', 'This is an Excel workbook (.xlsx), not a CSV. In Excel choose File > Save As > CSV UTF-8, then import that file.'],
  ])('%s is named for what it is', (name, message) => {
    expect(failureOf(fixtureBytes(name), { fileName: name })).toContain(message);
  });

  it.each([
    ['JPEG', [0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JPEG photo'],
    ['GIF', [...new TextEncoder().encode('GIF89a'), 1, 0], 'GIF picture'],
    ['PDF', [...new TextEncoder().encode('%PDF-1.7\n')], 'PDF document'],
    ['XLS', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0], 'Excel 97-2003 workbook (.xls)'],
    ['an executable', [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0], 'not text'],
    ['random control bytes', Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 0x01 : 0x41)), 'not text'],
  ])('%s', (_, bytes, words) => {
    expect(failureOf(new Uint8Array(bytes))).toContain(words);
  });

  it('a ZIP named .zip and an .ods are told apart from an .xlsx', () => {
    const zip = fixtureBytes('devices.xlsx');
    expect(failureOf(zip, { fileName: 'export.zip' })).toContain('ZIP archive');
    expect(failureOf(zip, { fileName: 'export.ods' })).toContain('OpenDocument spreadsheet');
  });

  it('a picture stays a picture when the technician picks an encoding; a binary guess gives way', () => {
    expect(failureOf(fixtureBytes('phone-label.png'), { encoding: 'windows-1252' })).toContain('PNG picture');
    const oddBytes = new Uint8Array([...new TextEncoder().encode('name\n'), 0x01, 0x02, 0x03, 0x41, 0x0a]);
    expect(failureOf(oddBytes)).toContain('not text');
    expect(sniffEncoding('x.csv', oddBytes).kind).toBe('not_text');
    expect(draftOf(oddBytes, { encoding: 'windows-1252' }).source.encoding).toBe('windows-1252');
  });

  it.each([
    ['empty.csv', 'empty.csv is empty.'],
    ['whitespace-only.csv', 'whitespace-only.csv has no text in it, only blank space.'],
  ])('%s', (name, message) => {
    expect(failureOf(fixtureBytes(name), { fileName: name })).toContain(message);
  });

  it('a BOM alone, or only delimiters, is empty too', () => {
    expect(failureOf(new Uint8Array([0xef, 0xbb, 0xbf]))).toContain('only blank space');
    expect(failureOf(',,,\r\n\r\n,,\r\n')).toContain('no values in it, only empty cells');
  });

  it('over 50 MB is refused with the size, the limit and what to do', () => {
    const bytes = new Uint8Array(63 * 1024 * 1024).fill(0x41);
    expect(failureOf(bytes, { fileName: 'all-sites.csv' })).toBe(
      'all-sites.csv is 63 MB; the limit is 50 MB. Split the file into smaller files and import them one after another.',
    );
    expect(failureOf(new Uint8Array(MAX_FILE_BYTES + 1).fill(0x41))).toMatch(/^devices\.csv is 50 MB; the limit is 50 MB/);
    // Exactly at the limit is allowed (and is one long header here).
    expect(decodeFile('x.csv', new Uint8Array(MAX_FILE_BYTES).fill(0x41)).ok).toBe(true);
  });
});
