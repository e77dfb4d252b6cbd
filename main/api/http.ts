import { rootCertificates } from 'node:tls';
import { Pool } from 'undici';
import { readCaFile } from './ca-file';
import { MAX_IN_FLIGHT } from './rate-limiter';

export interface HttpOptions {
  /** Absolute path of an extra CA certificate (PEM) for an on-premise server; added to, never replacing, the system roots. */
  caFile?: string;
  connectTimeoutMs?: number;
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
}

/** The connection's CA file cannot be read any more: the pool is not made, and the request says why. */
export class CaFileError extends Error {}

/**
 * One keep-alive connection pool per base URL. Certificate checking is always on: the only
 * knob is an extra CA, so an on-premise server is trusted explicitly, not by switching checks off.
 */
export async function createPool(origin: string, options: HttpOptions = {}): Promise<Pool> {
  const extra = options.caFile === undefined ? undefined : await readCaFile(options.caFile);
  // The file was fine when the connection was saved; if it is not now, say so instead of trusting less or more.
  if (extra && !extra.ok) throw new CaFileError(extra.error.message);
  const ca = extra ? [...rootCertificates, extra.value] : undefined;
  return new Pool(origin, {
    // A connection for every request the rate limiter lets be in flight: a smaller pool queues
    // them out of the limiter's sight, lengthening the round trip it sizes the window by.
    connections: MAX_IN_FLIGHT,
    pipelining: 1,
    keepAliveTimeout: 30_000,
    connectTimeout: options.connectTimeoutMs ?? 10_000,
    headersTimeout: options.headersTimeoutMs ?? 30_000,
    bodyTimeout: options.bodyTimeoutMs ?? 30_000,
    connect: { rejectUnauthorized: true, ...(ca ? { ca } : {}) },
  });
}
