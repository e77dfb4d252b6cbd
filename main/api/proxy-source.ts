import type { ProxyResolver } from './proxy-route';

/** A command line's environment; HTTPS_PROXY, HTTP_PROXY and NO_PROXY are read from it, in either case. */
export type ProxyEnvironment = Readonly<Record<string, string | undefined>>;

/**
 * Where the client learns which proxy to use: the command line's HTTPS_PROXY / HTTP_PROXY /
 * NO_PROXY (undici's EnvHttpProxyAgent applies them request by request), or the desktop's system
 * settings, asked once per server address.
 */
export type ProxySource = { kind: 'environment'; env: ProxyEnvironment } | { kind: 'system'; resolve: ProxyResolver };

/** The user name saved with the connection and the password from the keychain. */
export interface ProxyCredentials {
  username: string;
  password: string;
}

/** The lower-case spelling wins, as in curl and undici; an empty value means "not set". */
export const environmentProxies = (env: ProxyEnvironment): { httpsProxy: string; httpProxy: string; noProxy: string } => ({
  httpsProxy: env['https_proxy'] ?? env['HTTPS_PROXY'] ?? '',
  httpProxy: env['http_proxy'] ?? env['HTTP_PROXY'] ?? '',
  noProxy: env['no_proxy'] ?? env['NO_PROXY'] ?? '',
});
