/**
 * Expected failures cross every boundary (IPC, preview bridge, CLI) as values, never as thrown
 * strings, so the UI can react to the kind and point at a field.
 */
export type ErrorKind =
  | 'invalid_request'
  | 'forbidden_sender'
  | 'internal'
  | 'network'
  | 'tls'
  /** The proxy between this computer and the server refused or could not be reached. */
  | 'proxy'
  | 'timeout'
  | 'auth'
  | 'forbidden'
  | 'not_found'
  /** The server has no such route for an item that exists: it does not offer that action. */
  | 'unsupported'
  | 'validation'
  | 'conflict'
  | 'rate_limited'
  | 'server'
  | 'charges_required'
  | 'keychain'
  | 'cancelled';

/** One problem with one field; `path` is KAZOO's dotted path (e.g. `sip.username`). */
export interface FieldError {
  path: string;
  code: string;
  message: string;
}

/** A server certificate as a technician compares it with what the server's administrator says. */
export interface CertificateSummary {
  subject: string;
  issuer: string;
  /** SHA-256 fingerprint, colon-separated upper-case hex as browsers and openssl show it. */
  sha256: string;
}

export interface AppError {
  kind: ErrorKind;
  /** One sentence a technician understands: what is wrong and what to do. */
  message: string;
  /** Technical detail for the "details" disclosure; never contains a secret. */
  detail?: string;
  fields?: FieldError[];
  /** The untrusted certificate the server showed (kind 'tls'), which the user may pin for the connection. */
  certificate?: CertificateSummary;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const fail = (kind: ErrorKind, message: string, extra: Omit<AppError, 'kind' | 'message'> = {}): { ok: false; error: AppError } => ({
  ok: false,
  error: { kind, message, ...extra },
});
