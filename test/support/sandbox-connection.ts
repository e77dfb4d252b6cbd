import type { ConnectionView } from '../../common/connections';
import { connectionInputSchema } from '../../common/profiles';
import type { Sandbox } from '../../main/sandbox/server';
import type { Services } from '../../main/services';

/** Saves a connection to the sandbox with its API key, as the Connect form does; the first one saved becomes active. */
export async function saveSandboxConnection(services: Services, sb: Sandbox, name = 'Site'): Promise<ConnectionView> {
  const saved = await services.connections.save(
    connectionInputSchema.parse({
      name,
      baseUrl: sb.url,
      accountId: sb.account.id,
      auth: { method: 'api_key' },
      secret: sb.credentials.apiKey,
    }),
  );
  if (!saved.ok) throw new Error(`${saved.error.kind}: ${saved.error.message}`);
  return saved.value;
}
