/**
 * KAZOO's response envelopes and its catalogue of error replies (research §1.3 and §4): `error` is
 * the HTTP code as a string, `message` the error atom, `data` the detail, `status` always "error".
 */
import type { JsonObject, KazooErrorMap, KazooFieldError } from '../kazoo-schemas/validate';
import { kazooErrorData } from '../kazoo-schemas/validate';

const KAZOO_VERSION = '5.4.32-sandbox';
const NODE_NAME = 'c2FuZGJveEBsb2NhbGhvc3Q';

/** An expected failure; the pipeline turns it into an error envelope. */
export class KazooError extends Error {
  constructor(
    readonly status: number,
    readonly kazooMessage: string,
    readonly data: unknown = {},
  ) {
    super(kazooMessage);
  }
}

export const validationError = (data: KazooErrorMap): KazooError => new KazooError(400, 'validation error', data);

export const fieldErrors = (errors: readonly KazooFieldError[]): KazooError => validationError(kazooErrorData(errors));

/** One custom-rule error (`unique`, `invalid`, ...) in the same shape as the schema's. */
export const fieldError = (path: string, code: string, detail: JsonObject): KazooFieldError => ({
  path,
  code,
  message: String(detail['message']),
  detail,
});

export const badIdentifier = (id: string): KazooError => new KazooError(404, 'bad_identifier', { cause: id, message: 'bad identifier' });

export const invalidAccountId = (id: string): KazooError =>
  new KazooError(404, 'bad identifier', { message: `invalid account_id '${id}'` });

export const notFound = (): KazooError => new KazooError(404, 'not_found', { message: 'not found' });

/** The sandbox's own, not KAZOO's: a Host header naming another server (DNS rebinding from a web page). */
export const misdirected = (): KazooError =>
  new KazooError(421, 'misdirected_request', { message: 'this sandbox answers only requests addressed to its own host and port' });

export const methodNotAllowed = (): KazooError => new KazooError(405, 'invalid_method', { message: 'method not allowed' });

export const invalidCredentials = (): KazooError => new KazooError(401, 'invalid_credentials', { message: 'invalid credentials' });

export const forbidden = (): KazooError => new KazooError(403, 'forbidden', { message: 'forbidden' });

export const conflict = (): KazooError => new KazooError(409, 'datastore_conflict', { message: 'conflicting documents' });

export const tooManyRequests = (): KazooError => new KazooError(429, 'too_many_requests', { message: 'too many requests' });

export const datastoreFault = (): KazooError => new KazooError(503, 'datastore_fault', { message: 'datastore fatal error' });

export const serverBusy = (): KazooError => new KazooError(503, 'service_unavailable', { message: 'too many requests in flight' });

export const unspecifiedFault = (): KazooError => new KazooError(500, 'unspecified_fault', { message: 'unspecified fault' });

export const payloadTooLarge = (limit: number): KazooError =>
  new KazooError(413, 'validation error', {
    file: { maxSize: { message: `Payload or Files must not be more than ${limit} bytes`, target: limit } },
  });

export const malformedJson = (parserMessage: string): KazooError =>
  validationError({ json: { invalid: { message: parserMessage, target: 'body' } } });

export interface Paging {
  page_size?: number;
  start_key?: string;
  next_start_key?: string;
}

export interface EnvelopeMeta {
  authToken: string | undefined;
  requestId: string;
  now: number;
  tokens: { consumed: number; remaining: number } | undefined;
}

/** KAZOO's timestamps drop the milliseconds: `2019-08-01T18:45:54Z`. */
const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function common(meta: EnvelopeMeta): JsonObject {
  const out: JsonObject = {
    node: NODE_NAME,
    request_id: meta.requestId,
    timestamp: isoSeconds(meta.now),
    version: KAZOO_VERSION,
    metadata: {},
  };
  if (meta.tokens) out['tokens'] = meta.tokens;
  return out;
}

export function successEnvelope(meta: EnvelopeMeta, data: unknown, revision: string, paging: Paging | undefined): JsonObject {
  const out: JsonObject = { data, revision, status: 'success', ...common(meta) };
  // Undefined values are dropped by JSON.stringify, matching KAZOO dropping `undefined` keys.
  out['auth_token'] = meta.authToken;
  if (paging) Object.assign(out, paging);
  return out;
}

export function errorEnvelope(meta: EnvelopeMeta, error: KazooError): JsonObject {
  return {
    // The error path stringifies the token, so a request without one shows "undefined".
    auth_token: meta.authToken ?? 'undefined',
    data: error.data,
    error: String(error.status),
    message: error.kazooMessage,
    status: 'error',
    ...common(meta),
  };
}
