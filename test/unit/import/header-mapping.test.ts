import { describe, expect, it } from 'vitest';
import { COLUMN_ALIASES, matchHeader, normalizeHeader } from '../../../common/import/aliases';
import { CANONICAL_COLUMNS } from '../../../common/import/columns';
import { editDistance } from '../../../common/import/edit-distance';
import { detectHeaderRow } from '../../../common/import/header';
import { columnLetter } from '../../../common/import/labels';
import { applyMapping } from '../../../common/import/load';
import { autoMap, cleanMapping, savedMappingFrom } from '../../../common/import/mapping';
import { draftProblems } from '../../../common/import/problems';
import { draftOf, failureOf, fixtureBytes } from './files';
import { finish } from '../../../common/steps';

describe('header row', () => {
  it('finds the header under a title and a blank line (row 3)', () => {
    const draft = draftOf(fixtureBytes('title-above-header.csv'));
    expect(draft.source).toMatchObject({ headerRow: 2, detectedHeaderRow: 2 });
    expect(draft.headers).toEqual(['Device Name', 'MAC Address', 'SIP Username', 'Owner']);
    expect(draft.rows.map((row) => [row.line, row.cells[0]])).toEqual([
      [4, 'Reception'],
      [6, 'Hygiene 1'],
    ]);
  });

  it('prefers known column names, then the fullest record, earliest on a tie', () => {
    expect(
      detectHeaderRow([['Phones for site 4'], ['Site manager', 'Ana'], ['Device', 'MAC', 'Ext'], ['Lobby', '001565000001', '100']]),
    ).toBe(2);
    expect(detectHeaderRow([['Inventory'], ['Col A', 'Col B', 'Col C'], ['1', '2', '3']])).toBe(1);
    expect(detectHeaderRow([[''], ['', ''], ['x', 'y']])).toBe(2);
  });

  it("knows the headers of the connection's saved mapping", () => {
    const records = [
      ['Room', 'Hardware ID', 'Seat'],
      ['Stock list', 'March', '2025', 'draft'],
      ['Lobby', '001565000001', '100'],
    ];
    expect(detectHeaderRow(records)).toBe(1);
    expect(detectHeaderRow(records, { room: 'name', hardwareid: 'mac_address' })).toBe(0);
  });

  it('can be chosen, and a bad choice is explained', () => {
    const text = 'Title\nname,mac\nLobby,001565000001\n';
    const draft = draftOf(text, { headerRow: 0 });
    expect(draft.source).toMatchObject({ headerRow: 0, detectedHeaderRow: 1 });
    expect(draft.headers).toEqual(['Title']);
    expect(draftProblems(draft)[0]).toContain('No column holds the device names');
    expect(failureOf(text, { headerRow: 9 })).toContain('row 10 cannot be the header');
    expect(failureOf('name\n\nLobby\n', { headerRow: 1 })).toContain('Row 2 is empty');
  });
});

describe('header names', () => {
  it('no alias names two columns', () => {
    const seen = new Map<string, string>();
    for (const column of CANONICAL_COLUMNS) {
      for (const alias of [column, ...COLUMN_ALIASES[column]]) {
        const key = normalizeHeader(alias);
        expect(seen.get(key) ?? column, `${alias} names ${seen.get(key)} and ${column}`).toBe(column);
        seen.set(key, column);
      }
    }
  });

  it.each([
    ['Device Name', 'name'],
    ['Phone Name', 'name'],
    ['  NAME ', 'name'],
    ['MAC', 'mac_address'],
    ['Mac-Address', 'mac_address'],
    ['Hardware Address', 'mac_address'],
    ['Ext.', 'extension'],
    ['Internal Number', 'caller_id_internal_number'],
    ['Caller ID Number', 'caller_id_internal_number'],
    ['E-Mail', 'email'],
    ['User Email', 'email'],
    ['Username', 'username'],
    ['Device Type', 'device_type'],
    ['SIP User', 'sip_username'],
    ['auth_user', 'sip_username'],
    ['Secret', 'sip_password'],
    ['Display Name', 'caller_id_internal_name'],
    ['SIP Pass', 'sip_password'],
    ['AuthPassword', 'sip_password'],
    ['Auth Password', 'sip_password'],
    ['Password', 'sip_password'],
    ['secret', 'sip_password'],
    ['AuthID', 'sip_username'],
    ['Auth ID', 'sip_username'],
    ['User ID', 'sip_username'],
    ['user_id', 'sip_username'],
    ['Register Name', 'sip_username'],
    ['Extension Number', 'extension'],
    ['Line', 'caller_id_internal_number'],
    ['effective_caller_id_number', 'caller_id_internal_number'],
    ['MAC ID', 'mac_address'],
    ['device_mac_address', 'mac_address'],
    ['device_label', 'name'],
    ['outboundcid', 'caller_id_external_number'],
    ['EmailAddress', 'email'],
    ['MobileNumber', 'call_forward_number'],
    ['Outbound Caller ID', 'caller_id_external_number'],
    ['DID', 'caller_id_external_number'],
    ['Cell', 'call_forward_number'],
    ['Mobile Number', 'call_forward_number'],
    ['Manufacturer', 'brand'],
    ['Series', 'family'],
    ['Model', 'model'],
    ['Status', 'enabled'],
    ['caller_id_external_name', 'caller_id_external_name'],
    ['Gerätename', 'name'],
  ] as const)('%s → %s', (header, column) => {
    expect(matchHeader(header)).toEqual({ column, distance: 0 });
  });

  it.each([
    ['Mac Adress', 'mac_address', 1],
    ['Extention', 'extension', 1],
    ['Emial', 'email', 1],
    ['Device Nmae', 'name', 1],
    ['Calller ID Nam', 'caller_id_internal_name', 2],
  ] as const)('tolerates the typo in %s', (header, column, distance) => {
    expect(matchHeader(header)).toEqual({ column, distance });
  });

  it.each(['Notes', 'Room', 'Typo', 'Mode', 'Cel', 'Caller ID', 'Number'])('does not guess for %s', (header) => {
    expect(matchHeader(header)).toBeNull();
  });

  it('edit distance counts a swap as one and stops early', () => {
    expect(editDistance('email', 'emial', 2)).toBe(1);
    expect(editDistance('kitten', 'sitting', 3)).toBe(3);
    expect(editDistance('abcdefgh', 'zzzzzzzz', 2)).toBe(3);
  });

  it('names columns by letter like Excel', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });
});

