import { describe, expect, it } from 'vitest';
import { revalidate } from '../../../common/import/load';
import { booleanOf, deviceTypeOf } from '../../../common/import/values';
import { draftOf, fixtureBytes, issueSummary } from './files';
import { finish } from '../../../common/steps';

const HEADER =
  'name,device_type,sip_username,sip_password,mac_address,enabled,caller_id_internal_name,caller_id_external_number,call_forward_number';

/** One data row under the full header; `cells` by column name. */
const oneRow = (cells: Record<string, string>): string => {
  const columns = HEADER.split(',');
  const quote = (value: string): string => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  return `${HEADER}\n${columns.map((column) => quote(cells[column] ?? '')).join(',')}\n`;
};

const codesOf = (cells: Record<string, string>): string[] =>
  draftOf(oneRow({ name: 'Lobby', ...cells })).issues.map((issue) => `${issue.column}:${issue.code}:${issue.severity}`);

describe('row rules', () => {
  it('a plain good row has no issues', () => {
    expect(
      codesOf({
        device_type: 'sip_device',
        sip_username: 'lobby_1',
        sip_password: 'Secret123',
        mac_address: '00:15:65:00:00:01',
        enabled: 'yes',
      }),
    ).toEqual([]);
  });

  it.each([
    [{ name: '', device_type: 'sip_device' }, ['name:name_required:error']],
    [{ name: 'x'.repeat(128) }, []],
    [{ name: 'x'.repeat(129) }, ['name:name_too_long:error']],
    // 128 emoji are 256 UTF-16 units but 128 characters, as the server counts.
    [{ name: '📞'.repeat(128) }, []],
    [{ name: '📞'.repeat(129) }, ['name:name_too_long:error']],
  ])('name %#', (cells, codes) => {
    expect(codesOf(cells)).toEqual(codes);
  });

  it.each([
    ['', []],
    ['sip_device', []],
    ['SIP Device', []],
    ['Softphone', []],
    ['sip-uri', []],
    ['deskphone', ['device_type:device_type_unknown:warning']],
    ['teammate', ['device_type:device_type_unknown:warning']],
  ])('device type %j', (type, codes) => {
    expect(codesOf({ device_type: type })).toEqual(codes);
  });

  it.each([
    ['sip_username', 'a', 'sip_username_length'],
    ['sip_username', 'u'.repeat(33), 'sip_username_length'],
    ['sip_password', 'abcd', 'sip_password_length'],
    ['sip_password', 'p'.repeat(33), 'sip_password_length'],
  ])('%s %j', (column, value, code) => {
    expect(codesOf({ [column]: value })).toEqual([`${column}:${code}:error`]);
  });

  it.each([
    ['ab', 'sip_username'],
    ['u'.repeat(32), 'sip_username'],
    ['abcde', 'sip_password'],
    ['p'.repeat(32), 'sip_password'],
  ])('%s is within the limits for %s', (value, column) => {
    expect(codesOf({ [column]: value })).toEqual([]);
  });

  it.each(['00:15:65:AB:CD:EF', '00-15-65-ab-cd-ef', '0015.65ab.cdef', '001565ABCDEF', '00 15 65 ab cd ef'])('MAC %s is fine', (mac) => {
    expect(codesOf({ mac_address: mac })).toEqual([]);
  });

  it.each(['00:15:65:zz:00:02', '00:15:65:ab:cd', '00:15:65:ab:cd:ef:01', 'unknown'])('MAC %s is not', (mac) => {
    const draft = draftOf(oneRow({ name: 'Lobby', mac_address: mac }));
    expect(issueSummary(draft)).toEqual([[2, 'mac_address', 'mac_invalid', 'error']]);
    expect(draft.issues[0]?.message).toContain('12 hex digits');
  });

  it('a MAC Excel turned into a number is explained as such', () => {
    for (const mac of ['1.56E+09', '1565000001']) {
      const [issue] = draftOf(oneRow({ name: 'Lobby', mac_address: mac })).issues;
      expect(issue?.message).toContain('Excel turned into a number');
    }
  });

  it.each(['true', 'FALSE', 'Yes', 'no', 'Y', 'n', '1', '0', 'Enabled', 'disabled', 'WAHR', 'faux'])('enabled %s', (value) => {
    expect(codesOf({ enabled: value })).toEqual([]);
  });

  it('enabled that is neither', () => {
    expect(codesOf({ enabled: 'maybe' })).toEqual(['enabled:enabled_invalid:error']);
    expect(booleanOf('Disabled')).toBe(false);
    expect(booleanOf('Y')).toBe(true);
  });

  it('caller ID names and numbers up to 35 characters', () => {
    expect(codesOf({ caller_id_internal_name: 'n'.repeat(35), caller_id_external_number: '1'.repeat(35) })).toEqual([]);
    expect(codesOf({ caller_id_internal_name: 'n'.repeat(36), caller_id_external_number: '1'.repeat(36) })).toEqual([
      'caller_id_internal_name:caller_id_too_long:error',
      'caller_id_external_number:caller_id_too_long:error',
    ]);
  });

  it('forward numbers: digits with the usual punctuation, at most 15, required for cellphones and landlines', () => {
    expect(codesOf({ call_forward_number: '+1 (512) 555-0199' })).toEqual([]);
    expect(codesOf({ call_forward_number: '+1234567890123456' })).toEqual(['call_forward_number:call_forward_too_long:error']);
    expect(codesOf({ call_forward_number: 'call me' })).toEqual(['call_forward_number:call_forward_invalid:error']);
    expect(codesOf({ device_type: 'cellphone' })).toEqual(['call_forward_number:call_forward_missing:warning']);
    expect(codesOf({ device_type: 'Landline' })).toEqual(['call_forward_number:call_forward_missing:warning']);
    expect(codesOf({ device_type: 'cellphone', call_forward_number: '+15125550199' })).toEqual([]);
    // Without a forward column at all, the warning is on the row's type and says what to add.
    const draft = draftOf('name,device_type\nSven,cellphone\n');
    expect(draft.issues).toMatchObject([{ sourceColumn: null, column: 'call_forward_number', code: 'call_forward_missing' }]);
  });

  it('an issue points at the cell: row index, header index, column', () => {
    const draft = draftOf('Notes,Device Name,MAC\nx,Lobby,nope\n');
    expect(draft.issues).toEqual([
      {
        row: 0,
        sourceColumn: 2,
        column: 'mac_address',
        severity: 'error',
        code: 'mac_invalid',
        message: expect.stringContaining('"nope"'),
      },
    ]);
  });

  it('knows device types as Monster UI does', () => {
    expect(deviceTypeOf('SIP URI')).toEqual({ value: 'sip_uri', known: true });
    expect(deviceTypeOf('Desk Phone')).toEqual({ value: 'Desk Phone', known: false });
  });
});

