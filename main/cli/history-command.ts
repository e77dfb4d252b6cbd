import { parseArgs } from 'node:util';
import type { AuditQuery, AuditRecord } from '../../common/audit';
import { fieldsText } from '../../common/audit-text';
import { connectionOptions, openConnection, type CliContext } from './context';
import { EXIT, UsageError, type ExitCode } from './exit';
import { table } from './io';

const USAGE = `Usage:
  audian-provision history [--device ID] [--batch ID] [--since ISO] [--json] [--profile NAME]`;

/** A date (`2026-12-06`, midnight UTC) or a date and time (`2026-12-06T14:30:00Z`, local time without an offset). */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

function sinceOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const time = ISO_TIME.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new UsageError(`--since must be an ISO 8601 date or time, like 2026-12-06 or 2026-12-06T14:30:00Z, not "${value}".`);
  }
  return new Date(time).toISOString();
}

const outcomeText = (record: AuditRecord): string =>
  record.outcome === 'failed'
    ? `failed: ${record.error ?? ''}`
    : record.outcome === 'unknown'
      ? 'unknown (no answer recorded)'
      : record.note
        ? `nothing changed: ${record.note}`
        : 'done';

const printable = (records: readonly AuditRecord[]): string =>
  table(
    ['TIME', 'ACTION', 'SOURCE', 'NAME', 'FIELDS', 'OUTCOME'],
    records.map((record) => [record.at, record.action, record.source, record.name, fieldsText(record.fields), outcomeText(record)]),
  );

/** The account's audit log, newest first: every change this app (and its command line) sent to it from this computer. */
export async function historyCommand(context: CliContext, args: string[]): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...connectionOptions,
      device: { type: 'string' },
      batch: { type: 'string' },
      since: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  if (positionals.length > 0) throw new UsageError(`history takes no positional arguments.\n${USAGE}`);
  const since = sinceOf(values.since);
  const query: AuditQuery = {
    ...(values.device === undefined ? {} : { resourceId: values.device }),
    ...(values.batch === undefined ? {} : { batchId: values.batch }),
    ...(since === undefined ? {} : { since }),
  };
  const connection = await openConnection(context, values.profile);
  const { records } = context.services.audit.list(connection.client.accountId, query);
  const { io } = context;
  if (values.json) io.out(`${JSON.stringify(records, null, 2)}\n`);
  else if (records.length === 0) {
    const filtered = Object.keys(query).length > 0;
    io.out(filtered ? 'No recorded change matches these filters.\n' : 'No changes to this account are recorded on this computer.\n');
  } else io.out(printable(records));
  return EXIT.ok;
}
