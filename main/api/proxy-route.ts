import { fail, ok, type Result } from '../../common/ipc/result';

/** Where requests to one server go: straight to it, or through an HTTP proxy that tunnels them (CONNECT). */
export type ProxyRoute = { kind: 'direct' } | { kind: 'proxy'; url: string };

/**
 * The system's proxy answer for a server address, in the PAC form "PROXY host:port; DIRECT"
 * (Electron's `session.resolveProxy` in the app).
 */
export type ProxyResolver = (serverUrl: string) => Promise<string>;

const SCHEME_OF: Record<string, string> = { PROXY: 'http', HTTPS: 'https' };

/**
 * The first route of a PAC answer the app can take: DIRECT, or an HTTP(S) proxy. SOCKS entries
 * are passed over for the next one; an answer naming only SOCKS proxies is refused rather than
 * silently connecting directly around them.
 */
export function parsePacAnswer(answer: string): Result<ProxyRoute> {
  const entries = answer
    .split(';')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) return ok({ kind: 'direct' });
  for (const entry of entries) {
    const [keyword = '', address, ...rest] = entry.split(/\s+/);
    const type = keyword.toUpperCase();
    if (type === 'DIRECT' && address === undefined) return ok({ kind: 'direct' });
    const scheme = SCHEME_OF[type];
    if (scheme === undefined || address === undefined || rest.length > 0) continue;
    let url: URL;
    try {
      url = new URL(`${scheme}://${address}`);
    } catch {
      continue;
    }
    if (url.pathname !== '/' || url.username !== '' || url.search !== '' || url.hash !== '') continue;
    return ok({ kind: 'proxy', url: url.origin });
  }
  return fail(
    'proxy',
    'The system proxy settings name no proxy this app can use (only HTTP and HTTPS proxies are supported). Ask your network administrator for an HTTP proxy, or check the proxy settings.',
    { detail: `proxy answer: ${answer.slice(0, 200)}` },
  );
}
