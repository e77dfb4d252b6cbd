import { createHash } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { fail, ok, type AppError, type Result } from '../../common/ipc/result';
import { sleep, systemClock, type Clock } from '../clock';
import type { Logger } from '../log';
import { secretsOf, type Credentials } from './credentials';
import { isEnvelope, type KazooEnvelope } from './envelope';
import { httpError, isRetryableStatus, isUnreachable, transportError, type RequestDescription } from './errors';
import { CaFileError, createRoute, ProxySettingsError, type HttpOptions, type Route } from './http';
import { proxyError } from './proxy-errors';
import { probeCertificate } from './certificate';
import { jwtExpiry } from './jwt';
import type { LearnedPace } from '../../common/import/types';
import {
  KAZOO_DEFAULT_RATE_LIMIT,
  RateLimiter,
  type Priority,
  type RateLimitOptions,
  type RequestPace,
  type Settlement,
} from './rate-limiter';
import { backoffDelay, DEFAULT_RETRY, type RetryOptions } from './retry';

export interface ClientOptions extends HttpOptions {
  /** e.g. https://api.audian.com:8443 (a trailing /v2 is tolerated). */
  baseUrl: string;
  accountId: string;
  credentials: Credentials;
  log: Logger;
  /**
   * The server's limit as first assumed (KAZOO's default unless said); the client learns the real
   * one from the answers. null turns pacing off (for servers known to have no limit).
   */
  rateLimit?: RateLimitOptions | null;
  retry?: RetryOptions;
  clock?: Clock;
  random?: () => number;
  /** Re-authenticate this long before the token's `exp`. */
  refreshMarginMs?: number;
  /** Told what each answer showed about the connection itself, so the app can show its real state. */
  onSignal?: (signal: ConnectionSignal) => void;
}

/**
 * What a request learnt about the connection as a whole, beside its own answer: the server took
 * the credentials, refused them (after one fresh sign-in), could not be reached, or kept
 * answering 429 (KAZOO sends no Retry-After: `until` is when the rate model lets the next request go).
 */
export type ConnectionSignal =
  | { state: 'signed_in'; at: number }
  | { state: 'key_refused'; message: string; at: number }
  | { state: 'unreachable'; message: string; at: number }
  | { state: 'rate_limited'; until: number; at: number };

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  priority?: Priority;
  /**
   * Send again when the server may or may not have carried the request out: after a lost
   * connection, a timeout or a server error (5xx). True by default; false for requests whose
   * repetition the user would notice (a test call that rings twice), or whose caller must know
   * that it went exactly once (a batch's first create, which then decides itself).
   */
  resendWhenUnsure?: boolean;
  /**
   * Stops the request before it is sent or between retries. A request already on the wire runs
   * to its answer: the server would carry it out anyway, and the caller must learn the outcome.
   */
  signal?: AbortSignal;
  /** The most this answer may hold (RESPONSE_LIMITS.document unless said). */
  maxResponseBytes?: number;
}

const MB = 1024 * 1024;

/**
 * The most an answer may hold, by kind of request: far above what a real one holds, so that a
 * hostile or mistyped server cannot fill main's memory with an endless body.
 */
export const RESPONSE_LIMITS = {
  /** A token and a few account fields. */
  signIn: 1 * MB,
  /** One document, or what an action answers. */
  document: 16 * MB,
  /** A whole listing: 100,000 devices take about 15 MB, 10,000 registrations about 13 MB. */
  list: 256 * MB,
} as const;

export interface Answer<T> {
  status: number;
  envelope: KazooEnvelope<T>;
  /** How many times the request was sent: above 1, an earlier attempt may have been applied. */
  attempts: number;
}

export interface ClientStats {
  requests: number;
  retries: number;
  throttled: number;
  authentications: number;
}

export interface AuthInfo {
  accountId: string;
  accountName?: string;
  ownerId?: string;
}

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };
const MAX_THROTTLED_RETRIES = 20;
const DEFAULT_REFRESH_MARGIN_MS = 60_000;

