/**
 * Threat 1 of docs/SECURITY.md, a compromised renderer, tries to carry a saved secret to its own
 * server: it lists the connections, saves one again with its own address and no secret (which
 * keeps the saved secret when only the name or the account changes), then checks, activates and
 * uses it. The secret is bound to the origin and certificate authority it was typed for: the
 * listener standing in for the attacker's server receives nothing at all.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestChannel, RequestInput } from '../../../common/ipc/contract';
import type { Result } from '../../../common/ipc/result';
import { createRouter } from '../../../main/ipc/router';
import { createLogger } from '../../../main/log';
import { startSandbox, type Sandbox } from '../../../main/sandbox/server';
import { createMemoryStore } from '../../../main/secrets/memory-store';
import { createServices, type Services } from '../../../main/services';

const TRUSTED = { frameUrl: 'app://audian/index.html', isMainFrame: true, webContentsId: 1 };

interface Listener {
  url: string;
  requests: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders; body: string }>;
  close(): Promise<void>;
}

/** The attacker's server: it records every request and answers like a KAZOO that signs anyone in. */
async function startListener(): Promise<Listener> {
  const requests: Listener['requests'] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ auth_token: 'x', data: { account_id: '0'.repeat(32) } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

let sb: Sandbox;
let listener: Listener;
let services: Services;
let dispatch: ReturnType<typeof createRouter>;

const call = <C extends RequestChannel>(channel: C, input: RequestInput<C>): Promise<Result<unknown>> => dispatch(channel, input, TRUSTED);

beforeAll(async () => {
  sb = await startSandbox({ rateLimit: false, autoRegister: false, seed: 5 });
  listener = await startListener();
  const log = createLogger(() => {});
  services = createServices({
    host: 'electron',
    version: 'test',
    platform: 'linux',
    log,
    publish: () => {},
    userDataDir: mkdtempSync(path.join(os.tmpdir(), 'secret-bound-')),
    secrets: createMemoryStore(log, 'test'),
  });
  dispatch = createRouter(services.handlers, () => true, log);
});

afterAll(async () => {
  await services.close();
  await listener.close();
  await sb.close();
});

async function savedConnection(auth: RequestInput<'connections:save'>['auth'], secret: string, name: string) {
  const saved = await call('connections:save', { name, baseUrl: sb.url, accountId: sb.account.id, auth, secret });
  if (!saved.ok) throw new Error(saved.error.message);
  return saved.value as { id: string; name: string; accountId: string; auth: RequestInput<'connections:save'>['auth'] };
}

/** Whatever the listener received that a secret of the sandbox's, or a hash of one, appears in. */
function leaked(): string[] {
  const { username, password, apiKey } = sb.credentials;
  const md5 = createHash('md5').update(`${username.toLowerCase()}:${password}`).digest('hex');
  const text = JSON.stringify(listener.requests);
  return [apiKey, password, md5].filter((secret) => text.includes(secret));
}

describe('a saved secret is bound to the server it was typed for', () => {
  it.each([
    ['an API key', { method: 'api_key' as const }, () => sb.credentials.apiKey],
    [
      'a user name and password',
      { method: 'user_password' as const, username: 'placeholder', accountName: 'placeholder' },
      () => sb.credentials.password,
    ],
  ])('re-pointing a connection that holds %s at another server needs the secret again', async (label, method, secretOf) => {
    const auth =
      method.method === 'user_password'
        ? { method: 'user_password' as const, username: sb.credentials.username, accountName: sb.account.name }
        : method;
    const saved = await savedConnection(auth, secretOf(), `Site (${label})`);

    const repointed = await call('connections:save', {
      id: saved.id,
      name: saved.name,
      baseUrl: `${listener.url}/v2/exfil`,
      accountId: saved.accountId,
      auth,
    });
    expect(repointed).toMatchObject({ ok: false, error: { kind: 'invalid_request', fields: [{ path: 'secret', code: 'required' }] } });
    // Everything a renderer can do with the connection afterwards still goes to the real server.
    expect(await call('connections:check', { id: saved.id })).toMatchObject({ ok: true });
    expect(await call('connections:activate', { id: saved.id })).toMatchObject({ ok: true });
    expect(await call('devices:list', { refresh: true })).toMatchObject({ ok: true });
    expect(listener.requests).toEqual([]);
    expect(leaked()).toEqual([]);
  });

  it('a changed certificate authority file needs the secret again too', async () => {
    const saved = await savedConnection({ method: 'api_key' }, sb.credentials.apiKey, 'Site (CA)');
    const ca = path.join(mkdtempSync(path.join(os.tmpdir(), 'ca-')), 'attacker-ca.pem');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n');
    const withCa = await call('connections:save', {
      id: saved.id,
      name: saved.name,
      baseUrl: sb.url,
      accountId: saved.accountId,
      auth: saved.auth,
      caFile: ca,
    });
    expect(withCa).toMatchObject({ ok: false, error: { fields: [{ path: 'secret' }] } });
  });

  it('renaming a connection, or another path on the same server, keeps its secret', async () => {
    const saved = await savedConnection({ method: 'api_key' }, sb.credentials.apiKey, 'Site (rename)');
    const renamed = await call('connections:save', {
      id: saved.id,
      name: 'Site, front office',
      baseUrl: `${sb.url}/`,
      accountId: saved.accountId,
      auth: saved.auth,
    });
    expect(renamed).toMatchObject({ ok: true });
    expect(await call('connections:check', { id: saved.id })).toMatchObject({ ok: true });
  });

  it('typing the secret again for the new server is the technician moving the connection, and is kept', async () => {
    const saved = await savedConnection({ method: 'api_key' }, sb.credentials.apiKey, 'Site (moved)');
    const moved = await call('connections:save', {
      id: saved.id,
      name: saved.name,
      baseUrl: listener.url,
      accountId: saved.accountId,
      auth: saved.auth,
      secret: 'a-key-for-the-new-server',
    });
    expect(moved).toMatchObject({ ok: true });
  });
});
