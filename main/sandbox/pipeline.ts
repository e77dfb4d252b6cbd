/**
 * One HTTP request through the sandbox, in Crossbar's order behind its proxy: capacity (503 beyond
 * `maxInFlight`), faults, body (8 MB cap), latency, envelope parsing, route (404/405), malformed
 * body (400), token (401), bucket (429), account (404/403), handler. Nothing a client sends can
 * crash it or produce a stack trace.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { App, Reply, RequestContext } from './context';
import type { JsonObject } from '../api/device-schema';
import { isObject } from './docs';
import type { EnvelopeMeta } from './envelope';
import {
  KazooError,
  datastoreFault,
  errorEnvelope,
  forbidden,
  invalidAccountId,
  invalidCredentials,
  malformedJson,
  methodNotAllowed,
  notFound,
  payloadTooLarge,
  serverBusy,
  successEnvelope,
  tooManyRequests,
  unspecifiedFault,
  validationError,
} from './envelope';
import type { FaultInjector } from './faults';
import { isKazooId, md5, newId } from './ids';
import type { TokenBuckets } from './rate-limit';
import type { Router } from './router';

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS, HEAD, PATCH',
  'access-control-allow-headers':
    'content-type, depth, user-agent, x-http-method-override, x-file-name, x-requested-with, if-match, if-none-match, x-auth-token, x-request-id, x-pretty-print',
  'access-control-expose-headers': 'content-type, x-auth-token, x-request-id, x-kazoo-cluster-id, location, etag, etags',
  'access-control-max-age': '86400',
};

export interface Pipeline {
  app: App;
  api: Router;
  control: Router;
  faults: FaultInjector;
  buckets: TokenBuckets;
}

type Body = { kind: 'ok'; text: string } | { kind: 'too-large' } | { kind: 'aborted' };

/** Reads the body, giving up (without reading further) as soon as it passes `limit` bytes. */
function readBody(req: IncomingMessage, limit: number): Promise<Body> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ kind: 'too-large' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        resolve({ kind: 'too-large' });
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve({ kind: 'ok', text: Buffer.concat(chunks).toString('utf8') }));
    req.on('error', () => resolve({ kind: 'aborted' }));
    // After 'end' this resolves nothing (the promise is settled); before it, the client gave up.
    req.on('close', () => resolve({ kind: 'aborted' }));
  });
}

function clientIp(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}

const lowerKeys = (o: JsonObject): JsonObject => Object.fromEntries(Object.entries(o).map(([k, v]) => [k.toLowerCase(), v]));

/** Node's parser message plus the position, like KAZOO's "<error> around <pos>". */
function parserMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : 'invalid JSON';
  const at = /position (\d+)/.exec(text);
  return `${text.replace(/ in JSON at position \d+.*$/, '')} around ${at ? at[1] : '0'}`;
}

interface Parsed {
  envelope: JsonObject;
  error: KazooError | undefined;
}

function parseEnvelope(text: string): Parsed {
  if (text.trim() === '') return { envelope: {}, error: undefined };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { envelope: {}, error: malformedJson(parserMessage(e)) };
  }
  if (!isObject(parsed)) return { envelope: {}, error: malformedJson('request envelope is not a JSON object around 0') };
  const envelope = lowerKeys(parsed);
  const data = envelope['data'];
  if (data !== undefined && (data === null || typeof data !== 'object')) {
    return {
      envelope,
      error: validationError({
        data: { type: { message: 'Value did not match type(s): object, array', target: ['object', 'array'], value: data } },
      }),
    };
  }
  return { envelope, error: undefined };
}

interface Outcome {
  status: number;
  body: JsonObject | undefined;
  headers: Record<string, string>;
}