/**
 * The Audian/KAZOO Crossbar client. Every request waits its turn in the rate-limit model, carries
 * a fresh token, and is retried with backoff when the network or the server hiccups; a 401 leads
 * to one re-authentication. Failures come back as values.
 */
export class KazooClient {
  readonly stats: ClientStats = { requests: 0, retries: 0, throttled: 0, authentications: 0 };
  readonly accountId: string;
  private readonly origin: string;
  private readonly prefix: string;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly retry: RetryOptions;
  private readonly limiter: RateLimiter;
  private readonly authLimiter: RateLimiter;
  private route: Promise<Route> | undefined;
  private token: string | undefined;
  /** When to log in again, by our clock; 0 = not known, only after a 401. */
  private tokenRenewAt = 0;
  private authInfo: AuthInfo | undefined;
  private authenticating: Promise<Result<string>> | undefined;
  private inFlight = 0;

  constructor(private readonly options: ClientOptions) {
    const url = new URL(options.baseUrl);
    this.origin = url.origin;
    this.prefix = url.pathname.replace(/\/+$/, '').replace(/\/v2$/, '');
    this.accountId = options.accountId;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.retry = options.retry ?? DEFAULT_RETRY;
    const rateLimit = options.rateLimit === undefined ? KAZOO_DEFAULT_RATE_LIMIT : options.rateLimit;
    this.limiter = new RateLimiter(rateLimit && { reserve: 1, ...rateLimit }, this.clock);
    // KAZOO counts authentication in a bucket of its own (per client address, no account).
    this.authLimiter = new RateLimiter(rateLimit, this.clock);
    for (const secret of secretsOf(options.credentials)) options.log.protect(secret);
    if (options.proxyCredentials) options.log.protect(options.proxyCredentials.password);
  }

  /** How fast requests may go now, by the rate-limit model (which learns from the server's 429s and reported tokens). */
  requestPace(): RequestPace {
    return this.limiter.pace();
  }

  /** The server's limit as the client has learnt it, and the requests it keeps in flight. */
  learnedPace(): LearnedPace {
    return this.limiter.learnedPace();
  }

  /** A request under /v2/accounts/{account}; `path` starts with a slash, e.g. `/devices`. */
  account<T>(method: string, path: string, options: RequestOptions = {}): Promise<Result<Answer<T>>> {
    return this.request<T>(method, `/v2/accounts/${this.accountId}${path}`, options);
  }

