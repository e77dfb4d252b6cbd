import type { Logger } from '../log';
import { assertSecretArgs, type SecretStore } from './secret-store';

/** The fallback when no keychain answers: secrets last until the process exits, never on disk. */
export function createMemoryStore(log: Logger, notice: string): SecretStore {
  const secrets = new Map<string, string>();
  return {
    persistence: 'session-only',
    notice,
    async get(id) {
      assertSecretArgs(id);
      const secret = secrets.get(id);
      if (secret === undefined) return null;
      log.protect(secret);
      return secret;
    },
    async set(id, secret) {
      assertSecretArgs(id, secret);
      log.protect(secret);
      secrets.set(id, secret);
    },
    async delete(id) {
      assertSecretArgs(id);
      return secrets.delete(id);
    },
  };
}
