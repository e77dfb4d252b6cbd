import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { BulkAction } from '../../common/devices-view';
import type { AppError } from '../../common/ipc/result';
import { formatMac } from '../../common/mac';
import type { KazooClient } from '../api/client';
import { deviceFilterQuery, listDevices } from '../api/devices';
import { listUsers } from '../api/users';
import { runBulk } from '../devices/bulk';
import { readDevice, withoutPassword } from '../devices/device-revision';
import { exportDevices } from '../devices/export';
import { connect, connectionOptions, type CliContext } from './context';
import { EXIT, UsageError, type ExitCode } from './exit';
import { confirm, table } from './io';

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

function report(context: CliContext, error: AppError): ExitCode {
  context.io.err(`${error.message}${error.detail ? ` (${error.detail})` : ''}\n`);
  return error.kind === 'invalid_request' ? EXIT.usage : EXIT.refused;
}

async function connected(context: CliContext, profile: string | undefined): Promise<KazooClient | ExitCode> {
  const client = await connect(context, profile);
  return client.ok ? client.value : report(context, client.error);
}

/** Prints the document as JSON, without its SIP password: a terminal's scrollback is no place for one. */
async function get(context: CliContext, args: string[]): Promise<ExitCode> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...connectionOptions } });
  const [id, ...extra] = positionals;
  if (!id || extra.length > 0) throw new UsageError(`devices get takes one device ID.\n${USAGE}`);
  const client = await connected(context, values.profile);
  if (typeof client === 'number') return client;
  const device = await readDevice(client, id);
  if (!device.ok) return report(context, device.error);
  context.io.out(`${JSON.stringify({ ...withoutPassword(device.value.document), revision: device.value.revision }, null, 2)}\n`);
  return EXIT.ok;
}

async function exportCsv(context: CliContext, args: string[]): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...connectionOptions, out: { type: 'string' }, passwords: { type: 'boolean' } },
  });
  if (!values.out || positionals.length > 0) throw new UsageError(`devices export needs --out FILE.csv.\n${USAGE}`);
  const client = await connected(context, values.profile);
  if (typeof client === 'number') return client;
  const [devices, users] = await Promise.all([listDevices(client), listUsers(client)]);
  if (!devices.ok) return report(context, devices.error);
  if (!users.ok) return report(context, users.error);
  const exported = await exportDevices(client, {
    devices: devices.value,
    users: users.value,
    includePasswords: values.passwords === true,
    now: new Date(),
  });
  // Owner-only: with --passwords the file holds every phone's SIP credentials.
  writeFileSync(values.out, exported.csv, { mode: 0o600 });
  for (const item of exported.omitted) context.io.err(`${item.name} (${item.id}): ${item.message}\n`);
  const written = devices.value.length - exported.omitted.length;
  context.io.err(`${written} device${written === 1 ? '' : 's'} written to ${values.out}\n`);
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
    if (!(await confirm(`Delete ${positionals.length} device${positionals.length === 1 ? '' : 's'}?`))) {
      context.io.err('Nothing deleted.\n');
      return EXIT.ok;
    }
  }
  const client = await connected(context, values.profile);
  if (typeof client === 'number') return client;
  const result = await runBulk(
    client,
    positionals.map((id) => ({ id, name: id })),
    action,
  );
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
  const filters = deviceFilterQuery({ type: values.type, enabled: parseEnabled(values.enabled), owner: values.owner });
  const client = await connect(context, values.profile);
  if (!client.ok) {
    context.io.err(`${client.error.message}\n`);
    return client.error.kind === 'invalid_request' ? EXIT.usage : EXIT.refused;
  }
  const devices = await listDevices(client.value, filters);
  if (!devices.ok) {
    context.io.err(`${devices.error.message}${devices.error.detail ? ` (${devices.error.detail})` : ''}\n`);
    return EXIT.refused;
  }
  const sorted = [...devices.value].sort((a, b) => a.name.localeCompare(b.name));
  if (values.json) {
    context.io.out(`${JSON.stringify(sorted, null, 2)}\n`);
    return EXIT.ok;
  }
  const rows = sorted.map((d) => [
    d.name,
    d.deviceType,
    d.sipUsername ?? '',
    d.macAddress ? formatMac(d.macAddress) : '',
    d.enabled ? 'enabled' : 'disabled',
    d.id,
  ]);
  context.io.out(table(['NAME', 'TYPE', 'SIP USERNAME', 'MAC', 'STATE', 'ID'], rows));
  context.io.err(`${sorted.length} device${sorted.length === 1 ? '' : 's'}\n`);
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