function send(req: IncomingMessage, res: ServerResponse, requestId: string, outcome: Outcome, pretty: boolean): void {
  const headers: Record<string, string> = { ...CORS_HEADERS, 'x-request-id': requestId, ...outcome.headers };
  if (outcome.body === undefined) {
    res.writeHead(outcome.status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(outcome.body, null, pretty ? 4 : undefined);
  headers['content-type'] = 'application/json';
  headers['content-length'] = String(Buffer.byteLength(text));
  if (!req.headers['content-type'] && req.method !== 'GET') headers['x-rfc2616'] = "Section 14.17 (Try it, you'll like it)";
  res.writeHead(outcome.status, headers);
  res.end(text);
}

export function createRequestHandler(p: Pipeline): (req: IncomingMessage, res: ServerResponse) => void {
  const { app } = p;
  const { stats } = app.state;
  /** /v2 requests between arrival and answer (or dropped connection). */
  let inFlight = 0;

  const meta = (requestId: string, authToken: string | undefined, tokens?: EnvelopeMeta['tokens']): EnvelopeMeta => ({
    requestId,
    authToken,
    now: app.options.clock.now(),
    tokens,
  });

  const failure = (m: EnvelopeMeta, err: KazooError): Outcome =>
    // cowboy answers a failed If-Match itself, without a KAZOO body.
    err.status === 412 ? { status: 412, body: undefined, headers: {} } : { status: err.status, body: errorEnvelope(m, err), headers: {} };

  function runApi(req: IncomingMessage, url: URL, text: string, requestId: string): Outcome {
    const parsed = parseEnvelope(text);
    const { envelope } = parsed;
    let method = req.method ?? 'GET';
    const tunnelled = url.searchParams.get('verb') ?? envelope['verb'];
    if (method === 'POST' && typeof tunnelled === 'string') method = tunnelled.toUpperCase();
    const headerToken = req.headers['x-auth-token'];
    const token =
      (typeof headerToken === 'string' ? headerToken : undefined) ??
      url.searchParams.get('auth_token') ??
      (typeof envelope['auth_token'] === 'string' ? envelope['auth_token'] : undefined);
    let m = meta(requestId, token);

    const match = p.api.match(method, url.pathname);
    if (match.kind === 'not-found') return failure(m, notFound());
    if (match.kind === 'method-not-allowed') return failure(m, methodNotAllowed());
    if (parsed.error) return failure(m, parsed.error);

    const claims = match.route.auth && token !== undefined ? app.tokens.verify(token) : undefined;
    if (match.route.auth && (!claims || claims.account_id !== app.state.account.id)) return failure(m, invalidCredentials());

    const limit = app.options.rateLimit;
    if (limit) {
      const admission = p.buckets.take(`${clientIp(req)}/${claims?.account_id ?? 'no_account'}`, limit);
      if (!admission.allowed) {
        stats.tooManyRequests++;
        return failure(m, tooManyRequests());
      }
      m = meta(requestId, token, { consumed: 1, remaining: admission.remaining });
    }

    const account = match.params['account'];
    if (account !== undefined) {
      if (!isKazooId(account)) return failure(m, invalidAccountId(account));
      if (account !== app.state.account.id) return failure(m, forbidden());
    }

    const ifMatch = req.headers['if-match'];
    const ctx: RequestContext = {
      method,
      params: match.params,
      query: url.searchParams,
      envelope,
      data: envelope['data'] ?? {},
      requestId,
      clientIp: clientIp(req),
      claims,
      authToken: token,
      ifMatch: typeof ifMatch === 'string' ? ifMatch : undefined,
    };
    let reply: Reply;
    try {
      reply = match.handler(ctx);
    } catch (err) {
      if (err instanceof KazooError) return failure(m, err);
      console.error('sandbox: unexpected error', err);
      return failure(m, unspecifiedFault());
    }
    if (reply.authToken !== undefined) m = { ...m, authToken: reply.authToken };
    const revision = reply.revision ?? md5(JSON.stringify(reply.data));
    const headers: Record<string, string> = { etag: `"${revision}"`, ...reply.headers };
    return { status: reply.status ?? 200, body: successEnvelope(m, reply.data, revision, reply.paging), headers };
  }

  function runControl(req: IncomingMessage, url: URL, text: string): Outcome {
    const parsed = parseEnvelope(text);
    const match = p.control.match(req.method ?? 'GET', url.pathname);
    const problem = (status: number, error: string, message: string): Outcome => ({
      status,
      body: { status: 'error', error, message },
      headers: {},
    });
    if (match.kind === 'not-found') return problem(404, 'not_found', 'no such control endpoint');
    if (match.kind === 'method-not-allowed') return problem(405, 'invalid_method', 'method not allowed');
    if (parsed.error) return problem(400, 'invalid_json', 'the body is not a JSON object');
    const ctx: RequestContext = {
      method: req.method ?? 'GET',
      params: match.params,
      query: url.searchParams,
      envelope: parsed.envelope,
      data: parsed.envelope['data'] ?? parsed.envelope,
      requestId: newId(),
      clientIp: clientIp(req),
      claims: undefined,
      authToken: undefined,
      ifMatch: undefined,
    };
    try {
      return { status: 200, body: { status: 'success', data: match.handler(ctx).data }, headers: {} };
    } catch (err) {
      if (err instanceof KazooError) {
        const detail = isObject(err.data) ? String(err.data['message'] ?? err.kazooMessage) : err.kazooMessage;
        return problem(err.status, err.kazooMessage, detail);
      }
      console.error('sandbox: unexpected error', err);
      return problem(500, 'unspecified_fault', 'unexpected error');
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    stats.requests++;
    const headerId = req.headers['x-request-id'];
    const requestId = typeof headerId === 'string' && headerId !== '' ? headerId : newId();
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const pretty = req.headers['x-pretty-print'] === 'true' || url.searchParams.get('pretty_print') === 'true';
    const count = (status: number): void => {
      stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
    };

    if (req.method === 'OPTIONS') {
      count(200);
      send(req, res, requestId, { status: 200, body: undefined, headers: {} }, false);
      return;
    }

    const isApi = url.pathname.startsWith('/v2/');
    if (!isApi) return handleAdmitted(req, res, url, requestId, pretty, count, false);
    const limit = app.options.maxInFlight;
    if (limit !== false && inFlight >= limit) {
      stats.overCapacity++;
      count(503);
      send(req, res, requestId, { status: 503, body: errorEnvelope(meta(requestId, undefined), serverBusy()), headers: {} }, pretty);
      return;
    }
    // Counted down right after the answer is written, before any other I/O is handled: a client
    // that sends its next request on reading this answer always finds the slot free.
    inFlight++;
    try {
      await handleAdmitted(req, res, url, requestId, pretty, count, true);
    } finally {
      inFlight--;
    }
  }

  async function handleAdmitted(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    requestId: string,
    pretty: boolean,
    count: (status: number) => void,
    isApi: boolean,
  ): Promise<void> {
    const fault = isApi ? p.faults.draw() : undefined;
    if (fault === 'reset') {
      stats.faults.reset++;
      req.socket.destroy();
      return;
    }

    const body = await readBody(req, app.options.maxBodyBytes);
    if (body.kind === 'aborted') return;
    if (isApi && app.options.latencyMs > 0) await sleep(app.options.latencyMs);

    if (body.kind === 'too-large') {
      count(413);
      // Stop reading: answer, then drop the connection instead of draining megabytes.
      res.on('finish', () => req.socket.destroy());
      send(
        req,
        res,
        requestId,
        {
          status: 413,
          body: errorEnvelope(meta(requestId, undefined), payloadTooLarge(app.options.maxBodyBytes)),
          headers: { connection: 'close' },
        },
        pretty,
      );
      return;
    }
    if (fault === 'unavailable') {
      stats.faults.unavailable++;
      count(503);
      send(req, res, requestId, { status: 503, body: errorEnvelope(meta(requestId, undefined), datastoreFault()), headers: {} }, pretty);
      return;
    }

    const outcome = isApi
      ? runApi(req, url, body.text, requestId)
      : url.pathname.startsWith('/_sandbox/')
        ? runControl(req, url, body.text)
        : { status: 404, body: errorEnvelope(meta(requestId, undefined), notFound()), headers: {} };
    if (fault === 'lost') {
      // Handled and committed; the answer never reaches the client.
      stats.faults.lost++;
      req.socket.destroy();
      return;
    }
    count(outcome.status);
    send(req, res, requestId, outcome, pretty);
  }

  return (req, res) => {
    handle(req, res).catch((err: unknown) => {
      console.error('sandbox: request failed', err);
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: 'error', error: '500', message: 'unspecified_fault', data: { message: 'unspecified fault' } }));
      } else {
        res.destroy();
      }
    });
  };
}
