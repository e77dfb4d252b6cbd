import type { Logger } from '../log';
import { assertSecretArgs, KEYCHAIN_SERVICE, type SecretStore } from './secret-store';

/** The part of keytar this app uses; tests and the probe can stand in a failing or hanging one. */
export interface KeytarBackend {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

/**
 * Loads the native module only when asked, so a machine where it cannot load (no libsecret, a
 * broken build) still starts and falls back to session-only secrets.
 */
export async function loadKeytar(): Promise<KeytarBackend> {
  // keytar is CommonJS whose exports Node's ESM loader cannot list by name: only `default` (the
  // whole module.exports) is reliable under Node ESM, tsx, vitest and a bundled main alike.
  const keytar = (await import('keytar')).default;
  if (typeof keytar?.getPassword !== 'function') throw new Error('keytar loaded without its functions.');
  return keytar;
}

/** Secrets in the OS keychain: macOS Keychain, Windows Credential Manager, Secret Service on Linux. */
export function createKeytarStore(backend: KeytarBackend, log: Logger): SecretStore {
  return {
    persistence: 'keychain',
    async get(id) {
      assertSecretArgs(id);
      const secret = await backend.getPassword(KEYCHAIN_SERVICE, id);
      if (secret !== null) log.protect(secret);
      return secret;
    },
    async set(id, secret) {
      assertSecretArgs(id, secret);
      log.protect(secret);
      await backend.setPassword(KEYCHAIN_SERVICE, id, secret);
    },
    async delete(id) {
      assertSecretArgs(id);
      return backend.deletePassword(KEYCHAIN_SERVICE, id);
    },
  };
}
