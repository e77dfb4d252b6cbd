import type { ProxyResolver } from './proxy-route';

/** The proxy variables of a command line's environment, read the way curl and undici read them. */
export interface ProxyEnvironment {
  HTTPS_PROXY?: string | undefined;
  https_proxy?: string | undefined;
  HTTP_PROXY?: string | undefined;
  http_proxy?: string | undefined;
  NO_PROXY?: string | undefined;
  no_proxy?: string | undefined;
}

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
  httpsProxy: env.https_proxy ?? env.HTTPS_PROXY ?? '',
  httpProxy: env.http_proxy ?? env.HTTP_PROXY ?? '',
  noProxy: env.no_proxy ?? env.NO_PROXY ?? '',
});
