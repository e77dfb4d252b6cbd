import { rootCertificates } from 'node:tls';
import { EnvHttpProxyAgent, Pool, ProxyAgent, type Dispatcher } from 'undici';
import { readCaFile } from './ca-file';
import { pinnedIdentityCheck, type PinnedCertificate } from './certificate';
import { parsePacAnswer } from './proxy-route';
import { environmentProxies, type ProxyCredentials, type ProxySource } from './proxy-source';
import { MAX_IN_FLIGHT } from './rate-limiter';

export interface HttpOptions {
  /** Absolute path of an extra CA certificate (PEM) for an on-premise server; added to, never replacing, the system roots. */
  caFile?: string;
  /** The one untrusted certificate the user accepted for this server. */
  pinnedCertificate?: PinnedCertificate;
  /** Where the proxy comes from; no source, no proxy. */
  proxy?: ProxySource;
  /** Sent to the proxy when it asks who is there (407). */
  proxyCredentials?: ProxyCredentials;
  connectTimeoutMs?: number;
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
}

/** The connection's CA file cannot be read any more: the pool is not made, and the request says why. */
export class CaFileError extends Error {}

/** The system proxy settings cannot be used for this server: nothing is sent, and the request says why. */
export class ProxySettingsError extends Error {
  constructor(
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}

/** What requests to one server go through, and the proxy they go to (null: straight to the server, or decided request by request). */
export interface Route {
  dispatcher: Dispatcher;
  /** The proxy every request of this route is tunnelled through, as the user set it (credentials included). */
  proxyUrl: string | null;
}

const proxyToken = (credentials: ProxyCredentials): string =>
  `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;

/**
 * One keep-alive route per base URL: a pool straight to the server, or undici's proxy agents
 * tunnelling to it. Certificate checking is always on: an extra CA or one pinned certificate
 * trusts an on-premise server explicitly, never by switching checks off.
 */
export async function createRoute(origin: string, options: HttpOptions = {}): Promise<Route> {
  const extra = options.caFile === undefined ? undefined : await readCaFile(options.caFile);
  // The file was fine when the connection was saved; if it is not now, say so instead of trusting less or more.
  if (extra && !extra.ok) throw new CaFileError(extra.error.message);
  const connectTimeout = options.connectTimeoutMs ?? 10_000;
  const pinned = options.pinnedCertificate;
  const extraCas = [...(extra ? [extra.value] : []), ...(pinned ? [pinned.pem] : [])];
  const serverTls = {
    rejectUnauthorized: true,
    ...(extraCas.length > 0 ? { ca: [...rootCertificates, ...extraCas] } : {}),
    ...(pinned ? { checkServerIdentity: pinnedIdentityCheck(pinned) } : {}),
  };
  const shared = {
    // A connection for every request the rate limiter lets be in flight: a smaller pool queues
    // them out of the limiter's sight, lengthening the round trip it sizes the window by.
    connections: MAX_IN_FLIGHT,
    pipelining: 1,
    keepAliveTimeout: 30_000,
    headersTimeout: options.headersTimeoutMs ?? 30_000,
    bodyTimeout: options.bodyTimeoutMs ?? 30_000,
  };
  const direct = (): Route => ({ dispatcher: new Pool(origin, { ...shared, connectTimeout, connect: serverTls }), proxyUrl: null });
  // Through a proxy the server's TLS is set up inside the tunnel (requestTls); the proxy's own certificate is checked as usual.
  const proxied = {
    ...shared,
    requestTls: { ...serverTls, timeout: connectTimeout },
    proxyTls: { rejectUnauthorized: true, timeout: connectTimeout },
    ...(options.proxyCredentials ? { token: proxyToken(options.proxyCredentials) } : {}),
  };
  const source = options.proxy;
  if (source === undefined) return direct();
  if (source.kind === 'environment') {
    const proxies = environmentProxies(source.env);
    if (proxies.httpsProxy === '' && proxies.httpProxy === '') return direct();
    const proxyUrl = new URL(origin).protocol === 'https:' ? proxies.httpsProxy || proxies.httpProxy : proxies.httpProxy;
    // Servers named in NO_PROXY are reached directly, with the same certificate checks.
    const agent = new EnvHttpProxyAgent({ ...proxied, connectTimeout, connect: serverTls, ...proxies });
    return { dispatcher: agent, proxyUrl: proxyUrl || null };
  }
  let answer: string;
  try {
    answer = await source.resolve(origin);
  } catch (error) {
    throw new ProxySettingsError(
      'The system proxy settings could not be read for this server. Check the proxy settings of this computer, then try again.',
      error instanceof Error ? error.message : String(error),
    );
  }
  const route = parsePacAnswer(answer);
  if (!route.ok) throw new ProxySettingsError(route.error.message, route.error.detail);
  if (route.value.kind === 'direct') return direct();
  return { dispatcher: new ProxyAgent({ ...proxied, uri: route.value.url }), proxyUrl: route.value.url };
}
