import { csvDocument } from '../../common/import/csv-document';
import { rowStateWords, type RegistrationRow } from '../../common/registrations';

const HEADER = [
  'device_id',
  'name',
  'user',
  'extension',
  'mac_address',
  'state',
  'first_registration',
  'last_seen',
  'ip',
  'user_agent',
  'checked_at',
];

/** The customer's sign-off sheet: every device of the batch, where to find it, and whether it came up, as Excel opens it. */
export function registrationReport(batchName: string, rows: readonly RegistrationRow[], at: Date): { fileName: string; csv: string } {
  const checkedAt = at.toISOString();
  const lines = [
    HEADER,
    ...rows.map((row) => [
      row.deviceId,
      row.name,
      row.ownerName ?? '',
      row.extension ?? '',
      row.macAddress ?? '',
      rowStateWords(row),
      row.firstRegistration ?? '',
      row.lastSeen ?? '',
      row.ip ?? '',
      row.userAgent ?? '',
      checkedAt,
    ]),
  ];
  const safeName = batchName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'batch';
  return { fileName: `${safeName}-registrations-${checkedAt.slice(0, 10)}.csv`, csv: csvDocument(lines) };
}
