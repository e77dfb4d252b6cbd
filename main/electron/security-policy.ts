import type { SenderInfo } from '../ipc/router';

/** The renderer is served from app://audian/ and nowhere else. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'audian';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** The renderer makes no network calls of its own (main does), so the policy allows only itself. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "media-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** Sites a link in the app may open in the user's browser; everything else is ignored. */
const EXTERNAL_HOSTS = new Set(['docs.audian.com', 'support.audian.ai', 'www.audian.com', 'audian.com']);

export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && url.username === '' && url.password === '' && url.port === '' && EXTERNAL_HOSTS.has(url.hostname);
}

/** True for a URL of our own app:// origin (compared parsed, never by prefix). */
export function isAppUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

/** A request is ours when it comes from the main frame of one of our windows showing app://. */
export function isTrustedSender(sender: SenderInfo, trustedWebContentsIds: ReadonlySet<number>): boolean {
  return sender.isMainFrame && trustedWebContentsIds.has(sender.webContentsId) && isAppUrl(sender.frameUrl);
}