describe('rows longer or shorter than the header', () => {
  it("a short row is padded; Excel's empty trailing cells are dropped; real extra values are one row issue", () => {
    const draft = draftOf('name,mac,owner\nShort,001565000001\nTrailing,001565000002,,,,\nLong,001565000003,a@example.com,oops,\n');
    expect(draft.rows.map((row) => row.cells)).toEqual([
      ['Short', '001565000001', ''],
      ['Trailing', '001565000002', ''],
      ['Long', '001565000003', 'a@example.com', 'oops', ''],
    ]);
    expect(draft.issues).toEqual([
      {
        row: 2,
        sourceColumn: null,
        column: null,
        severity: 'error',
        code: 'row_too_long',
        message:
          'Row 4 has 5 cells but the header has 3. A comma inside a value needs quotes around the value; fix the row or delete the extra cells.',
      },
    ]);
  });

  it('says semicolon in a semicolon file', () => {
    const draft = draftOf('name;mac;owner\nLobby;001565000001;a;b\nKitchen;001565000002;c\n');
    expect(draft.issues[0]?.message).toContain('A semicolon inside a value');
  });
});

describe('duplicates in the file', () => {
  it('all-duplicates: every row is told about the others, by MAC in any notation and by username in any case', () => {
    const draft = draftOf(fixtureBytes('all-duplicates.csv'));
    expect(issueSummary(draft)).toEqual(
      [2, 3, 4, 5].flatMap((line) => [
        [line, 'mac_address', 'duplicate_in_file', 'error'],
        [line, 'sip_username', 'duplicate_in_file', 'error'],
      ]),
    );
    const messages = draft.issues.filter((issue) => issue.row === 0).map((issue) => issue.message);
    expect(messages).toEqual([
      'The MAC address 00:15:65:dd:00:01 is also on rows 3, 4 and 5. Each phone has its own MAC: check the labels and correct the wrong one.',
      'The SIP username "same_user" is also on rows 3, 4 and 5 (the PBX ignores upper and lower case). Give each device its own username, or leave it empty and the app will make one.',
    ]);
  });

  it('names at most five other rows', () => {
    const rows = Array.from({ length: 9 }, (_, i) => `P${i},00:15:65:00:00:01`).join('\n');
    const draft = draftOf(`name,mac\n${rows}\n`);
    expect(draft.issues).toHaveLength(9);
    expect(draft.issues[0]?.message).toContain('also on rows 3, 4, 5, 6, 7 and 3 more');
    expect(draft.issues[8]?.message).toContain('also on rows 2, 3, 4, 5, 6 and 3 more');
  });

  it('empty and invalid values are not duplicates; a too-long row is left out', () => {
    const draft = draftOf('name,mac,sip_username\nA,,\nB,,\nC,zz,u1\nD,zz,u2\nE,001565000001,u3,extra\nF,001565000001,u3\n');
    expect(issueSummary(draft)).toEqual([
      [4, 'mac', 'mac_invalid', 'error'],
      [5, 'mac', 'mac_invalid', 'error'],
      [6, null, 'row_too_long', 'error'],
    ]);
  });
});

describe('revalidate', () => {
  it('recomputes issues and ignored columns from the draft alone', () => {
    const draft = draftOf('name,mac\nA,001565000001\nB,001565000002\n');
    const changed = finish(
      revalidate({
        ...draft,
        rows: draft.rows.map((row) => ({ ...row, cells: [row.cells[0] as string, '00:15:65:00:00:01'] })),
      }),
    );
    expect(issueSummary(changed).map(([line, , code]) => [line, code])).toEqual([
      [2, 'duplicate_in_file'],
      [3, 'duplicate_in_file'],
    ]);
  });
});
