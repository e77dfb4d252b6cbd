import type { ProfileAuth } from './profiles';

/** A saved connection as the renderer sees it: never the secret, only whether one is at hand. */
export interface ConnectionView {
  id: string;
  name: string;
  baseUrl: string;
  accountId: string;
  auth: ProfileAuth;
  caFile?: string;
  /** The user name sent to the proxy; its password stays in main. */
  proxyUsername?: string;
  /** Plain http:// opted into for this server: shown as a warning wherever the connection is. */
  allowPlainHttp?: boolean;
  /** The certificate the user pinned for this server: what it was, not the certificate itself. */
  pinnedCertificate?: { sha256: string };
  demo: boolean;
  /** False when secrets are session-only and this run has not been given it yet. */
  secretAvailable: boolean;
  /** What the latest request on this connection learnt about it. */
  health: ConnectionHealth;
  createdAt: string;
  updatedAt: string;
}

/**
 * A connection's real state, as the last request that could tell learnt it: signed in, its key
 * (or password, or token) refused, the server unreachable, or the server refusing more requests
 * until a time. `unknown` until a first request answers. Times are ISO.
 */
export type ConnectionHealth =
  | { state: 'unknown' }
  | { state: 'signed_in'; at: string }
  | { state: 'key_refused'; message: string; at: string }
  | { state: 'unreachable'; message: string; at: string }
  | { state: 'rate_limited'; until: string; at: string };

export interface SecretStorageView {
  persistence: 'keychain' | 'session-only';
  /** One plain sentence when secrets last only for this run, saying what to install. */
  notice?: string;
}

export interface ConnectionsOverview {
  connections: ConnectionView[];
  activeId: string | null;
  secretStorage: SecretStorageView;
  /** Saved files that could not be read and were kept aside, in words. */
  problems: string[];
}

export interface ConnectionCheck {
  accountId: string;
  accountName: string;
  deviceCount: number;
  checkedAt: string;
}
