import { parseArgs } from 'node:util';
import { connectionInputSchema, type ConnectionInputDraft } from '../../common/profiles';
import type { CliContext } from './context';
import { EXIT, UsageError, type ExitCode } from './exit';
import { table } from './io';

const USAGE = `Usage:
  audian-provision profile add NAME --base-url URL --account-id ID (--api-key-stdin | --username U --account-name A --password-stdin | --token-stdin) [--ca-file FILE] [--allow-plain-http]
  audian-provision profile list [--json]
  audian-provision profile remove NAME`;

const firstLine = (text: string) => text.replace(/\r?\n$/, '').split(/\r?\n/)[0] ?? '';

async function add(context: CliContext, args: string[]): Promise<ExitCode> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'base-url': { type: 'string' },
      'account-id': { type: 'string' },
      'api-key-stdin': { type: 'boolean' },
      'token-stdin': { type: 'boolean' },
      username: { type: 'string' },
      'account-name': { type: 'string' },
      'password-stdin': { type: 'boolean' },
      'ca-file': { type: 'string' },
      'allow-plain-http': { type: 'boolean' },
    },
  });
  const [name, ...extra] = positionals;
  if (!name || extra.length > 0) throw new UsageError(`profile add needs exactly one NAME.\n${USAGE}`);
  const methods = [values['api-key-stdin'], values['password-stdin'], values['token-stdin']].filter(Boolean).length;
  if (methods !== 1)
    throw new UsageError(
      'Give exactly one of --api-key-stdin, --password-stdin (with --username and --account-name) or --token-stdin; secrets are read from standard input, never from arguments.',
    );
  const auth: ConnectionInputDraft['auth'] = values['password-stdin']
    ? { method: 'user_password', username: values.username ?? '', accountName: values['account-name'] ?? '' }
    : values['token-stdin']
      ? { method: 'token' }
      : { method: 'api_key' };
  const secret = firstLine(await context.io.readStdin());
  const parsed = connectionInputSchema.safeParse({
    name,
    baseUrl: values['base-url'] ?? '',
    accountId: values['account-id'] ?? '',
    auth,
    secret,
    ...(values['ca-file'] ? { caFile: values['ca-file'] } : {}),
    ...(values['allow-plain-http'] ? { allowPlainHttp: true } : {}),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`${issue?.path.join('.') || 'input'}: ${issue?.message ?? 'invalid'}`);
  }
  const saved = await context.services.connections.save(parsed.data);
  if (!saved.ok) {
    context.io.err(`${saved.error.message}\n`);
    return saved.error.kind === 'keychain' || saved.error.kind === 'internal' ? EXIT.refused : EXIT.usage;
  }
  const storage = (await context.services.connections.overview()).secretStorage;
  if (storage.notice) context.io.err(`${storage.notice}\n`);
  context.io.out(`Saved connection "${saved.value.name}" (${saved.value.baseUrl}, account ${saved.value.accountId}).\n`);
  return EXIT.ok;
}

async function list(context: CliContext, args: string[]): Promise<ExitCode> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } });
  const overview = await context.services.connections.overview();
  if (values.json) {
    context.io.out(
      `${JSON.stringify(
        overview.connections.map((c) => ({ ...c, active: c.id === overview.activeId })),
        null,
        2,
      )}\n`,
    );
    return EXIT.ok;
  }
  if (overview.connections.length === 0) {
    context.io.out(
      'No saved connections. Add one with: audian-provision profile add NAME --base-url URL --account-id ID --api-key-stdin\n',
    );
    return EXIT.ok;
  }
  const rows = overview.connections.map((c) => [
    c.id === overview.activeId ? '*' : '',
    c.name,
    c.baseUrl,
    c.accountId,
    c.auth.method === 'user_password' ? `user ${c.auth.username}` : c.auth.method === 'token' ? 'token' : 'API key',
    c.secretAvailable ? 'saved' : 'missing',
  ]);
  context.io.out(table(['', 'NAME', 'BASE URL', 'ACCOUNT', 'SIGN-IN', 'SECRET'], rows));
  return EXIT.ok;
}

async function remove(context: CliContext, args: string[]): Promise<ExitCode> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const [name, ...extra] = positionals;
  if (!name || extra.length > 0) throw new UsageError(`profile remove needs exactly one NAME.\n${USAGE}`);
  const profile = await context.services.profiles.getByName(name);
  if (!profile) throw new UsageError(`There is no saved connection named "${name}".`);
  const removed = await context.services.connections.remove(profile.id);
  if (!removed.ok) {
    context.io.err(`${removed.error.message}\n`);
    return EXIT.refused;
  }
  context.io.out(`Removed connection "${profile.name}" and its saved secret.\n`);
  return EXIT.ok;
}

export function profileCommand(context: CliContext, args: string[]): Promise<ExitCode> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'add':
      return add(context, rest);
    case 'list':
      return list(context, rest);
    case 'remove':
      return remove(context, rest);
    default:
      throw new UsageError(`Unknown profile command "${sub ?? ''}".\n${USAGE}`);
  }
}
