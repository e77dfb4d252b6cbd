import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { build } from 'esbuild';
import type { EventName, EventPayloads } from '../../common/ipc/events';
import { CONTENT_SECURITY_POLICY } from '../electron/security-policy';
import { createRouter } from '../ipc/router';
import type { Logger } from '../log';
import { contentTypeOf, resolveRendererPath } from '../renderer-files';
import type { Publish, Services } from '../services';

export interface PreviewOptions {
  rendererRoot: string;
  /** Builds the real services, given the function that pushes events to the browser. */
  createServices: (publish: Publish) => Pick<Services, 'handlers' | 'close'>;
  log: Logger;
  host?: string;
  port?: number;
  /** Every message that reaches the browser is also passed here (tests search it for secrets). */
  onTraffic?: (entry: { direction: 'response' | 'event'; name: string; body: string }) => void;
}

export interface Preview {
  url: string;
  token: string;
  close(): Promise<void>;
}

const BRIDGE_SCRIPT_PATH = '/__audian/bridge.js';
const MAX_REQUEST_BYTES = 64 * 1024 * 1024;
const PREVIEW_SENDER = { frameUrl: 'preview://bridge', isMainFrame: true, webContentsId: -1 };

async function buildBridgeScript(): Promise<string> {
  // `npm run coverage` maps what the browser ran back to preload/ and common/: readable code and a source map.
  const forCoverage = process.env.AUDIAN_COVERAGE === '1';
  const result = await build({
    entryPoints: [path.join(import.meta.dirname, '../../preload/preview.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    minify: !forCoverage,
    sourcemap: forCoverage ? 'inline' : false,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('The preview bridge script did not build.');
  return output.text;
}

function sameToken(expected: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readBody(request: http.IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Serves the built renderer on loopback with `window.audian` backed by the real services: the
 * way the UI is driven and looked at where the Electron binary is not available. Every bridge
 * call needs the per-run token; the Host header must be our own address, so another site cannot
 * reach the bridge through DNS rebinding.
 */
export async function startPreview(options: PreviewOptions): Promise<Preview> {
  const token = randomBytes(24).toString('base64url');
  const bridgeScript = await buildBridgeScript();
  const streams = new Set<http.ServerResponse>();

  const publish: Publish = <E extends EventName>(event: E, payload: EventPayloads[E]) => {
    const body = JSON.stringify(payload);
    options.onTraffic?.({ direction: 'event', name: event, body });
    for (const stream of streams) stream.write(`event: ${event}\ndata: ${body}\n\n`);
  };
  const services = options.createServices(publish);
  const dispatch = createRouter(services.handlers, () => true, options.log);
  let expectedHost = '';

  const send = (response: http.ServerResponse, status: number, type: string, body: string | Buffer) => {
    response.writeHead(status, {
      'content-type': type,
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      // The page URL carries the bridge token: never send it on as a Referer.
      'referrer-policy': 'no-referrer',
    });
    response.end(body);
  };

  const handle = async (request: http.IncomingMessage, response: http.ServerResponse) => {
    if (request.headers.host !== expectedHost) return send(response, 421, 'text/plain', 'Wrong host');
    // Browsers send Origin on cross-origin requests; only our own page may use the bridge.
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== `http://${expectedHost}`) return send(response, 403, 'text/plain', 'Wrong origin');
    const url = new URL(request.url ?? '/', 'http://preview.invalid');

    if (url.pathname === '/__audian/invoke' && request.method === 'POST') {
      if (!sameToken(token, request.headers['x-audian-bridge-token'] as string | undefined))
        return send(response, 403, 'text/plain', 'Bad token');
      const raw = await readBody(request);
      if (raw === null) return send(response, 413, 'text/plain', 'Too large');
      let message: unknown;
      try {
        message = JSON.parse(raw);
      } catch {
        return send(response, 400, 'text/plain', 'Malformed JSON');
      }
      const { channel, input } = typeof message === 'object' && message !== null ? (message as { channel?: unknown; input?: unknown }) : {};
      const result = await dispatch(channel, input, PREVIEW_SENDER);
      const body = JSON.stringify(result);
      options.onTraffic?.({ direction: 'response', name: typeof channel === 'string' ? channel.slice(0, 80) : typeof channel, body });
      return send(response, 200, 'application/json', body);
    }
    if (url.pathname === '/__audian/events' && request.method === 'GET') {
      if (!sameToken(token, url.searchParams.get('token'))) return send(response, 403, 'text/plain', 'Bad token');
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      response.write(': connected\n\n');
      streams.add(response);
      request.on('close', () => streams.delete(response));
      return;
    }
    if (request.method !== 'GET') return send(response, 405, 'text/plain', 'Method not allowed');
    if (url.pathname === BRIDGE_SCRIPT_PATH) return send(response, 200, 'text/javascript; charset=utf-8', bridgeScript);

    const file = resolveRendererPath(options.rendererRoot, url.pathname);
    if (!file) return send(response, 404, 'text/plain', 'Not found');
    try {
      if (path.basename(file) === 'index.html') {
        if (!sameToken(token, url.searchParams.get('token')))
          return send(response, 403, 'text/plain', 'Open the PREVIEW_URL printed at start-up; it carries the token.');
        const html = await readFile(file, 'utf8');
        // A classic script runs before the deferred module scripts, so window.audian exists first.
        return send(
          response,
          200,
          'text/html; charset=utf-8',
          html.replace('<head>', `<head>\n    <script src="${BRIDGE_SCRIPT_PATH}"></script>`),
        );
      }
      return send(response, 200, contentTypeOf(file), await readFile(file));
    } catch {
      return send(response, 404, 'text/plain', 'Not found');
    }
  };

  const server = http.createServer((request, response) => {
    // A malformed request must never take the bridge down with an unhandled rejection.
    handle(request, response).catch((error: unknown) => {
      options.log.error('preview.request_failed', { error });
      if (!response.headersSent) send(response, 400, 'text/plain', 'Bad request');
      else response.end();
    });
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  expectedHost = `${address.address}:${address.port}`;
  return {
    url: `http://${expectedHost}/?token=${token}`,
    token,
    close: async () => {
      for (const stream of streams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await services.close();
    },
  };
}
