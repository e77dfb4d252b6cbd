import { fail, ok, type Result } from '../../common/ipc/result';
import { accountIdSchema, baseUrlSchema } from '../../common/profiles';
import { KazooClient } from '../api/client';
import type { Credentials } from '../api/credentials';
import type { Logger } from '../log';
import type { Services } from '../services';
import { UsageError } from './exit';
import type { CliIo } from './io';

export interface CliContext {
  io: CliIo;
  log: Logger;
  services: Services;
}

/** Options every command that talks to the server accepts. */
export const connectionOptions = {
  profile: { type: 'string' },
} as const;

function credentialsFromEnv(env: NodeJS.ProcessEnv): Credentials | null {
  if (env.AUDIAN_API_KEY) return { method: 'api_key', apiKey: env.AUDIAN_API_KEY };
  if (env.AUDIAN_USERNAME || env.AUDIAN_PASSWORD || env.AUDIAN_ACCOUNT_NAME) {
    if (!env.AUDIAN_USERNAME || !env.AUDIAN_PASSWORD || !env.AUDIAN_ACCOUNT_NAME) {
      throw new UsageError('Set all three of AUDIAN_USERNAME, AUDIAN_PASSWORD and AUDIAN_ACCOUNT_NAME, or AUDIAN_API_KEY.');
    }
    return { method: 'user_password', username: env.AUDIAN_USERNAME, password: env.AUDIAN_PASSWORD, accountName: env.AUDIAN_ACCOUNT_NAME };
  }
  return null;
}

/**
 * The client a command works with: `--profile NAME`, else the AUDIAN_* environment variables
 * (for scripts), else the connection active in the app.
 */
export async function connect(context: CliContext, profileName: string | undefined): Promise<Result<KazooClient>> {
  const { services, io, log } = context;
  if (profileName !== undefined) {
    const profile = await services.profiles.getByName(profileName);
    if (!profile) throw new UsageError(`There is no saved connection named "${profileName}". See: audian-provision profile list`);
    const resolved = await services.connections.resolve(profile.id);
    return resolved.ok ? services.clients.clientFor(resolved.value) : resolved;
  }
  if (io.env.AUDIAN_BASE_URL || io.env.AUDIAN_ACCOUNT_ID) {
    const baseUrl = baseUrlSchema.safeParse(io.env.AUDIAN_BASE_URL ?? '');
    if (!baseUrl.success) throw new UsageError(`AUDIAN_BASE_URL: ${baseUrl.error.issues[0]?.message ?? 'invalid'}`);
    const accountId = accountIdSchema.safeParse(io.env.AUDIAN_ACCOUNT_ID ?? '');
    if (!accountId.success) throw new UsageError(`AUDIAN_ACCOUNT_ID: ${accountId.error.issues[0]?.message ?? 'invalid'}`);
    const credentials = credentialsFromEnv(io.env);
    if (!credentials)
      throw new UsageError('Set AUDIAN_API_KEY (or AUDIAN_USERNAME, AUDIAN_PASSWORD and AUDIAN_ACCOUNT_NAME) with AUDIAN_BASE_URL.');
    return ok(new KazooClient({ baseUrl: baseUrl.data, accountId: accountId.data, credentials, log }));
  }
  const active = await services.connections.active();
  if (!active.ok) {
    return fail(
      'invalid_request',
      'No connection given. Use --profile NAME, set AUDIAN_BASE_URL, AUDIAN_ACCOUNT_ID and AUDIAN_API_KEY, or choose one in the app.',
    );
  }
  return services.clients.clientFor(active.value);
}
