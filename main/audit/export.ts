import type { AuditRecord } from '../../common/audit';
import { fieldsText } from '../../common/audit-text';
import { csvDocument } from '../../common/import/csv-document';

export const AUDIT_CSV_COLUMNS = [
  'time',
  'connection',
  'desktop user',
  'batch',
  'action',
  'source',
  'resource',
  'id',
  'name',
  'fields',
  'outcome',
  'error',
  'note',
] as const;

/** A connection's name as part of a file name: letters, digits and dashes only. */
const fileNamePart = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'connection';

/**
 * The records as the customer's change report: one line each, written as the app's other reports
 * are (`csvDocument`: Excel-ready, formulas neutralised, since names come from anyone with access
 * to the account).
 */
export function auditCsv(records: readonly AuditRecord[], connectionName: string, now: Date): { fileName: string; csv: string } {
  const lines = records.map((record) => [
    record.at,
    record.connectionName,
    record.desktopUser,
    record.batchId ?? '',
    record.action,
    record.source,
    record.resource,
    record.resourceId,
    record.name,
    fieldsText(record.fields),
    record.outcome,
    record.error ?? '',
    record.note ?? '',
  ]);
  return {
    fileName: `audit-${fileNamePart(connectionName)}-${now.toISOString().slice(0, 10)}.csv`,
    csv: csvDocument([[...AUDIT_CSV_COLUMNS], ...lines]),
  };
}
