import type { RowResult } from '../../common/import/types';
import { csvDocument } from '../../common/import/csv-document';
import { parseText } from '../../common/import/parse';
import { ignoredSecretColumns } from '../../common/import/secret-columns';
import { rowLabel } from '../../common/import/row-label';
import { fail, ok, type Result } from '../../common/ipc/result';
import type { DeviceFields } from '../../common/devices';
import type { BatchSpec } from './operations';

export interface ReportOptions {
  /** SIP passwords appear only when the technician asks; a report is often mailed around. */
  includePasswords: boolean;
}

export interface Report {
  fileName: string;
  csv: string;
}

/** Leading columns the importer does not know; it lists and ignores them on re-import. result_phone names the phone as it is labelled. */
export const REPORT_COLUMNS = ['failure_reason', 'result', 'result_phone', 'device_id'] as const;

const RESULT_WORDS: Record<RowResult['outcome'], string> = {
  created: 'created',
  updated: 'updated',
  skipped: 'skipped',
  failed: 'failed',
  pending: 'not sent',
};
const NOT_FINISHED =
  'Not finished: the batch stopped before this row was confirmed. Import this file again: rows already on the server are matched, not created twice.';

/**
 * The batch's results as a CSV the technician opens in Excel, fixes and imports again as it is:
 * why a row failed comes first, then their own columns and cells, untouched except for SIP
 * credentials. Passwords are blanked unless asked for; then the ones the app generated are filled
 * in, as are generated SIP usernames, since a phone cannot be set up without them.
 */
export function buildReport(spec: BatchSpec, results: readonly RowResult[], options: ReportOptions): Report {
  const byRow = new Map(results.map((result) => [result.row, result]));
  const deviceCreates = new Map<number, DeviceFields>();
  for (const unit of spec.units) {
    for (const step of unit.steps) {
      if (step.resource === 'device' && step.action === 'create') deviceCreates.set(step.rows[0]!, step.document as DeviceFields);
    }
  }

  const width = Math.max(spec.headers.length, ...spec.rows.map((row) => row.cells.length));
  const passwordColumn = spec.mapping.indexOf('sip_password');
  const usernameColumn = spec.mapping.indexOf('sip_username');
  const created = (row: number) => {
    const device = byRow.get(row)?.resources.find((resource) => resource.resource === 'device');
    return device?.outcome === 'created' ? deviceCreates.get(row)?.sip : undefined;
  };
  const createdSip = spec.rows.map((_, row) => created(row));
  const addUsername = usernameColumn === -1 && createdSip.some((sip) => sip?.username);
  const addPassword = options.includePasswords && passwordColumn === -1 && createdSip.some((sip) => sip?.password);

  // Columns left out of the import that look like passwords are left out of the report too, unless passwords were asked for.
  const dropped = new Set(options.includePasswords ? [] : ignoredSecretColumns(spec.headers, spec.mapping, spec.rows));
  const kept = (cells: string[]) => (dropped.size === 0 ? cells : cells.filter((_, index) => !dropped.has(index)));

  const header = [...REPORT_COLUMNS, ...kept(padded(spec.headers, width))];
  if (addUsername) header.push('sip_username');
  if (addPassword) header.push('sip_password');

  const lines = [header];
  spec.rows.forEach((source, row) => {
    const sip = createdSip[row];
    const all = padded(source.cells, width);
    if (usernameColumn >= 0 && all[usernameColumn] === '' && sip?.username) all[usernameColumn] = sip.username;
    if (passwordColumn >= 0) all[passwordColumn] = options.includePasswords ? (sip?.password ?? all[passwordColumn]!) : '';
    const cells = kept(all);
    if (addUsername) cells.push(sip?.username ?? '');
    if (addPassword) cells.push(sip?.password ?? '');
    const result = byRow.get(row);
    lines.push([
      failureReason(spec, result),
      result ? RESULT_WORDS[result.outcome] : '',
      result ? rowLabel(result.name, result) : '',
      result?.deviceId ?? '',
      ...cells,
    ]);
  });
  return { fileName: reportFileName(spec.fileName), csv: csvDocument(lines) };
}

/** The devices a report names (its device_id column), so a batch can be followed from the report the technician kept. */
export function deviceIdsOfReport(fileName: string, text: string): Result<string[]> {
  const parsed = parseText(text.replace(/^\uFEFF/, ''));
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