  /** Authenticates now if needed; tells who the credentials belong to. */
  async authenticate(): Promise<Result<AuthInfo>> {
    const token = this.report(await this.validToken());
    return token.ok ? ok(this.authInfo ?? { accountId: this.accountId }) : token;
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<Result<Answer<T>>> {
    return this.report(await this.attempt<T>(method, path, options));
  }

  /** Passes on what an outcome says about the connection; answers that say nothing about it (a 404, a 400) are not passed on. */
  private report<T>(result: Result<T>): Result<T> {
    const at = this.clock.now();
    if (result.ok) {
      this.options.onSignal?.({ state: 'signed_in', at });
      return result;
    }
    const { kind, message } = result.error;
    if (kind === 'auth') this.options.onSignal?.({ state: 'key_refused', message, at });
    else if (kind === 'network' || kind === 'timeout' || kind === 'tls' || kind === 'proxy')
      this.options.onSignal?.({ state: 'unreachable', message, at });
    else if (kind === 'rate_limited') {
      const until = Math.max(at + 1000, this.limiter.readyAt(), this.authLimiter.readyAt());
      this.options.onSignal?.({ state: 'rate_limited', until, at });
    }
    return result;
  }

  private async attempt<T>(method: string, path: string, options: RequestOptions): Promise<Result<Answer<T>>> {
    const description: RequestDescription = { method, path };
    const resendWhenUnsure = options.resendWhenUnsure ?? true;
    let reauthenticated = false;
    let failures = 0;
    let throttled = 0;
    let attempts = 0;
    for (;;) {
      let grant;
      try {
        grant = await this.limiter.acquire(options.priority ?? 'interactive', options.signal);
      } catch {
        return fail('cancelled', 'Cancelled.');
      }
      const token = await this.validToken();
      if (!token.ok) {
        this.limiter.settle(grant, { kind: 'unanswered' });
        return token;
      }
      attempts += 1;
      const sent = await this.send(method, path, token.value, options);
      this.limiter.settle(grant, settlementOf(sent));
      if (!sent.ok) {
        // Someone waiting at the screen learns at once that nothing listens there; bulk work keeps trying through site outages.
        const retries =
          (options.priority ?? 'interactive') === 'interactive' && isUnreachable(sent.error)
            ? Math.min(1, this.retry.retries)
            : this.retry.retries;
        if (sent.error.kind === 'cancelled' || sameWhenSentAgain(sent.error) || !resendWhenUnsure || failures >= retries) return sent;
        failures += 1;
        if (!(await this.backoff(failures, options.signal))) return fail('cancelled', 'Cancelled.');
        continue;
      }
      const { status, envelope } = sent.value;
      if (status >= 200 && status < 300 && envelope) {
        return ok({ status, envelope: envelope as KazooEnvelope<T>, attempts });
      }
      if (status === 401 && !reauthenticated && this.options.credentials.method !== 'token') {
        reauthenticated = true;
        this.forgetToken(token.value);
        continue;
      }
      // Background work (the registration poller) has its own, slower backoff: it gives the bucket back at once.
      const throttledRetries = options.priority === 'background' ? 1 : MAX_THROTTLED_RETRIES;
      if (status === 429 && throttled < throttledRetries) {
        throttled += 1;
        this.stats.throttled += 1;
        this.stats.retries += 1;
        continue;
      }
      if (isRetryableStatus(status) && status !== 429 && resendWhenUnsure && failures < this.retry.retries) {
        failures += 1;
        // A 503 with other requests on the way is the server taking no more at once: the limiter
        // has lowered the requests in flight, and the next slot that frees carries it again.
        if (status === 503 && this.inFlight > 0) {
          this.stats.retries += 1;
          continue;
        }
        if (!(await this.backoff(failures, options.signal))) return fail('cancelled', 'Cancelled.');
        continue;
      }
      const error = httpError(status, envelope, description);
      if (status === 401 && this.options.credentials.method === 'token') {
        error.message = 'The pasted auth token has expired or was revoked. Paste a new token, or connect with an API key.';
      }
      return { ok: false, error };
    }
  }

  /** Every item of a list: one request with paginate=false, or page by page where the server insists. */
  async listAll<T>(path: string, options: RequestOptions = {}): Promise<Result<T[]>> {
    const listing = { maxResponseBytes: RESPONSE_LIMITS.list, ...options };
    const whole = await this.account<T[]>('GET', path, { ...listing, query: { ...options.query, paginate: false } });
    if (!whole.ok) {
      if (!whole.error.detail?.includes('HTTP 416')) return whole;
    } else if (whole.value.envelope.next_start_key === undefined) {
      return ok(whole.value.envelope.data ?? []);
    }
    const items: T[] = [];
    let startKey: unknown;
    const seenKeys = new Set<string>();
    for (;;) {
      const page = await this.account<T[]>('GET', path, {
        ...listing,
        query: { ...options.query, page_size: 500, ...(startKey === undefined ? {} : { start_key: String(startKey) }) },
      });
      if (!page.ok) return page;
      const data = page.value.envelope.data ?? [];
      items.push(...data);
      startKey = page.value.envelope.next_start_key;
      if (startKey === undefined || startKey === null || startKey === '') return ok(items);
      // Paging must make progress: a key seen before, or a page with nothing new, would go on for ever.
      const key = String(startKey);
      if (data.length === 0 || seenKeys.has(key)) {
        return fail(
          'server',
          `${this.origin} keeps sending the same page of ${path}, so the list never ends. Check the server address of this connection.`,
          {
            detail: `GET ${path}: next_start_key ${JSON.stringify(key).slice(0, 80)} after ${items.length} items`,
          },
        );
      }
      seenKeys.add(key);
    }
  }

  async close(): Promise<void> {
    const route = this.route;
    this.route = undefined;
    if (route) await (await route.catch(() => null))?.dispatcher.close();
  }

  private async send(
    method: string,
    path: string,
    token: string | null,
    options: RequestOptions,
  ): Promise<Result<{ status: number; envelope: KazooEnvelope | undefined }>> {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) query.set(key, String(value));
    const fullPath = `${this.prefix}${path}${query.size > 0 ? `?${query}` : ''}`;
    this.stats.requests += 1;
    this.inFlight += 1;
    let route: Route | undefined;
    try {
      route = await (this.route ??= createRoute(this.origin, this.options));
      const response = await route.dispatcher.request({
        origin: this.origin,
        method,
        path: fullPath,
        headers: { ...JSON_HEADERS, ...(token ? { 'x-auth-token': token } : {}) },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
      const limit = options.maxResponseBytes ?? RESPONSE_LIMITS.document;
      const text = await this.bodyText(response, limit);
      if (text === null) {
        return fail(
          'server',
          `${this.origin} sent a larger answer to ${method} ${path} than any Audian answer holds. Check the server address of this connection.`,
          { detail: `${method} ${path}: over ${limit / MB} MB` },
        );
      }
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      return ok({ status: response.statusCode, envelope: isEnvelope(parsed) ? parsed : undefined });
    } catch (error) {
      if (error instanceof CaFileError) {
        // Made again on the next request, so a file put right is picked up without a restart.
        this.route = undefined;
        return fail('tls', error.message, { detail: `${method} ${path}: CA file` });
      }
      if (error instanceof ProxySettingsError) {
        this.route = undefined;
        return fail('proxy', error.message, { detail: `${method} ${path}: ${error.detail ?? 'proxy settings'}` });
      }
      this.options.log.warn('api.transport_error', { method, path, error });
      const failure = proxyError(error, route?.proxyUrl ?? null, { method, path }) ?? transportError(error, { method, path });
      if (failure.kind === 'tls' && route?.proxyUrl === null) await this.describeCertificate(failure);
      return { ok: false, error: failure };
    } finally {
      this.inFlight -= 1;
    }
  }

  /** Names the certificate the server showed, so the user can compare it and pin it (direct connections only). */
  private async describeCertificate(failure: AppError): Promise<void> {
    const shown = await probeCertificate(this.origin, this.options.connectTimeoutMs ?? 10_000);
    if (!shown) return;
    const { subject, issuer, sha256 } = shown;
    failure.certificate = { subject, issuer, sha256 };
    failure.message = `The server's certificate is not trusted (subject ${subject}; issued by ${issuer}; SHA-256 fingerprint ${sha256}). If the server's administrator confirms this fingerprint, pin the certificate for this connection; otherwise add its CA certificate file.`;
  }

  /** The body as text, or null once it passes `limit` bytes (declared or read): the rest is not read. */
  private async bodyText(response: Dispatcher.ResponseData, limit: number): Promise<string | null> {
    const declared = Number(response.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      response.body.destroy();
      return null;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) {
        response.body.destroy();
        return null;
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  private async backoff(attempt: number, signal?: AbortSignal): Promise<boolean> {
    this.stats.retries += 1;
    try {
      await sleep(this.clock, backoffDelay(attempt - 1, this.retry, this.random), signal);
      return true;
    } catch {
      return false;
    }
  }

  private forgetToken(used: string | null): void {
    if (this.token === used) this.token = undefined;
  }

  /** The current token, renewed shortly before it expires; concurrent callers share one login. */
  private async validToken(): Promise<Result<string>> {
    const credentials = this.options.credentials;
    if (credentials.method === 'token') return ok(credentials.token);
    if (this.token && (this.tokenRenewAt === 0 || this.clock.now() < this.tokenRenewAt)) return ok(this.token);
    this.authenticating ??= this.login().finally(() => {
      this.authenticating = undefined;
    });
    return this.authenticating;
  }

  private async login(): Promise<Result<string>> {
    const credentials = this.options.credentials;
    if (credentials.method === 'token') return ok(credentials.token);
    const body =
      credentials.method === 'api_key'
        ? { path: '/v2/api_auth', data: { api_key: credentials.apiKey } }
        : {
            path: '/v2/user_auth',
            data: {
              credentials: createHash('md5').update(`${credentials.username.toLowerCase()}:${credentials.password}`).digest('hex'),
              account_name: credentials.accountName,
              method: 'md5',
            },
          };
    let failures = 0;
    for (;;) {
      const grant = await this.authLimiter.acquire('interactive');
      this.stats.authentications += 1;
      const sent = await this.send('PUT', body.path, null, { body: { data: body.data }, maxResponseBytes: RESPONSE_LIMITS.signIn });
      this.authLimiter.settle(grant, settlementOf(sent));
      if (!sent.ok) {
        if (sameWhenSentAgain(sent.error) || failures >= this.retry.retries) return sent;
        failures += 1;
        await this.backoff(failures);
        continue;
      }
      const { status, envelope } = sent.value;
      if (status >= 200 && status < 300 && envelope?.auth_token) {
        const token = envelope.auth_token;
        this.options.log.protect(token);
        const expiry = jwtExpiry(token);
        this.token = token;
        this.tokenRenewAt = renewalTime(
          expiry && expiry * 1000,
          this.clock.now(),
          this.options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS,
        );
        const data = (envelope.data ?? {}) as { account_id?: string; account_name?: string; owner_id?: string };
        this.authInfo = { accountId: data.account_id ?? this.accountId, accountName: data.account_name, ownerId: data.owner_id };
        return ok(token);
      }
      if ((status === 429 || isRetryableStatus(status)) && failures < this.retry.retries) {
        failures += 1;
        await this.backoff(failures);
        continue;
      }
      return { ok: false, error: this.loginError(status, envelope) };
    }
  }

  private loginError(status: number, envelope: KazooEnvelope | undefined): AppError {
    const method = this.options.credentials.method;
    // An unknown API key is a 404 on /api_auth, not a 401.
    if (status === 401 || (status === 404 && method === 'api_key')) {
      return fail(
        'auth',
        method === 'api_key'
          ? 'The server rejected the API key. Copy it again from the Audian account settings.'
          : 'The server rejected the username, password or account name.',
        { detail: `PUT ${method === 'api_key' ? '/v2/api_auth' : '/v2/user_auth'}: HTTP ${status}` },
      ).error;
    }
    return httpError(status, envelope, { method: 'PUT', path: method === 'api_key' ? '/v2/api_auth' : '/v2/user_auth' });
  }
}

/** What an attempt tells the rate-limit model. */
function settlementOf(sent: Result<{ status: number; envelope: KazooEnvelope | undefined }>): Settlement {
  if (!sent.ok) return { kind: 'unanswered' };
  if (sent.value.status === 429) return { kind: 'throttled' };
  if (sent.value.status === 503) return { kind: 'busy' };
  return { kind: 'answered', remaining: sent.value.envelope?.tokens?.remaining };
}

/** An answer too large to read, or a certificate not trusted: sending again gets the same. */
const sameWhenSentAgain = (error: AppError): boolean => error.kind === 'server' || error.kind === 'tls' || error.kind === 'proxy';

/**
 * `margin` before exp, but never in the first half of the token's life: a site that issues
 * tokens for a few minutes (or seconds, in tests) would otherwise see a login before every
 * request. An exp already past by our clock (a skewed clock) tells nothing: renew after a 401.
 */
function renewalTime(expiresAt: number | null, now: number, marginMs: number): number {
  if (expiresAt === null || expiresAt <= now) return 0;
  return expiresAt - Math.min(marginMs, (expiresAt - now) / 2);
}
