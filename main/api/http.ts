import { readFile } from 'node:fs/promises';
import { rootCertificates } from 'node:tls';
import { Pool } from 'undici';

export interface HttpOptions {
  /** Absolute path of an extra CA certificate (PEM) for an on-premise server; added to, never replacing, the system roots. */
  caFile?: string;
  connectTimeoutMs?: number;
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
  connections?: number;
}

/**
 * One keep-alive connection pool per base URL. Certificate checking is always on: the only
 * knob is an extra CA, so an on-premise server is trusted explicitly, not by switching checks off.
 */
export async function createPool(origin: string, options: HttpOptions = {}): Promise<Pool> {
  const ca = options.caFile ? [...rootCertificates, await readFile(options.caFile, 'utf8')] : undefined;
  return new Pool(origin, {
    connections: options.connections ?? 16,
    pipelining: 1,
    keepAliveTimeout: 30_000,
    connectTimeout: options.connectTimeoutMs ?? 10_000,
    headersTimeout: options.headersTimeoutMs ?? 30_000,
    bodyTimeout: options.bodyTimeoutMs ?? 30_000,
    connect: { rejectUnauthorized: true, ...(ca ? { ca } : {}) },
  });
}
