import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli/run';
import { startSandbox, type Sandbox } from '../../../main/sandbox/server';
import { capturedRun, sandboxEnv } from '../../support/cli-run';
import { startConnectProxy, type ConnectProxy, type ConnectProxyOptions } from '../../support/connect-proxy';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ rateLimit: false, demo: true, autoRegister: false, seed: 19 });
});
afterAll(async () => {
  await sb.close();
});

const proxies: ConnectProxy[] = [];
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});
async function proxy(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
  const started = await startConnectProxy(options);
  proxies.push(started);
  return started;
}

describe('audian-provision behind a proxy', () => {
  it.each(['HTTP_PROXY', 'http_proxy'])('sends every request through the proxy named in %s', async (variable) => {
    const through = await proxy();
    const before = sb.state.stats().requests;
    const run = capturedRun({ ...sandboxEnv(sb), [variable]: through.url });
    expect(await runCli(['devices', 'list', '--json'], run.io)).toBe(0);
    expect(JSON.parse(run.out())).toHaveLength(sb.state.devices().length);
    expect(new Set(through.tunnels)).toEqual(new Set([new URL(sb.url).host]));
    // Every request the sandbox answered during the command was carried by the proxy.
    expect(through.carriedRequests()).toBe(sb.state.stats().requests - before);
    expect(through.carriedRequests()).toBeGreaterThanOrEqual(2);
  });

  it('authenticates with the user name and password in the proxy address', async () => {
    const guarded = await proxy({ credentials: 'tech:Pr0xy-pass' });
    const run = capturedRun({ ...sandboxEnv(sb), HTTP_PROXY: `http://tech:Pr0xy-pass@127.0.0.1:${guarded.port}` });
    expect(await runCli(['devices', 'list'], run.io)).toBe(0);
    expect(guarded.carriedRequests()).toBeGreaterThanOrEqual(2);
    expect(run.err()).not.toContain('Pr0xy-pass');
  });

  it('goes straight to a server named in NO_PROXY', async () => {
    const unused = await proxy();
    const run = capturedRun({ ...sandboxEnv(sb), HTTP_PROXY: unused.url, no_proxy: '127.0.0.1' });
    expect(await runCli(['devices', 'list'], run.io)).toBe(0);
    expect(unused.tunnels).toEqual([]);
  });

  it.each([
    [{ refuseWith: 407 }, /proxy 127\.0\.0\.1:\d+ asks for a user name and password \(HTTP 407\)/],
    [{ refuseWith: 403 }, /proxy 127\.0\.0\.1:\d+ refused to connect to the server \(HTTP 403\)/],
  ])('says in one line that the proxy refused (%j) and exits 1', async (options, message) => {
    const strict = await proxy(options);
    const run = capturedRun({ ...sandboxEnv(sb), HTTP_PROXY: strict.url });
    expect(await runCli(['devices', 'list'], run.io)).toBe(1);
    expect(run.err()).toMatch(message);
    expect(run.err().trim().split('\n')).toHaveLength(1);
  });

  it('says the proxy cannot be reached when nothing listens there', async () => {
    const gone = await startConnectProxy();
    await gone.close();
    const run = capturedRun({ ...sandboxEnv(sb), HTTP_PROXY: gone.url });
    expect(await runCli(['devices', 'list'], run.io)).toBe(1);
    expect(run.err()).toMatch(/proxy 127\.0\.0\.1:\d+ cannot be reached \(ECONNREFUSED\)/);
  });
});
