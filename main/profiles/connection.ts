import type { KazooClient } from '../api/client';
import type { Credentials } from '../api/credentials';

/**
 * What every service acts on: an account reached through one shared, paced client. The app
 * passes the active connection; the command line passes the one it was given.
 */
export interface Connection {
  /** The saved connection's id, or an `environment:` id for one made from AUDIAN_* variables. */
  id: string;
  name: string;
  /** Saved in the app: its batches, settings and mapping are shared by the app and the command line. */
  saved: boolean;
  /** Plain HTTP to a server other than the local sandbox, opted into: everything crosses the network unencrypted. */
  unencrypted: boolean;
  client: KazooClient;
}

/** How a host names the connection it wants. */
export type ConnectionTarget =
  | { kind: 'active' }
  | { kind: 'saved'; id: string }
  | { kind: 'named'; name: string }
  /** Not saved anywhere: a script's AUDIAN_* variables, checked like the Connect form checks them. */
  | { kind: 'environment'; baseUrl: string; accountId: string; credentials: Credentials; allowPlainHttp?: boolean };

const ENVIRONMENT_PREFIX = 'environment:';

/** One id per account and server, so a batch a script started can be resumed by the same script. */
export const environmentConnectionId = (baseUrl: string, accountId: string): string => `${ENVIRONMENT_PREFIX}${accountId}@${baseUrl}`;

export const isEnvironmentConnectionId = (id: string): boolean => id.startsWith(ENVIRONMENT_PREFIX);
