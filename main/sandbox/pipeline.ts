/**
 * One HTTP request through the sandbox, in Crossbar's order behind its proxy: capacity (503 beyond
 * `maxInFlight`), faults, body (8 MB cap), latency, envelope parsing, route (404/405), malformed
 * body (400), token (401), bucket (429), account (404/403), handler. Nothing a client sends can
 * crash it or produce a stack trace.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { App, Reply, RequestContext } from './context';
import type { JsonObject } from '../kazoo-schemas/validate';
import { isObject } from './docs';
import type { EnvelopeMeta } from './envelope';

/** What nginx, in front of a KAZOO cluster, answers when the server behind it is too slow. */
const GATEWAY_TIMEOUT_PAGE =
  '<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n<center><h1>504 Gateway Time-out</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
import {
  KazooError,
  datastoreFault,
  errorEnvelope,
  forbidden,
  invalidAccountId,
  invalidCredentials,
  malformedJson,
  methodNotAllowed,
  misdirected,
  notFound,
  payloadTooLarge,
  serverBusy,
  successEnvelope,
  tooManyRequests,
  unspecifiedFault,
  validationError,
} from './envelope';
import type { FaultInjector } from './faults';
import type { DocumentChange } from './state';
import { isKazooId, md5, newId } from './ids';
import type { TokenBuckets } from './rate-limit';
import type { Router } from './router';

/**
 * No CORS headers: KAZOO sends them for Monster UI, but the sandbox holds a demo account (with SIP
 * passwords, and possibly a technician's real sheet) on this computer, and no web page the user
 * opens may read it.
 */
const ALLOWED_METHODS = 'GET, POST, PUT, DELETE, OPTIONS, HEAD, PATCH';

export interface Pipeline {
  app: App;
  api: Router;
  /** Null when the control API is off (the app's demo mode, and `npm run sandbox` without --control). */
  control: Router | null;
  faults: FaultInjector;
  buckets: TokenBuckets;
  /** Whether a request's Host header names this server, so a page on another domain rebound to 127.0.0.1 is turned away. */
  isOwnHost: (host: string | undefined) => boolean;
}

type Body = { kind: 'ok'; text: string } | { kind: 'too-large' } | { kind: 'aborted' };

/** Reads the body, giving up (without reading further) as soon as it passes `limit` bytes. */
function readBody(request: IncomingMessage, limit: number): Promise<Body> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ kind: 'too-large' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        request.off('data', onData);
        request.pause();
        resolve({ kind: 'too-large' });
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.on('end', () => resolve({ kind: 'ok', text: Buffer.concat(chunks).toString('utf8') }));
    request.on('error', () => resolve({ kind: 'aborted' }));
    // After 'end' this resolves nothing (the promise is settled); before it, the client gave up.
    request.on('close', () => resolve({ kind: 'aborted' }));
  });
}

function clientIp(request: IncomingMessage): string {
  return request.socket.remoteAddress ?? 'unknown';
}

const lowerKeys = (fields: JsonObject): JsonObject =>
  Object.fromEntries(Object.entries(fields).map(([key, value]) => [key.toLowerCase(), value]));

/** Node's parser message plus the position, like KAZOO's "<error> around <pos>". */
function parserMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : 'invalid JSON';
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
  } catch (error) {
    return { envelope: {}, error: malformedJson(parserMessage(error)) };
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
  /** The document a successful write changed (see DocumentChange), known before its answer goes out. */
  change?: Omit<DocumentChange, 'answered'>;
}

const WRITES = new Set(['PUT', 'POST', 'PATCH', 'DELETE']);
/** `/v2/accounts/{account}/{collection}` or `/v2/accounts/{account}/{collection}/{id}`: a document write, not an action on it. */
const DOCUMENT_PATH = /^\/v2\/accounts\/[^/]+\/([a-z_]+)(?:\/([^/]+))?$/;

function documentChangeOf(method: string, pathname: string, data: unknown): Omit<DocumentChange, 'answered'> | undefined {
  const match = WRITES.has(method) ? DOCUMENT_PATH.exec(pathname) : null;
  const id = match?.[2] ?? (isObject(data) && typeof data['id'] === 'string' ? data['id'] : undefined);
  return match && id !== undefined ? { method, collection: match[1]!, id } : undefined;
}

/** How one request is answered, counted in the stats: with an outcome, or refused with KAZOO's error envelope before any handler ran. */
interface Answering {
  answer(outcome: Outcome): void;
  refuse(error: KazooError, headers?: Record<string, string>): void;
}

