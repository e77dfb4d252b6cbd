import { randomBytes } from 'node:crypto';
import type { Logger } from '../log';
import { classifyProbeError, keychainNotice, type KeychainFailure } from './keychain-notice';
import { createKeytarStore, loadKeytar, type KeytarBackend } from './keytar-store';
import { createMemoryStore } from './memory-store';
import { KEYCHAIN_SERVICE, type SecretStore } from './secret-store';

export interface OpenSecretStoreOptions {
  log: Logger;
  /** `process.platform`; picks the notice's wording. */
  platform: string;
  /** How long the keychain may take to answer the probe before start-up goes on without it. */
  timeoutMs?: number;
  /** Stands in for keytar in tests (a backend that fails to load, throws or never answers). */
  loadBackend?: () => Promise<KeytarBackend>;
}

/** Long enough for a slow D-Bus activation of gnome-keyring, short enough not to stall start-up. */
export const DEFAULT_PROBE_TIMEOUT_MS = 4000;

/** Filed beside real entries; a random value so an old leftover can never pass the read-back. */
const PROBE_ACCOUNT = 'keychain-probe';

class ProbeTimeout extends Error {}

/**
 * Picks where secrets live for this run: the keychain if a set/get/delete round trip succeeds in
 * time, else memory with a notice. Never throws and never waits longer than the timeout.
 */
export async function openSecretStore(options: OpenSecretStoreOptions): Promise<SecretStore> {
  const { log, platform } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const startedAt = Date.now();
  const fallBack = (failure: KeychainFailure, error: unknown): SecretStore => {
    log.warn('secrets.session_only', { failure, error, afterMs: Date.now() - startedAt });
    return createMemoryStore(log, keychainNotice(platform, failure));
  };

  let backend: KeytarBackend;
  try {
    backend = await withTimeout((options.loadBackend ?? loadKeytar)(), timeoutMs);
  } catch (error) {
    return fallBack(error instanceof ProbeTimeout ? 'no_answer' : 'module', error);
  }
  try {
    await withTimeout(probe(backend), timeoutMs - (Date.now() - startedAt));
  } catch (error) {
    return fallBack(error instanceof ProbeTimeout ? 'no_answer' : classifyProbeError(error), error);
  }
  log.info('secrets.keychain', { afterMs: Date.now() - startedAt });
  return createKeytarStore(backend, log);
}

async function probe(backend: KeytarBackend): Promise<void> {
  const value = randomBytes(16).toString('hex');
  await backend.setPassword(KEYCHAIN_SERVICE, PROBE_ACCOUNT, value);
  const readBack = await backend.getPassword(KEYCHAIN_SERVICE, PROBE_ACCOUNT);
  await backend.deletePassword(KEYCHAIN_SERVICE, PROBE_ACCOUNT);
  if (readBack !== value) throw new Error('The keychain returned a different value than was saved.');
}

/**
 * A Secret Service that never replies leaves keytar's promise pending forever; the race lets
 * start-up go on. The timer is unref'd so it never holds the process open by itself.
 */
function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProbeTimeout(`No answer from the keychain within ${ms} ms.`)), Math.max(ms, 0));
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
