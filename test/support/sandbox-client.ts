import { KazooClient, type ClientOptions } from '../../main/api/client';
import { createLogger } from '../../main/log';
import type { Sandbox } from '../../main/sandbox/server';

/** A client signed in to an in-process sandbox with its API key: silent, unpaced unless told, fast retries. */
export function sandboxClient(sb: Sandbox, options: Partial<ClientOptions> = {}): KazooClient {
  return new KazooClient({
    baseUrl: sb.url,
    accountId: sb.account.id,
    credentials: { method: 'api_key', apiKey: sb.credentials.apiKey },
    log: createLogger(() => {}),
    rateLimit: null,
    retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 2 },
    ...options,
  });
}