describe('mapping', () => {
  it('never feeds one column from two headers: the exact name beats the typo, the first beats the second', () => {
    expect(autoMap(['Mac Adress', 'MAC', 'Name', 'Device Name']).mapping).toEqual([null, 'mac_address', 'name', null]);
    const draft = draftOf('Name,Device Name,MAC\nA,B,001565000001\n');
    expect(draft.mapping).toEqual(['name', null, 'mac_address']);
    expect(draft.ignoredColumns).toEqual(['Device Name']);
  });

  it('lists every unmapped column, and an unnamed one with data by its letter', () => {
    const draft = draftOf('name,,Room,\nLobby,x,12,\nKitchen,,14,\n');
    expect(draft.headers).toEqual(['name', '', 'Room']);
    expect(draft.ignoredColumns).toEqual(['Column B', 'Room']);
  });

  it('an unnamed trailing column with data is kept, not called a long row', () => {
    const draft = draftOf('name,mac,\nLobby,001565000001,spare\n');
    expect(draft.headers).toEqual(['name', 'mac', '']);
    expect(draft.ignoredColumns).toEqual(['Column C']);
    expect(draft.issues).toEqual([]);
  });

  it('applies a saved mapping first, for the headers it knows', () => {
    const saved = { devicelabel: 'caller_id_internal_name', ext: null, phonemac: 'mac_address' } as const;
    const draft = draftOf('Device Label,Ext,Phone MAC,Name\nReception,100,001565000001,Lobby phone\n', { savedMapping: saved });
    // Saved choices win over aliases ("Device Label" is a name alias; "Ext" an extension alias).
    expect(draft.mapping).toEqual(['caller_id_internal_name', null, 'mac_address', 'name']);
    expect(draft.mappingFromSaved).toBe(true);
    expect(draft.ignoredColumns).toEqual(['Ext']);
    expect(draftOf('Name,MAC\nA,001565000001\n', { savedMapping: saved }).mappingFromSaved).toBe(false);
  });

  it('builds the saved mapping from a draft, keyed by normalised header', () => {
    expect(
      savedMappingFrom(['Device Label', ' MAC-Address ', 'Notes', '', 'device label'], ['name', 'mac_address', null, null, 'model']),
    ).toEqual({
      devicelabel: 'name',
      macaddress: 'mac_address',
      notes: null,
    });
  });

  it('a mapping chosen by hand replaces the automatic one, cleaned of double claims', () => {
    const draft = draftOf('A,B,C\nLobby,001565000001,x\n', { mapping: ['name', 'mac_address', 'name'] });
    expect(draft.mapping).toEqual(['name', 'mac_address', null]);
    expect(failureOf('A,B\nx,y\n', { mapping: ['name'] })).toContain('cover 1 columns but the header row has 2');
    expect(cleanMapping(['name'], 3)).toEqual(['name', null, null]);
  });

  it('changes without reading the file again', () => {
    const draft = draftOf('Tag,Hardware\nLobby,zz\n');
    expect(draftProblems(draft)).toHaveLength(1);
    const result = finish(applyMapping(draft, ['name', 'mac_address']));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(draftProblems(result.value)).toEqual([]);
    expect(result.value.issues.map((issue) => issue.code)).toEqual(['mac_invalid']);
    expect(result.value.ignoredColumns).toEqual([]);
    expect(finish(applyMapping(draft, ['name'])).ok).toBe(false);
  });
});

describe('file-level problems', () => {
  it('no name column', () => {
    const draft = draftOf(fixtureBytes('no-name-column.csv'));
    expect(draft.rows).toHaveLength(2);
    expect(draftProblems(draft)).toEqual([
      'No column holds the device names. Choose which column has them (the file\'s columns are "MAC Address", "Extension", "Owner"), or check that row 1 is the header row.',
    ]);
    // No row is blamed for the missing column.
    expect(draft.issues).toEqual([]);
  });

  it('a header with no rows under it', () => {
    expect(draftProblems(draftOf('name,mac\n\n\n'))).toEqual([
      'There are no devices under the header (row 1). Check that the right file and header row are chosen.',
    ]);
  });
});
