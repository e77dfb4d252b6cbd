/**
 * Where connection secrets (API key, password, auth token) live: the OS keychain when one answers,
 * otherwise memory for this session only. Profiles keep only the connection id; the secret is
 * looked up here under that id, so it never sits in a file beside the profile.
 */
export interface SecretStore {
  /** The secret saved for a connection, or null when none is. */
  get(id: string): Promise<string | null>;
  /** Saves or replaces the secret of a connection. Rejects on an empty id or secret. */
  set(id: string, secret: string): Promise<void>;
  /** True when a secret was there to delete. */
  delete(id: string): Promise<boolean>;
  readonly persistence: 'keychain' | 'session-only';
  /** Set when secrets are session-only: one sentence for the UI/CLI saying what to do about it. */
  readonly notice?: string;
}

/** The keychain "service" every entry is filed under; the account is the connection id. */
export const KEYCHAIN_SERVICE = 'Audian Provisioner';

/** Both adapters refuse the same inputs, so code tested on memory behaves the same on keytar. */
export function assertSecretArgs(id: string, secret?: string): void {
  if (id.length === 0) throw new Error('A secret needs a connection id.');
  if (secret !== undefined && secret.length === 0) throw new Error('An empty secret cannot be saved.');
}

/** The keychain entry of a connection's proxy password, beside the connection's own secret. */
export const proxySecretId = (connectionId: string): string => `${connectionId}:proxy`;
