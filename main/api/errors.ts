import { fail, type AppError, type FieldError } from '../../common/ipc/result';
import type { KazooEnvelope } from './envelope';

export interface RequestDescription {
  method: string;
  /** Path without query string; account and device ids are not secrets. */
  path: string;
}

const describe = (request: RequestDescription, requestId?: string) =>
  `${request.method} ${request.path}${requestId ? ` (request ${requestId})` : ''}`;

/** KAZOO's validation map `{ "sip.username": { "unique": { message, cause } } }` as a flat list. */
function fieldErrorsOf(data: unknown): FieldError[] {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return [];
  const fields: FieldError[] = [];
  for (const [path, codes] of Object.entries(data)) {
    if (typeof codes !== 'object' || codes === null || Array.isArray(codes)) continue;
    for (const [code, detail] of Object.entries(codes)) {
      const message =
        typeof detail === 'object' && detail !== null && 'message' in detail
          ? String((detail as { message: unknown }).message)
          : String(detail);
      const cause = typeof detail === 'object' && detail !== null && 'cause' in detail ? (detail as { cause: unknown }).cause : undefined;
      fields.push({ path, code, message: cause !== undefined && code === 'unique' ? `${message}: ${String(cause)}` : message });
    }
  }
  return fields;
}

/** An HTTP error answer from the server, in words a technician understands. */
export function httpError(status: number, envelope: Partial<KazooEnvelope> | undefined, request: RequestDescription): AppError {
  const detail = `${describe(request, envelope?.request_id)}: HTTP ${status}${envelope?.message ? ` ${envelope.message}` : ''}`;
  const make = (kind: AppError['kind'], message: string, extra: Partial<AppError> = {}) => fail(kind, message, { detail, ...extra }).error;
  switch (true) {
    case status === 400: {
      const fields = fieldErrorsOf(envelope?.data);
      const summary =
        fields.length > 0 ? fields.map((field) => `${field.path}: ${field.message}`).join('; ') : (envelope?.message ?? 'invalid request');
      return make('validation', `The server rejected the data: ${summary}.`, { fields });
    }
    case status === 401:
      return make(
        'auth',
        'The server rejected the credentials. Check the API key (or username, password and account name) of this connection.',
      );
    case status === 402:
      return make('charges_required', 'The server asks to accept charges before creating this. Confirm to continue.');
    case status === 403:
      return make(
        'forbidden',
        'These credentials may not access this account. Check the account ID, or use credentials of this account or its reseller.',
      );
    case status === 404:
      return make(
        'not_found',
        'The server does not know this item (it may have been deleted) or this address. Check the account ID and base URL.',
      );
    case status === 409 || status === 412:
      return make('conflict', 'Someone else changed this at the same time. Reload it and try again.');
    case status === 413:
      return make('validation', 'The request was too large for the server.');
    case status === 429:
      return make(
        'rate_limited',
        'The server is limiting how fast requests may be sent, and kept refusing after several polite retries. Wait a minute and try again.',
      );
    case status >= 500:
      return make('server', `The server had a problem (HTTP ${status}) and kept failing after retries. Try again in a few minutes.`);
    default:
      return make('server', `The server answered with an unexpected HTTP ${status}.`);
  }
}

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'CERT_NOT_PINNED',
]);
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

function errorCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return typeof (error as { code?: unknown })?.code === 'string' ? String((error as { code: string }).code) : 'UNKNOWN';
}

/** A failure below HTTP: no answer at all, a timeout, or a certificate the client does not trust. */
export function transportError(error: unknown, request: RequestDescription): AppError {
  const code = errorCode(error);
  const detail = `${describe(request)}: ${code}`;
  if (TLS_CODES.has(code)) {
    return fail(
      'tls',
      "The server's certificate is not trusted. For an on-premise server, add its CA certificate file to this connection.",
      { detail },
    ).error;
  }
  if (TIMEOUT_CODES.has(code)) {
    return fail('timeout', 'The server did not answer in time. Check the network and try again.', { detail }).error;
  }
  return fail('network', 'The server cannot be reached. Check the network connection and the base URL.', { detail }).error;
}

const UNREACHABLE_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH'];

/** Nothing answers at that address (as opposed to an answer lost on the way). */
export function isUnreachable(error: AppError): boolean {
  return error.kind === 'network' && UNREACHABLE_CODES.some((code) => error.detail?.endsWith(`: ${code}`));
}

/** Whether the same request may be sent again after this failure. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504;
}
