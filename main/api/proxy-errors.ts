import { fail, type AppError } from '../../common/ipc/result';
import type { RequestDescription } from './errors';

/** undici's words when the proxy answers a CONNECT with anything but 200. */
const TUNNEL_REFUSED = /^Proxy response \((\d{3})\) !== 200/;
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'UND_ERR_CONNECT_TIMEOUT']);

/** The proxy as a technician would recognise it in the settings: host and port, never its credentials. */
export const proxyName = (proxyUrl: string): string => {
  try {
    return new URL(proxyUrl).host;
  } catch {
    return 'the proxy';
  }
};

function causes(error: unknown): Array<{ message?: unknown; code?: unknown; hostname?: unknown; port?: unknown }> {
  const chain = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth += 1) {
    chain.push(current as { message?: unknown; code?: unknown; hostname?: unknown; port?: unknown });
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

/**
 * A failure that was the proxy's, not the server's: it refused the tunnel (407 asks for a user name
 * and password, 403 and others refuse the server) or could not be reached at all. Null when the
 * error came from further on, or the request went direct.
 */
export function proxyError(error: unknown, proxyUrl: string | null, request: RequestDescription): AppError | null {
  if (proxyUrl === null) return null;
  const name = proxyName(proxyUrl);
  const chain = causes(error);
  const status = chain.map((item) => TUNNEL_REFUSED.exec(String(item.message))?.[1]).find((found) => found !== undefined);
  const detail = (what: string) => `${request.method} ${request.path}: proxy ${name} ${what}`;
  if (status === '407') {
    return fail(
      'proxy',
      `The proxy ${name} asks for a user name and password (HTTP 407). Enter the proxy user name and password in the connection settings, or ask your network administrator for them.`,
      { detail: detail('HTTP 407') },
    ).error;
  }
  if (status !== undefined) {
    return fail(
      'proxy',
      `The proxy ${name} refused to connect to the server (HTTP ${status}). Ask your network administrator to allow this server through the proxy.`,
      { detail: detail(`HTTP ${status}`) },
    ).error;
  }
  const proxy = new URL(proxyUrl);
  const proxyPort = Number(proxy.port || (proxy.protocol === 'https:' ? 443 : 80));
  const atProxy = chain.find(
    (item) =>
      typeof item.code === 'string' && UNREACHABLE_CODES.has(item.code) && (item.port === proxyPort || item.hostname === proxy.hostname),
  );
  if (atProxy) {
    return fail(
      'proxy',
      `The proxy ${name} cannot be reached (${String(atProxy.code)}). Check the proxy settings of this computer (HTTPS_PROXY or HTTP_PROXY on the command line), or ask your network administrator.`,
      { detail: detail(String(atProxy.code)) },
    ).error;
  }
  return null;
}
