import { parseArgs } from 'node:util';
import type { BulkAction } from '../../common/devices-view';
import { connectionOptions, openConnection, type CliContext } from './context';
import { EXIT, UsageError, valueOf, type ExitCode } from './exit';
import { confirm, plural, table, writeFileOwnerOnly } from './io';

const USAGE = `Usage:
  audian-provision devices list [--type T] [--enabled true|false] [--owner USER_ID] [--json] [--profile NAME]
  audian-provision devices get ID [--profile NAME]
  audian-provision devices export --out FILE.csv [--passwords] [--profile NAME]
  audian-provision devices enable|disable ID... [--profile NAME]
  audian-provision devices delete ID... [--yes] [--profile NAME]`;

function parseEnabled(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new UsageError(`--enabled must be true or false, not "${value}".`);
}

/** Prints the document as JSON, without its SIP password: a terminal's scrollback is no place for one. */
async function get(context: CliContext, args: string[]): Promise<ExitCode> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...connectionOptions } });
  const [id, ...extra] = positionals;
  if (!id || extra.length > 0) throw new UsageError(`devices get takes one device ID.\n${USAGE}`);
  const connection = await openConnection(context, values.profile);
  const device = valueOf(await context.services.devices.get(connection, id));
  context.io.out(`${JSON.stringify({ ...device.document, revision: device.revision }, null, 2)}\n`);
  return EXIT.ok;
}

async function exportCsv(context: CliContext, args: string[]): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...connectionOptions, out: { type: 'string' }, passwords: { type: 'boolean' } },
  });
  if (!values.out || positionals.length > 0) throw new UsageError(`devices export needs --out FILE.csv.\n${USAGE}`);
  const connection = await openConnection(context, values.profile);
  const exported = valueOf(await context.services.devices.export(connection, { includePasswords: values.passwords === true }));
  // Owner-only: with --passwords the file holds every phone's SIP credentials.
  writeFileOwnerOnly(values.out, exported.csv);
  for (const item of exported.omitted) context.io.err(`${item.name} (${item.id}): ${item.message}\n`);
  context.io.err(`${plural(exported.written, 'device')} written to ${values.out}\n`);
  return exported.omitted.length > 0 ? EXIT.refused : EXIT.ok;
}

async function bulk(context: CliContext, action: Extract<BulkAction, 'enable' | 'disable' | 'delete'>, args: string[]): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...connectionOptions, ...(action === 'delete' ? { yes: { type: 'boolean' } } : {}) },
  });
  if (positionals.length === 0) throw new UsageError(`devices ${action} needs at least one device ID.\n${USAGE}`);
  if (action === 'delete' && values.yes !== true) {
    // A script cannot answer; deleting phones must never be the default of a typo.
    if (!process.stdin.isTTY) throw new UsageError('Deleting devices needs --yes when not run from a terminal. Nothing was deleted.');
    if (!(await confirm(`Delete ${plural(positionals.length, 'device')}?`))) {
      context.io.err('Nothing deleted.\n');
      return EXIT.ok;
    }
  }
  const connection = await openConnection(context, values.profile);
  const result = valueOf(await context.services.devices.bulk(connection, { ids: positionals, action, confirm: true }));
  context.io.out(
    table(
      ['ID', 'RESULT', 'MESSAGE'],
      result.results.map((item) => [item.id, item.ok ? 'ok' : 'failed', item.message]),
    ),
  );
  context.io.err(`${result.counts.ok} done, ${result.counts.failed} failed\n`);
  return result.counts.failed > 0 ? EXIT.refused : EXIT.ok;
}

async function list(context: CliContext, args: string[]): Promise<ExitCode> {
  const { values } = parseArgs({
    args,
    options: {
      ...connectionOptions,
      type: { type: 'string' },
      enabled: { type: 'string' },
      owner: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const filter = { type: values.type, enabled: parseEnabled(values.enabled), owner: values.owner };
  const connection = await openConnection(context, values.profile);
  const snapshot = valueOf(await context.services.devices.list(connection, { refresh: true, filter }));
  const sorted = [...snapshot.devices].sort((a, b) => a.name.localeCompare(b.name));
  if (values.json) {
    context.io.out(`${JSON.stringify(sorted, null, 2)}\n`);
    return EXIT.ok;
  }
  const rows = sorted.map((device) => [
    device.name,
    device.deviceType,
    device.sipUsername ?? '',
    device.macAddress ?? '',
    device.extension ?? '',
    device.enabled ? 'enabled' : 'disabled',
    device.id,
  ]);
  context.io.out(table(['NAME', 'TYPE', 'SIP USERNAME', 'MAC', 'EXT', 'STATE', 'ID'], rows));
  context.io.err(`${plural(sorted.length, 'device')}\n`);
  return EXIT.ok;
}

export function devicesCommand(context: CliContext, args: string[]): Promise<ExitCode> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'list':
      return list(context, rest);
    case 'get':
      return get(context, rest);
    case 'export':
      return exportCsv(context, rest);
    case 'enable':
    case 'disable':
    case 'delete':
      return bulk(context, sub, rest);
    default:
      throw new UsageError(`Unknown devices command "${sub ?? ''}".\n${USAGE}`);
  }
}
