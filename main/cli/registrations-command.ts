import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CHANGE_WORDS, rowStateWords, type RegistrationRow } from '../../common/registrations';
import { deviceIdsOfReport } from '../import/report';
import { connectionOptions, openConnection, type CliContext } from './context';
import { EXIT, UsageError, valueOf, type ExitCode } from './exit';
import { table } from './io';

const USAGE = `Usage:
  audian-provision registrations [--batch REPORT.csv|BATCH_ID] [--watch] [--json] [--until-all-registered]
                                 [--timeout SECONDS] [--interval SECONDS] [--profile NAME]`;
const BATCH_ID = /^[0-9a-f]{32}$/;
const DEFAULT_UNTIL_TIMEOUT_SECONDS = 600;

function positiveSeconds(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new UsageError(`${name} must be a number of seconds above 0, not "${value}".`);
  return parsed;
}

/** A batch id from the app's journals, or the import report CSV the technician kept (its device_id column). */
function batchDevices(context: CliContext, batch: string): string[] {
  if (BATCH_ID.test(batch)) {
    const found = context.services.imports.batches().find((item) => item.batchId === batch);
    if (!found) throw new UsageError(`There is no import batch ${batch} on this computer. See: audian-provision import --list`);
    return found.deviceIds;
  }
  let text: string;
  try {
    text = readFileSync(batch, 'utf8');
  } catch {
    throw new UsageError(`Cannot read "${batch}": give an import report CSV or a batch id.`);
  }
  return valueOf(deviceIdsOfReport(batch, text));
}

const printable = (rows: readonly RegistrationRow[]): string =>
  table(
    ['NAME', 'USER', 'EXT', 'MAC', 'STATE', 'LAST SEEN', 'IP', 'USER AGENT', 'EXPIRES IN', 'FLAGS', 'ID'],
    rows.map((row) => [
      row.name,
      row.ownerName ?? '',
      row.extension ?? '',
      row.macAddress ?? '',
      rowStateWords(row),
      row.lastSeen ?? '',
      row.ip ?? '',
      row.userAgent ?? '',
      row.secondsToExpiry === null ? '' : `${row.secondsToExpiry} s`,
      [row.stale ? 'stale' : '', row.flapping ? 'flapping' : '', row.known ? '' : 'not in account'].filter(Boolean).join(','),
      row.deviceId,
    ]),
  );

/** Every device still to come up: disabled ones are not expected to. */
const missingOf = (rows: readonly RegistrationRow[]) => rows.filter((row) => row.state === 'not_registered');

/** Shows which phones have registered; with --until-all-registered, a script's wait for the site to come up. */
export async function registrationsCommand(context: CliContext, args: string[]): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...connectionOptions,
      batch: { type: 'string' },
      watch: { type: 'boolean' },
      json: { type: 'boolean' },
      'until-all-registered': { type: 'boolean' },
      timeout: { type: 'string' },
      interval: { type: 'string' },
    },
  });
  if (positionals.length > 0) throw new UsageError(`registrations takes no positional arguments.\n${USAGE}`);
  const timeout = positiveSeconds('--timeout', values.timeout);
  const interval = positiveSeconds('--interval', values.interval);
  const until = values['until-all-registered'] === true;
  const deviceIds = values.batch === undefined ? null : batchDevices(context, values.batch);
  const { io } = context;

  const connection = await openConnection(context, values.profile);

  let finish: (code: ExitCode) => void = () => {};
  const finished = new Promise<ExitCode>((resolve) => (finish = resolve));
  let lastStatus = '';
  const follow = context.services.registrations.follow(
    connection,
    { deviceIds, ...(interval ? { intervalSeconds: interval } : {}) },
    (event) => {
      if (event.type === 'status') {
        if (event.status.state === 'backing_off' && event.status.message !== lastStatus) io.err(`${event.status.message}\n`);
        lastStatus = event.status.message;
        // A one-off listing has nobody waiting for the server to come back.
        if (event.status.state === 'backing_off' && !values.watch && !until) finish(EXIT.refused);
        return;
      }
      if (values.watch) {
        for (const change of event.changes) {
          if (values.json) io.out(`${JSON.stringify(change)}\n`);
          else
            io.out(
              `${change.at}  ${change.name}  ${CHANGE_WORDS[change.kind]}${change.to ? ` (${change.from ?? ''} -> ${change.to})` : ''}\n`,
            );
        }
      }
      if (until && missingOf(follow.rows()).length === 0) finish(EXIT.ok);
      else if (!until && !values.watch) finish(EXIT.ok);
    },
  );

  const limitSeconds = timeout ?? (until ? DEFAULT_UNTIL_TIMEOUT_SECONDS : undefined);
  const timer = limitSeconds === undefined ? undefined : setTimeout(() => finish(EXIT.refused), limitSeconds * 1000);
  const stopOnSignal = () => finish(EXIT.ok);
  process.once('SIGINT', stopOnSignal);
  let code: ExitCode;
  try {
    code = await finished;
  } finally {
    clearTimeout(timer);
    process.off('SIGINT', stopOnSignal);
    await follow.stop();
  }

  if (!follow.hasData()) {
    io.err(`${follow.status().message}\n`);
    return EXIT.refused;
  }
  const rows = follow.rows();
  const view = follow.view();
  const { summary } = view;
  if (values.json) io.out(`${JSON.stringify({ ...view, rows }, null, 2)}\n`);
  else if (!values.watch || until) io.out(printable(until && code !== EXIT.ok ? missingOf(rows) : rows));
  if (until && code !== EXIT.ok)
    io.err(
      `Timed out: ${summary}; still missing: ${missingOf(rows)
        .map((row) => row.name)
        .join(', ')}\n`,
    );
  else io.err(`${summary}\n`);
  return code;
}
