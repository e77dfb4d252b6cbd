import { parseArgs } from 'node:util';
import { formatMac } from '../../common/mac';
import { deviceFilterQuery, listDevices } from '../api/devices';
import { connect, connectionOptions, type CliContext } from './context';
import { EXIT, UsageError, type ExitCode } from './exit';
import { table } from './io';

const USAGE = `Usage:
  audian-provision devices list [--type T] [--enabled true|false] [--owner USER_ID] [--json] [--profile NAME]`;

function parseEnabled(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new UsageError(`--enabled must be true or false, not "${value}".`);
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
    default:
      throw new UsageError(`Unknown devices command "${sub ?? ''}".\n${USAGE}`);
  }
}
