import type { EventName, EventPayloads } from '../../common/ipc/events';
import type { Credentials } from '../api/credentials';
import type { Logger } from '../log';
import type { Connection, ConnectionTarget } from '../profiles/connection';
import type { Services } from '../services';
import { UsageError, valueOf } from './exit';
import type { CliIo } from './io';

/** Listens to one kind of push the services send (the app's windows get the same ones). */
export type Listen = <E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void) => () => void;

export interface CliContext {
  io: CliIo;
  log: Logger;
  services: Services;
  listen: Listen;
}

/** Options every command that talks to the server accepts. */
export const connectionOptions = {
  profile: { type: 'string' },
} as const;

function credentialsFromEnv(env: NodeJS.ProcessEnv): Credentials {
  if (env.AUDIAN_API_KEY) return { method: 'api_key', apiKey: env.AUDIAN_API_KEY };
  if (env.AUDIAN_USERNAME && env.AUDIAN_PASSWORD && env.AUDIAN_ACCOUNT_NAME) {
    return { method: 'user_password', username: env.AUDIAN_USERNAME, password: env.AUDIAN_PASSWORD, accountName: env.AUDIAN_ACCOUNT_NAME };
  }
  if (env.AUDIAN_USERNAME || env.AUDIAN_PASSWORD || env.AUDIAN_ACCOUNT_NAME) {
    throw new UsageError('Set all three of AUDIAN_USERNAME, AUDIAN_PASSWORD and AUDIAN_ACCOUNT_NAME, or AUDIAN_API_KEY.');
  }
  throw new UsageError('Set AUDIAN_API_KEY (or AUDIAN_USERNAME, AUDIAN_PASSWORD and AUDIAN_ACCOUNT_NAME) with AUDIAN_BASE_URL.');
}

/** The connection named on the command line: `--profile NAME`, else the AUDIAN_* variables (for scripts), or null. */
export function givenConnection(context: CliContext, profileName: string | undefined): ConnectionTarget | null {
  if (profileName !== undefined) return { kind: 'named', name: profileName };
  const { env } = context.io;
  if (!env.AUDIAN_BASE_URL && !env.AUDIAN_ACCOUNT_ID) return null;
  return {
    kind: 'environment',
    baseUrl: env.AUDIAN_BASE_URL ?? '',
    accountId: env.AUDIAN_ACCOUNT_ID ?? '',
    credentials: credentialsFromEnv(env),
    allowPlainHttp: env.AUDIAN_ALLOW_PLAIN_HTTP === '1',
  };
}

/** Opens a connection target; the command ends with the reason when it cannot. */
export async function open(context: CliContext, target: ConnectionTarget): Promise<Connection> {
  const connection = valueOf(await context.services.connections.open(target));
  if (connection.unencrypted) {
    context.io.err(`Warning: "${connection.name}" uses plain HTTP: the API key and all data cross the network unencrypted.\n`);
  }
  return connection;
}

/** The connection a command works with: the one given, else the connection active in the app. */
export async function openConnection(context: CliContext, profileName: string | undefined): Promise<Connection> {
  const given = givenConnection(context, profileName);
  if (given) return open(context, given);
  if ((await context.services.connections.overview()).activeId === null) {
    throw new UsageError(
      'No connection given. Use --profile NAME, set AUDIAN_BASE_URL, AUDIAN_ACCOUNT_ID and AUDIAN_API_KEY, or choose one in the app.',
    );
  }
  return open(context, { kind: 'active' });
}
