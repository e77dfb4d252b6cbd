/** What route handlers can reach (the app), receive (the request) and return (a reply). */
import type { JsonObject } from '../api/device-schema';
import type { Doc } from './docs';
import type { DocumentStore } from './document-store';
import type { Paging } from './envelope';
import { KazooError } from './envelope';
import type { ResolvedOptions } from './options';
import type { PhoneSimulator } from './phones';
import type { Registrar } from './registrar';
import type { SandboxState } from './state';
import type { TokenClaims, TokenIssuer } from './tokens';

export interface App {
  state: SandboxState;
  /** Runtime fields change under `sandbox.configure`; read them per request. */
  options: ResolvedOptions;
  devices: DocumentStore;
  users: DocumentStore;
  vmboxes: DocumentStore;
  callflows: DocumentStore;
  registrar: Registrar;
  phones: PhoneSimulator;
  tokens: TokenIssuer;
}

export interface RequestContext {
  /** After verb tunnelling (`?verb=` or the envelope's `verb`). */
  method: string;
  params: Record<string, string>;
  query: URLSearchParams;
  envelope: JsonObject;
  /** The envelope's `data`; a body without one counts as `{}`. */
  data: unknown;
  requestId: string;
  clientIp: string;
  claims: TokenClaims | undefined;
  authToken: string | undefined;
  /** The `If-Match` header, for cowboy's 412 on a stale revision. */
  ifMatch: string | undefined;
}

export interface Reply {
  status?: number;
  data: unknown;
  /** Defaults to an md5 of the data, as cowboy computes it for GETs. */
  revision?: string;
  paging?: Paging;
  headers?: Record<string, string>;
  /** A token issued by this request (the auth endpoints). */
  authToken?: string;
}

export type Handler = (context: RequestContext) => Reply;

/** cb_context:req_value/3: data first, then the query string, then the envelope. */
export function requestValue(context: RequestContext, key: string): unknown {
  const data =
    context.data !== null && typeof context.data === 'object' && !Array.isArray(context.data) ? (context.data as JsonObject) : {};
  if (data[key] !== undefined) return data[key];
  const fromQuery = context.query.get(key);
  if (fromQuery !== null) return fromQuery;
  return context.envelope[key];
}

export const isTrue = (value: unknown): boolean => value === true || value === 'true';

/** cowboy checks If-Match against the loaded document's revision before the write. */
export function checkIfMatch(context: RequestContext, doc: Doc): void {
  if (context.ifMatch === undefined || context.ifMatch.trim() === '*') return;
  const wanted = context.ifMatch.split(',').map((tag) => tag.trim().replace(/^W\//, '').replace(/^"|"$/g, ''));
  if (!wanted.includes(doc._rev)) throw new KazooError(412, 'precondition failed', {});
}