function send(request: IncomingMessage, response: ServerResponse, requestId: string, outcome: Outcome, pretty: boolean): void {
  const headers: Record<string, string> = { 'x-request-id': requestId, ...outcome.headers };
  if (outcome.body === undefined) {
    response.writeHead(outcome.status, headers);
    response.end();
    return;
  }
  const text = JSON.stringify(outcome.body, null, pretty ? 4 : undefined);
  headers['content-type'] = 'application/json';
  headers['content-length'] = String(Buffer.byteLength(text));
  if (!request.headers['content-type'] && request.method !== 'GET') headers['x-rfc2616'] = "Section 14.17 (Try it, you'll like it)";
  response.writeHead(outcome.status, headers);
  response.end(text);
}

export function createRequestHandler(pipeline: Pipeline): (request: IncomingMessage, response: ServerResponse) => void {
  const { app } = pipeline;
  const { stats } = app.state;
  /** /v2 requests between arrival and answer (or dropped connection). */
  let inFlight = 0;

  const envelopeMeta = (requestId: string, authToken: string | undefined, tokens?: EnvelopeMeta['tokens']): EnvelopeMeta => ({
    requestId,
    authToken,
    now: app.options.clock.now(),
    tokens,
  });

  const failure = (meta: EnvelopeMeta, error: KazooError): Outcome =>
    // cowboy answers a failed If-Match itself, without a KAZOO body.
    error.status === 412
      ? { status: 412, body: undefined, headers: {} }
      : { status: error.status, body: errorEnvelope(meta, error), headers: {} };

  function runApi(request: IncomingMessage, url: URL, text: string, requestId: string): Outcome {
    const parsed = parseEnvelope(text);
    const { envelope } = parsed;
    let method = request.method ?? 'GET';
    const tunnelled = url.searchParams.get('verb') ?? envelope['verb'];
    if (method === 'POST' && typeof tunnelled === 'string') method = tunnelled.toUpperCase();
    const headerToken = request.headers['x-auth-token'];
    const token =
      (typeof headerToken === 'string' ? headerToken : undefined) ??
      url.searchParams.get('auth_token') ??
      (typeof envelope['auth_token'] === 'string' ? envelope['auth_token'] : undefined);
    let meta = envelopeMeta(requestId, token);

    const match = pipeline.api.match(method, url.pathname);
    if (match.kind === 'not-found') return failure(meta, notFound());
    if (match.kind === 'method-not-allowed') return failure(meta, methodNotAllowed());
    const route = `${method} ${match.route.path}`;
    stats.byRoute[route] = (stats.byRoute[route] ?? 0) + 1;
    if (parsed.error) return failure(meta, parsed.error);

    const claims = match.route.auth && token !== undefined ? app.tokens.verify(token) : undefined;
    if (match.route.auth && (!claims || claims.account_id !== app.state.account.id)) return failure(meta, invalidCredentials());

    const limit = app.options.rateLimit;
    if (limit) {
      const admission = pipeline.buckets.take(`${clientIp(request)}/${claims?.account_id ?? 'no_account'}`, limit);
      if (!admission.allowed) {
        stats.tooManyRequests++;
        return failure(meta, tooManyRequests());
      }
      if (app.options.envelopeTokens) meta = envelopeMeta(requestId, token, { consumed: 1, remaining: admission.remaining });
    }

    const account = match.params['account'];
    if (account !== undefined) {
      if (!isKazooId(account)) return failure(meta, invalidAccountId(account));
      if (account !== app.state.account.id) return failure(meta, forbidden());
    }

    const ifMatch = request.headers['if-match'];
    const context: RequestContext = {
      method,
      params: match.params,
      query: url.searchParams,
      envelope,
      data: envelope['data'] ?? {},
      requestId,
      clientIp: clientIp(request),
      claims,
      authToken: token,
      ifMatch: typeof ifMatch === 'string' ? ifMatch : undefined,
    };
    let reply: Reply;
    try {
      reply = match.handler(context);
    } catch (error) {
      if (error instanceof KazooError) return failure(meta, error);
      app.options.log.error('sandbox.unexpected_error', { requestId, method, path: url.pathname, error });
      return failure(meta, unspecifiedFault());
    }
    if (reply.authToken !== undefined) meta = { ...meta, authToken: reply.authToken };
    const revision = reply.revision ?? md5(JSON.stringify(reply.data));
    const headers: Record<string, string> = { etag: `"${revision}"`, ...reply.headers };
    const change = documentChangeOf(method, url.pathname, reply.data);
    return {
      status: reply.status ?? 200,
      body: successEnvelope(meta, reply.data, revision, reply.paging),
      headers,
      ...(change ? { change } : {}),
    };
  }

  function runControl(control: Router, request: IncomingMessage, url: URL, text: string): Outcome {
    const parsed = parseEnvelope(text);
    const match = control.match(request.method ?? 'GET', url.pathname);
    const problem = (status: number, error: string, message: string): Outcome => ({
      status,
      body: { status: 'error', error, message },
      headers: {},
    });
    if (match.kind === 'not-found') return problem(404, 'not_found', 'no such control endpoint');
    if (match.kind === 'method-not-allowed') return problem(405, 'invalid_method', 'method not allowed');
    if (parsed.error) return problem(400, 'invalid_json', 'the body is not a JSON object');
    const context: RequestContext = {
      method: request.method ?? 'GET',
      params: match.params,
      query: url.searchParams,
      envelope: parsed.envelope,
      data: parsed.envelope['data'] ?? parsed.envelope,
      requestId: newId(),
      clientIp: clientIp(request),
      claims: undefined,
      authToken: undefined,
      ifMatch: undefined,
    };
    try {
      return { status: 200, body: { status: 'success', data: match.handler(context).data }, headers: {} };
    } catch (error) {
      if (error instanceof KazooError) {
        const detail = isObject(error.data) ? String(error.data['message'] ?? error.kazooMessage) : error.kazooMessage;
        return problem(error.status, error.kazooMessage, detail);
      }
      app.options.log.error('sandbox.unexpected_error', {
        requestId: context.requestId,
        method: context.method,
        path: url.pathname,
        error,
      });
      return problem(500, 'unspecified_fault', 'unexpected error');
    }
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    stats.requests++;
    const headerId = request.headers['x-request-id'];
    const requestId = typeof headerId === 'string' && headerId !== '' ? headerId : newId();
    const url = new URL(request.url ?? '/', 'http://sandbox.invalid');
    const pretty = request.headers['x-pretty-print'] === 'true' || url.searchParams.get('pretty_print') === 'true';
    const count = (status: number): void => {
      stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
    };

    const answer = (outcome: Outcome): void => {
      count(outcome.status);
      send(request, response, requestId, outcome, pretty);
    };
    const answering: Answering = {
      answer,
      refuse: (error, headers = {}) =>
        answer({ status: error.status, body: errorEnvelope(envelopeMeta(requestId, undefined), error), headers }),
    };

    if (!pipeline.isOwnHost(request.headers.host)) return answering.refuse(misdirected());
    if (request.method === 'OPTIONS') return answer({ status: 204, body: undefined, headers: { allow: ALLOWED_METHODS } });

    const isApi = url.pathname.startsWith('/v2/');
    if (!isApi) return handleAdmitted(request, response, url, requestId, answering, false);
    const limit = app.options.maxInFlight;
    if (limit !== false && inFlight >= limit) {
      stats.overCapacity++;
      return answering.refuse(serverBusy());
    }
    // Counted down right after the answer is written, before any other I/O is handled: a client
    // that sends its next request on reading this answer always finds the slot free.
    inFlight++;
    try {
      await handleAdmitted(request, response, url, requestId, answering, true);
    } finally {
      inFlight--;
    }
  }

  async function handleAdmitted(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    requestId: string,
    { answer, refuse }: Answering,
    isApi: boolean,
  ): Promise<void> {
    const fault = isApi ? pipeline.faults.draw({ method: request.method ?? 'GET', path: url.pathname }) : undefined;
    if (fault === 'reset') {
      stats.faults.reset++;
      request.socket.destroy();
      return;
    }

    const body = await readBody(request, app.options.maxBodyBytes);
    if (body.kind === 'aborted') return;
    if (isApi && app.options.latencyMs > 0) await sleep(app.options.latencyMs);

    if (body.kind === 'too-large') {
      // Stop reading: answer, then drop the connection instead of draining megabytes.
      response.on('finish', () => request.socket.destroy());
      return refuse(payloadTooLarge(app.options.maxBodyBytes), { connection: 'close' });
    }
    if (fault === 'unavailable') {
      stats.faults.unavailable++;
      return refuse(datastoreFault());
    }

    const outcome = isApi
      ? runApi(request, url, body.text, requestId)
      : url.pathname.startsWith('/_sandbox/') && pipeline.control
        ? runControl(pipeline.control, request, url, body.text)
        : failure(envelopeMeta(requestId, undefined), notFound());
    if (outcome.change) app.state.documentChanges.push({ ...outcome.change, answered: fault === undefined });
    if (fault === 'lost') {
      // Handled and committed; the answer never reaches the client.
      stats.faults.lost++;
      request.socket.destroy();
      return;
    }
    if (fault === 'gateway_timeout') {
      response.writeHead(504, { 'content-type': 'text/html' });
      response.end(GATEWAY_TIMEOUT_PAGE);
      return;
    }
    answer(outcome);
  }

  return (request, response) => {
    handle(request, response).catch((error: unknown) => {
      app.options.log.error('sandbox.request_failed', { method: request.method, error });
      if (!response.headersSent) {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({ status: 'error', error: '500', message: 'unspecified_fault', data: { message: 'unspecified fault' } }),
        );
      } else {
        response.destroy();
      }
    });
  };
}
