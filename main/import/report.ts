import type { CanonicalColumn } from '../../common/import/columns';
import type { ResourceKind, ResourceOutcome, RowResult } from '../../common/import/types';
import { csvDocument } from '../../common/import/csv-document';
import { parseText } from '../../common/import/parse';
import { ignoredSecretColumns } from '../../common/import/secret-columns';
import { rowLabel } from '../../common/import/row-label';
import { fail, ok, type Result } from '../../common/ipc/result';
import type { DeviceFields } from '../../common/devices';
import { isPerson } from './batch-results';
import { isSealed, type Sealer } from '../secrets/sealer';
import type { BatchSpec } from './operations';
import { finish } from '../../common/steps';

export interface ReportOptions {
  /** SIP passwords, user passwords and voicemail PINs appear only when the technician asks; a report is often mailed around. */
  includePasswords: boolean;
  /** Opens the passwords a batch's documents hold sealed (an undo's re-create); without it, or when it cannot, their cells stay empty. */
  sealer?: Sealer;
}

export interface Report {
  fileName: string;
  csv: string;
}

/**
 * Leading columns the importer does not know; it lists and ignores them on re-import.
 * result_phone names the phone as it is labelled.
 */
export const REPORT_COLUMNS = ['failure_reason', 'result', 'result_phone', 'device_id'] as const;
/** Added after those when the batch has people: the state of each of the row's documents, and their ids. */
export const PERSON_REPORT_COLUMNS = [
  'result_user',
  'result_voicemail',
  'result_device',
  'result_extension',
  'result_user_id',
  'result_voicemail_id',
  'result_extension_id',
] as const;

const RESULT_WORDS: Record<ResourceOutcome, string> = {
  created: 'created',
  updated: 'updated',
  deleted: 'deleted',
  skipped: 'skipped',
  failed: 'failed',
  rolled_back: 'rolled back',
  not_sent: 'not sent',
  pending: 'not sent',
};
const NOT_FINISHED =
  'Not finished: the batch stopped before this row was confirmed. Import this file again: rows already on the server are matched, not created twice.';

/**
 * What a report may fill into a row that the app generated: only for documents the batch did create.
 * An empty string blanks the sheet's cell: the password or PIN of a user or box already on the
 * account (skipped or changed) was never applied, so it is not theirs.
 */
interface Generated {
  sip?: { username?: string; password?: string };
  userPassword?: string;
  vmPin?: string;
}

/**
 * The batch's results as a CSV the technician opens in Excel, fixes and imports again as it is:
 * one line per sheet row, failures (and rows not finished) first; why a row failed, then the
 * state of each of its documents, then their own columns and cells, untouched except for
 * credentials. Passwords and PINs are blanked unless asked for; then the ones the app generated
 * are filled in, as are generated SIP usernames, since a phone cannot be set up without them.
 */
export function buildReport(spec: BatchSpec, results: readonly RowResult[], options: ReportOptions): Report {
  const byRow = new Map(results.map((result) => [result.row, result]));
  const generated = generatedOf(spec, byRow, options.includePasswords ? options.sealer : undefined);
  const hasPeople = spec.units.some(isPerson);

  const sources = sourceCellsOf(spec);
  const width = Math.max(spec.headers.length, ...sources.map((cells) => cells.length));
  // A secret the sheet has no column for gets one of its own, under its canonical name, so the report re-imports with it.
  const secret = (name: CanonicalColumn, value: (made: Generated | undefined) => string | undefined) => ({
    name,
    column: spec.mapping.indexOf(name),
    value,
  });
  const secrets = [
    secret('sip_password', (made) => made?.sip?.password),
    secret('user_password', (made) => made?.userPassword),
    secret('vm_pin', (made) => made?.vmPin),
  ];
  const usernameColumn = spec.mapping.indexOf('sip_username');
  const addUsername = usernameColumn === -1 && generated.some((made) => made?.sip?.username);
  const added = secrets.filter(
    (entry) => options.includePasswords && entry.column === -1 && generated.some((made) => Boolean(entry.value(made))),
  );

  // Columns left out of the import that look like passwords are left out of the report too, unless passwords were asked for.
  const dropped = new Set(options.includePasswords ? [] : ignoredSecretColumns(spec.headers, spec.mapping, spec.rows));
  const kept = (cells: string[]) => (dropped.size === 0 ? cells : cells.filter((_, index) => !dropped.has(index)));

  const header: string[] = [...REPORT_COLUMNS, ...(hasPeople ? PERSON_REPORT_COLUMNS : []), ...kept(padded(spec.headers, width))];
  if (addUsername) header.push('sip_username');
  for (const entry of added) header.push(entry.name);

  const lines = sources.map((source, row) => {
    const made = generated[row];
    const all = padded(source, width);
    if (usernameColumn >= 0 && all[usernameColumn] === '' && made?.sip?.username) all[usernameColumn] = made.sip.username;
    for (const entry of secrets) {
      if (entry.column >= 0) all[entry.column] = options.includePasswords ? (entry.value(made) ?? all[entry.column]!) : '';
    }
    const cells = kept(all);
    if (addUsername) cells.push(made?.sip?.username ?? '');
    for (const entry of added) cells.push(entry.value(made) ?? '');
    const result = byRow.get(row);
    return {
      outcome: result?.outcome,
      cells: [
        failureReason(spec, result),
        result ? RESULT_WORDS[result.outcome] : '',
        result ? rowLabel(result.name, result) : '',
        result?.deviceId ?? '',
        ...(hasPeople ? personCells(result) : []),
        ...cells,
      ],
    };
  });
  const needsAttention = (outcome: RowResult['outcome'] | undefined) => outcome === 'failed' || outcome === 'pending';
  const ordered = [...lines.filter((line) => needsAttention(line.outcome)), ...lines.filter((line) => !needsAttention(line.outcome))];
  return { fileName: reportFileName(spec.fileName || spec.name), csv: csvDocument([header, ...ordered.map((line) => line.cells)]) };
}

