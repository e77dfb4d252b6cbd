import { afterEach, describe, expect, it } from 'vitest';
import { getAccount } from '../../../main/api/account';
import { KazooClient, type ClientOptions } from '../../../main/api/client';
import { listDevices } from '../../../main/api/devices';
import { createLogger } from '../../../main/log';
import { startSandbox, type Sandbox } from '../../../main/sandbox/server';
import { startConnectProxy, type ConnectProxy, type ConnectProxyOptions } from '../../support/connect-proxy';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

async function sandbox(): Promise<Sandbox> {
  const sb = await startSandbox({ rateLimit: false, demo: true, seed: 19 });
  open.push(sb);
  return sb;
}

async function proxy(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
  const started = await startConnectProxy(options);
  open.push(started);
  return started;
}

function client(sb: Sandbox, options: Partial<ClientOptions>, lines: string[] = []): KazooClient {
  const created = new KazooClient({
    baseUrl: sb.url,
    accountId: sb.account.id,
    credentials: { method: 'api_key', apiKey: sb.credentials.apiKey },
    log: createLogger((line) => lines.push(line)),
    rateLimit: null,
    retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5 },
    ...options,
  });
  open.push(created);
  return created;
}

const sandboxHost = (sb: Sandbox) => new URL(sb.url).host;

describe('through the system proxy (the desktop app)', () => {
  it('sends every request through the proxy the system names for the server', async () => {
    const sb = await sandbox();
    const through = await proxy();
    const asked: string[] = [];
    const api = client(sb, {
      proxy: {
        kind: 'system',
        resolve: async (url) => {
          asked.push(url);
          return `PROXY 127.0.0.1:${through.port}; DIRECT`;
        },
      },
    });
    expect(await getAccount(api)).toMatchObject({ ok: true });
    const devices = await listDevices(api);
    expect(devices.ok).toBe(true);
    expect(asked).toEqual([new URL(sb.url).origin]);
    // None went around the proxy: every request the sandbox answered was carried in a tunnel to it.
    expect(new Set(through.tunnels)).toEqual(new Set([sandboxHost(sb)]));
    expect(through.carriedRequests()).toBe(sb.state.stats().requests);
    expect(sb.state.stats().requests).toBeGreaterThanOrEqual(2);
    expect(through.plainRequests).toEqual([]);
  });

  it('goes direct when the system says DIRECT', async () => {
    const sb = await sandbox();
    const unused = await proxy();
    const api = client(sb, { proxy: { kind: 'system', resolve: async () => 'DIRECT' } });
    expect(await getAccount(api)).toMatchObject({ ok: true });
    expect(unused.tunnels).toEqual([]);
  });

  it('sends the connection’s proxy user name and password when the proxy asks, and never logs the password', async () => {
    const sb = await sandbox();
    const guarded = await proxy({ credentials: 'tech:Pr0xy-pass' });
    const lines: string[] = [];
    const resolve = async () => `PROXY 127.0.0.1:${guarded.port}`;
    const refused = client(sb, { proxy: { kind: 'system', resolve } }, lines);
    const without = await getAccount(refused);
    expect(without).toMatchObject({
      ok: false,
      error: { kind: 'proxy', message: expect.stringMatching(/127\.0\.0\.1:\d+ asks for a user name and password/) },
    });
    const allowed = client(
      sb,
      { proxy: { kind: 'system', resolve }, proxyCredentials: { username: 'tech', password: 'Pr0xy-pass' } },
      lines,
    );
    expect(await getAccount(allowed)).toMatchObject({ ok: true });
    expect(lines.join('\n')).not.toContain('Pr0xy-pass');
  });

  it('says it was the proxy when the proxy refuses the server', async () => {
    const sb = await sandbox();
    const strict = await proxy({ refuseWith: 403 });
    const api = client(sb, { proxy: { kind: 'system', resolve: async () => `PROXY 127.0.0.1:${strict.port}` } });
    const result = await getAccount(api);
    expect(result).toMatchObject({
      ok: false,
      error: {
        kind: 'proxy',
        message: expect.stringMatching(/proxy 127\.0\.0\.1:\d+ refused to connect to the server \(HTTP 403\).*network administrator/),
      },
    });
    // A refusal is not a hiccup: it is not sent again and again.
    expect(strict.tunnels.length).toBe(1);
  });

  it('says it was the proxy when nothing listens at the proxy address', async () => {
    const sb = await sandbox();
    const gone = await startConnectProxy();
    await gone.close();
    const api = client(sb, { proxy: { kind: 'system', resolve: async () => `PROXY 127.0.0.1:${gone.port}` } });
    expect(await getAccount(api)).toMatchObject({
      ok: false,
      error: { kind: 'proxy', message: expect.stringMatching(/proxy 127\.0\.0\.1:\d+ cannot be reached \(ECONNREFUSED\)/) },
    });
  });

  it('refuses settings that name only proxies it cannot use, and sends nothing', async () => {
    const sb = await sandbox();
    const api = client(sb, { proxy: { kind: 'system', resolve: async () => 'SOCKS5 127.0.0.1:1080' } });
    expect(await getAccount(api)).toMatchObject({ ok: false, error: { kind: 'proxy' } });
    expect(sb.state.stats().requests).toBe(0);
  });
});

describe('through HTTPS_PROXY / HTTP_PROXY / NO_PROXY (the command line)', () => {
  it.each([['HTTP_PROXY'], ['http_proxy']])('tunnels every request through %s', async (variable) => {
    const sb = await sandbox();
    const through = await proxy();
    const api = client(sb, { proxy: { kind: 'environment', env: { [variable]: through.url } } });
    expect(await getAccount(api)).toMatchObject({ ok: true });
    expect(await listDevices(api)).toMatchObject({ ok: true });
    expect(new Set(through.tunnels)).toEqual(new Set([sandboxHost(sb)]));
    expect(through.carriedRequests()).toBe(sb.state.stats().requests);
  });

  it('takes the password from the proxy address of the variable', async () => {
    const sb = await sandbox();
    const guarded = await proxy({ credentials: 'tech:Pr0xy-pass' });
    const api = client(sb, { proxy: { kind: 'environment', env: { HTTP_PROXY: `http://tech:Pr0xy-pass@127.0.0.1:${guarded.port}` } } });
    expect(await getAccount(api)).toMatchObject({ ok: true });
    expect(guarded.tunnels.length).toBeGreaterThan(0);
  });

  it('goes direct to a server named in NO_PROXY', async () => {
    const sb = await sandbox();
    const unused = await proxy();
    const api = client(sb, { proxy: { kind: 'environment', env: { HTTP_PROXY: unused.url, NO_PROXY: 'example.com,127.0.0.1' } } });
    expect(await getAccount(api)).toMatchObject({ ok: true });
    expect(unused.tunnels).toEqual([]);
    expect(sb.state.stats().requests).toBeGreaterThan(0);
  });

  it('says it was the proxy when the proxy refuses', async () => {
    const sb = await sandbox();
    const strict = await proxy({ refuseWith: 407 });
    const api = client(sb, { proxy: { kind: 'environment', env: { HTTP_PROXY: strict.url } } });
    expect(await getAccount(api)).toMatchObject({ ok: false, error: { kind: 'proxy', message: expect.stringMatching(/HTTP 407/) } });
  });
});
