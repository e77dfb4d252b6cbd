import { describe, expect, it } from 'vitest';
import { draftProblems } from '../../../common/import/problems';
import { rowToDevice } from '../../../common/import/to-device';
import { cell, draftOf, issueSummary, sampleBytes } from './files';

describe('the sample files in test/fixtures/samples', () => {
  it('rollout-basic: 25 devices on the canonical columns, no issues', () => {
    const draft = draftOf(sampleBytes('rollout-basic.csv'));
    expect(draft.source).toMatchObject({ encoding: 'utf-8', detectedEncoding: 'utf-8', delimiter: ',', headerRow: 0 });
    expect(draft.rows).toHaveLength(25);
    expect(draft.rows[0]?.line).toBe(2);
    expect(draft.rows[24]?.line).toBe(26);
    expect(draft.mapping).toEqual(draft.headers);
    expect(draft.ignoredColumns).toEqual([]);
    expect(draft.issues).toEqual([]);
    expect(draftProblems(draft)).toEqual([]);

    const sven = draft.rows.find((row) => row.cells[0] === "Sven's Cellphone");
    expect(sven && rowToDevice(sven.cells, draft.mapping).document).toEqual({
      name: "Sven's Cellphone",
      device_type: 'cellphone',
      caller_id: { internal: { number: '1019', name: 'Sven' } },
      enabled: true,
      call_forward: { number: '+15125550199', enabled: true },
    });
    const alice = rowToDevice((draft.rows[0] as { cells: string[] }).cells, draft.mapping);
    expect(alice.owner).toBe('alice@example.com');
    expect(alice.document).toMatchObject({ mac_address: '00156500a000', enabled: false, sip: { username: 'site1_1001' } });
    expect(alice.document.sip).not.toHaveProperty('password');
  });

  it('excel-semicolon-1252: Windows-1252 and semicolons detected, alias headers mapped, dashed MACs normalised', () => {
    const draft = draftOf(sampleBytes('excel-semicolon-1252.csv'));
    expect(draft.source).toMatchObject({
      encoding: 'windows-1252',
      detectedEncoding: 'windows-1252',
      delimiter: ';',
      detectedDelimiter: ';',
    });
    expect(draft.headers).toEqual(['Device Name', 'Type', 'MAC Address', 'Extension', 'User Email', 'Caller ID Name']);
    expect(draft.mapping).toEqual(['name', 'device_type', 'mac_address', 'extension', 'email', 'caller_id_internal_name']);
    expect(draft.rows).toHaveLength(8);
    expect(cell(draft, 2, 'Device Name')).toBe('Réception');
    expect(cell(draft, 3, 'Device Name')).toBe('Müller Büro');
    // 0x96 is an en dash in Windows-1252, not a C1 control character.
    expect(cell(draft, 4, 'Device Name')).toBe('Peña – Sales');
    expect(cell(draft, 7, 'Device Name')).toBe('Straße 12');
    expect(draft.rows.map((row) => row.cells[0])).toContain('Ångström Desk');
    expect(draft.issues).toEqual([]);
    // With the user's email on the row, 2001 is the person's extension (their user's caller ID), not the phone's.
    expect(rowToDevice((draft.rows[0] as { cells: string[] }).cells, draft.mapping).document).toEqual({
      name: 'Réception',
      device_type: 'sip_device',
      mac_address: '001565b00000',
      caller_id: { internal: { name: 'Réception' } },
    });
  });

  it('utf8-bom-quoted: BOM gone, quoted comma, quote and newline kept, blank lines counted, padding trimmed, notes listed', () => {
    const draft = draftOf(sampleBytes('utf8-bom-quoted.csv'));
    expect(draft.source).toMatchObject({ encoding: 'utf-8', delimiter: ',' });
    // No BOM on the first header, and the two trailing empty header cells are gone.
    expect(draft.headers).toEqual(['name', 'device_type', 'mac_address', 'sip_username', 'owner', 'notes']);
    expect(draft.mapping).toEqual(['name', 'device_type', 'mac_address', 'sip_username', 'owner', null]);
    expect(draft.ignoredColumns).toEqual(['notes']);
    // Row 3 is blank; the quoted newline keeps row 2 one row, as in Excel.
    expect(draft.rows.map((row) => row.line)).toEqual([2, 4, 5, 6]);
    expect(draft.rows.every((row) => row.cells.length === 6)).toBe(true);
    expect(cell(draft, 2, 'name')).toBe('Reception, Front Desk');
    expect(cell(draft, 2, 'notes')).toBe('Wall mount,\nleft of door');
    expect(cell(draft, 4, 'name')).toBe('Dr. "Bob" Office');
    expect(cell(draft, 6, 'name')).toBe('Lobby Courtesy');
    expect(cell(draft, 6, 'notes')).toBe('trim me');
    expect(draft.issues).toEqual([]);
  });

  it('messy-errors: each mistake is reported on its own cell, and only there', () => {
    const draft = draftOf(sampleBytes('messy-errors.csv'));
    expect(draft.rows).toHaveLength(12);
    expect(issueSummary(draft)).toEqual([
      [3, 'mac_address', 'mac_invalid', 'error'],
      [4, 'mac_address', 'duplicate_in_file', 'error'],
      [5, 'mac_address', 'duplicate_in_file', 'error'],
      [6, 'sip_username', 'duplicate_in_file', 'error'],
      [7, 'sip_username', 'duplicate_in_file', 'error'],
      [8, 'name', 'name_too_long', 'error'],
      [9, 'name', 'name_required', 'error'],
      [11, 'sip_password', 'sip_password_length', 'error'],
      [12, 'device_type', 'device_type_unknown', 'warning'],
      [13, null, 'row_too_long', 'error'],
    ]);
    const message = (line: number): string => draft.issues.find((issue) => draft.rows[issue.row]?.line === line)?.message ?? '';
    expect(message(4)).toContain('also on row 5');
    expect(message(5)).toContain('also on row 4');
    expect(message(4)).toContain('00:15:65:d0:00:03');
    expect(message(6)).toContain('also on row 7');
    expect(message(8)).toContain('140 characters');
    expect(message(11)).toContain('4 characters');
    expect(message(12)).toContain('deskphone');
    expect(message(13)).toBe(
      'Row 13 has 8 cells but the header has 6. A comma inside a value needs quotes around the value; fix the row or delete the extra cells.',
    );
    // The unknown owner is for main to find out against the account; here it is kept as written.
    expect(cell(draft, 10, 'owner')).toBe('nobody@example.com');
    // Good Phone is clean.
    expect(draft.issues.some((issue) => issue.row === 0)).toBe(false);
  });
});