/** Each row's own cells; a batch not from a sheet (a bulk action, an undo) has none: one row per unit, named by its results. */
const sourceCellsOf = (spec: BatchSpec): string[][] =>
  spec.rows.length > 0 ? spec.rows.map((row) => row.cells) : spec.sheetRows.map(() => []);

/** The state of the row's user, voicemail box, device and extension, then the ids of the three person documents. */
function personCells(result: RowResult | undefined): string[] {
  const of = (kind: ResourceKind) => result?.resources.find((resource) => resource.resource === kind);
  const word = (kind: ResourceKind) => {
    const resource = of(kind);
    return resource ? RESULT_WORDS[resource.outcome] : '';
  };
  // An id is given only while the document is on the server.
  const id = (kind: ResourceKind) => {
    const resource = of(kind);
    return resource && resource.outcome !== 'rolled_back' && resource.outcome !== 'failed' ? (resource.id ?? '') : '';
  };
  return [word('user'), word('vmbox'), word('device'), word('callflow'), id('user'), id('vmbox'), id('callflow')];
}

/** What the batch generated and did create, by sheet row: SIP credentials, a person's password and PIN (on each of their rows). */
function generatedOf(spec: BatchSpec, byRow: ReadonlyMap<number, RowResult>, sealer: Sealer | undefined): Array<Generated | undefined> {
  const generated: Array<Generated | undefined> = spec.sheetRows.map(() => undefined);
  const createdOn = (row: number, kind: ResourceKind) =>
    byRow.get(row)?.resources.some((resource) => resource.resource === kind && resource.outcome === 'created') ?? false;
  for (const unit of spec.units) {
    for (const step of unit.steps) {
      if (step.action === 'skip' || step.action === 'update') {
        for (const row of step.rows) {
          if (step.resource === 'user') (generated[row] ??= {}).userPassword = '';
          if (step.resource === 'vmbox') (generated[row] ??= {}).vmPin = '';
        }
      }
      if (step.action !== 'create') continue;
      for (const row of step.rows) {
        if (!createdOn(row, step.resource)) continue;
        const made = (generated[row] ??= {});
        // A sealed value is opened only for a report with passwords; it never reaches a cell as an object or as its sealed text.
        const text = (value: unknown): string | undefined => {
          const plain = isSealed(value) ? sealer?.unseal(value) : value;
          return typeof plain === 'string' && plain !== '' ? plain : undefined;
        };
        if (step.resource === 'device') {
          const sip = (step.document as DeviceFields).sip;
          if (sip) made.sip = { username: text(sip.username), password: text(sip.password) };
        }
        if (step.resource === 'user') made.userPassword = text(step.document['password']);
        if (step.resource === 'vmbox') made.vmPin = text(step.document['pin']);
      }
    }
  }
  return generated;
}

/** The devices a report names (its device_id column), so a batch can be followed from the report the technician kept. */
export function deviceIdsOfReport(fileName: string, text: string): Result<string[]> {
  const parsed = finish(parseText(text.replace(/^\uFEFF/, '')));
  if (!parsed.ok) return fail('invalid_request', `${fileName}: ${parsed.error.message}`);
  const [header = [], ...records] = parsed.value.records;
  const column = header.findIndex((cell) => cell.trim().toLowerCase() === 'device_id');
  if (column === -1) return fail('invalid_request', `${fileName} has no device_id column: give the report the import wrote.`);
  return ok(records.map((record) => (record[column] ?? '').trim()).filter((id) => id !== ''));
}

function failureReason(spec: BatchSpec, result: RowResult | undefined): string {
  if (result?.outcome === 'pending') return NOT_FINISHED;
  if (result?.outcome !== 'failed' || !result.error) return '';
  const { message, column } = result.error;
  const at = column === null ? -1 : spec.mapping.indexOf(column);
  const header = spec.headers[at];
  return at >= 0 && header !== undefined ? `Column "${header}": ${message}` : message;
}

const padded = (cells: readonly string[], width: number): string[] => [
  ...cells,
  ...Array<string>(Math.max(0, width - cells.length)).fill(''),
];

/** `phones.csv` gives `phones-results.csv`; characters no file system takes become `_`. */
function reportFileName(fileName: string): string {
  const base = [...fileName.replace(/\.[^./\\]*$/, '')].map((ch) => (ch < ' ' || '\\/:*?"<>|'.includes(ch) ? '_' : ch)).join('');
  return `${base || 'import'}-results.csv`;
}
