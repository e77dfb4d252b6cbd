/** Real HTTP against an in-process sandbox: start it, log in, send KAZOO-style requests. */
import { request } from 'undici';
import type { Sandbox, SandboxOptions } from '../../../main/sandbox/server';
import { startSandbox } from '../../../main/sandbox/server';
import { ManualClock } from '../../support/manual-clock';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown> & { data?: unknown };
  text: string;
}

export interface CallOptions {
  token?: string | undefined;
  data?: unknown;
  envelope?: Record<string, unknown>;
  raw?: string | Buffer;
  headers?: Record<string, string>;
}

type Method = 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS' | 'TRACE';

export async function call(sb: Sandbox, method: Method, path: string, o: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.token) headers['x-auth-token'] = o.token;
  let body: string | Buffer | undefined = o.raw;
  if (body === undefined && (o.data !== undefined || o.envelope !== undefined)) {
    body = JSON.stringify({ ...o.envelope, ...(o.data !== undefined ? { data: o.data } : {}) });
  }
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const res = await request(`${sb.url}${path}`, { method, headers, body });
  const text = await res.body.text();
  let parsed: Answer['body'] = {};
  if (text !== '') parsed = JSON.parse(text) as Answer['body'];
  return { status: res.statusCode, headers: res.headers, body: parsed, text };
}

export async function login(sb: Sandbox): Promise<string> {
  const res = await call(sb, 'PUT', '/v2/api_auth', { data: { api_key: sb.credentials.apiKey } });
  if (res.status !== 201) throw new Error(`api_auth failed: ${res.text}`);
  return res.body['auth_token'] as string;
}

/** A sandbox with the rate limit off and the /_sandbox/ control API on, unless a test says otherwise, plus a token. */
export async function started(options: SandboxOptions = {}): Promise<{ sb: Sandbox; token: string }> {
  const sb = await startSandbox({ rateLimit: false, controlRoutes: true, ...options });
  return { sb, token: await login(sb) };
}

export const devicesPath = (sb: Sandbox, suffix = ''): string => `/v2/accounts/${sb.account.id}/devices${suffix}`;
export const usersPath = (sb: Sandbox, suffix = ''): string => `/v2/accounts/${sb.account.id}/users${suffix}`;
export const vmboxesPath = (sb: Sandbox, suffix = ''): string => `/v2/accounts/${sb.account.id}/vmboxes${suffix}`;
export const callflowsPath = (sb: Sandbox, suffix = ''): string => `/v2/accounts/${sb.account.id}/callflows${suffix}`;

export const hexId = (n: number): string => n.toString(16).padStart(32, '0');

/** The sandbox's time at a fixed Monday morning: tests move it instead of sleeping. */
export const manualClock = (): ManualClock => new ManualClock(Date.UTC(2025, 0, 6, 9, 0, 0));
