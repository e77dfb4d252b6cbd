import { pathToFileURL } from 'node:url';
import type { Net, Protocol } from 'electron';
import { resolveRendererPath } from '../renderer-files';
import { APP_SCHEME, CONTENT_SECURITY_POLICY, isAppUrl } from './security-policy';

/** Maps an app:// URL to a file inside the renderer folder, or null when it is foreign or escapes. */
export function resolveRendererFile(rendererRoot: string, requestUrl: string): string | null {
  return isAppUrl(requestUrl) ? resolveRendererPath(rendererRoot, new URL(requestUrl).pathname) : null;
}

export const APP_RESPONSE_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'cross-origin-opener-policy': 'same-origin',
} as const;

export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, net: Pick<Net, 'fetch'>, rendererRoot: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveRendererFile(rendererRoot, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    let response: Response;
    try {
      response = await net.fetch(pathToFileURL(file).toString());
    } catch {
      return new Response('Not found', { status: 404 });
    }
    const headers = new Headers(response.headers);
    for (const [name, value] of Object.entries(APP_RESPONSE_HEADERS)) headers.set(name, value);
    return new Response(response.body, { status: response.status, headers });
  });
}
