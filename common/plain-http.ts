/**
 * Kept apart from the zod schemas of profiles.ts: the frame's top bar shows the plain-HTTP warning
 * on the first screen, which loads without zod.
 */
const LOCAL_SANDBOX_HOSTS = new Set(['127.0.0.1', 'localhost']);

/** Plain http:// to anything but the local sandbox: everything, the API key included, crosses the network unencrypted. */
export const isUnencryptedServer = (baseUrl: string): boolean => {
  const url = URL.canParse(baseUrl) ? new URL(baseUrl) : null;
  return url?.protocol === 'http:' && !LOCAL_SANDBOX_HOSTS.has(url.hostname);
};
