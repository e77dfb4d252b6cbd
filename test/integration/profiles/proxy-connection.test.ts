import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connectionInputSchema, type ConnectionInputDraft } from '../../../common/profiles';
import { createLogger } from '../../../main/log';
import { startSandbox, type Sandbox } from '../../../main/sandbox/server';
import { createMemoryStore } from '../../../main/secrets/memory-store';
import { proxySecretId } from '../../../main/secrets/secret-store';
import { createServices, type Services } from '../../../main/services';
import { startConnectProxy, type ConnectProxy } from '../../support/connect-proxy';

const PROXY_PASSWORD = 'Pr0xy-pass word';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

/** The services as the desktop app builds them, the system proxy settings naming `proxy` for every server. */
function services(proxy: ConnectProxy) {
  const lines: string[] = [];
  const log = createLogger((line) => lines.push(line));
  const secrets = createMemoryStore(log, 'Session only (test).');
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'proxy-connection-'));
  const created: Services = createServices({
    host: 'electron',
    version: 'test',
    platform: 'linux',
    log,
    publish: () => {},
    userDataDir,
    secrets,
    proxy: { kind: 'system', resolve: async () => `PROXY 127.0.0.1:${proxy.port}; DIRECT` },
  });
  open.push(created);
  return { ...created, lines, secrets, userDataDir };
}

async function setup() {
  const sb = await startSandbox({ rateLimit: false, demo: true, autoRegister: false, seed: 19 });
  open.push(sb);
  const proxy = await startConnectProxy({ credentials: `tech:${PROXY_PASSWORD}` });
  open.push(proxy);
  return { sb, proxy };
}

const input = (sb: Sandbox, extra: Partial<ConnectionInputDraft> = {}) =>
  connectionInputSchema.parse({
    name: 'Harborview',
    baseUrl: sb.url,
    accountId: sb.account.id,
    auth: { method: 'api_key' },
    secret: sb.credentials.apiKey,
    ...extra,
  });

describe('a connection behind an authenticating proxy', () => {
  it('signs in to the proxy with the saved user name and the keychain password, kept out of the file, the view and the log', async () => {
    const { sb, proxy } = await setup();
    const app = services(proxy);
    const saved = await app.connections.save(input(sb, { proxyUsername: 'tech', proxyPassword: PROXY_PASSWORD }));
    if (!saved.ok) throw new Error(saved.error.message);
    expect(saved.value.proxyUsername).toBe('tech');
    expect(await app.secrets.get(proxySecretId(saved.value.id))).toBe(PROXY_PASSWORD);

    const check = await app.connections.check(saved.value.id);
    expect(check).toMatchObject({ ok: true, value: { accountName: sb.account.name } });
    expect(proxy.carriedRequests()).toBe(sb.state.stats().requests);

    const everywhere = [
      readFileSync(path.join(app.userDataDir, 'connections.json'), 'utf8'),
      JSON.stringify(await app.connections.overview()),
      app.lines.join('\n'),
    ];
    for (const text of everywhere) expect(text).not.toContain(PROXY_PASSWORD);
  });

  it('says it was the proxy when no proxy password is saved, and what to do', async () => {
    const { sb, proxy } = await setup();
    const app = services(proxy);
    const saved = await app.connections.save(input(sb));
    if (!saved.ok) throw new Error(saved.error.message);
    expect(await app.connections.check(saved.value.id)).toMatchObject({
      ok: false,
      error: { kind: 'proxy', message: expect.stringMatching(/asks for a user name and password.*connection settings/) },
    });
    expect(sb.state.stats().requests).toBe(0);
  });

  it('asks for the password with a new proxy user name, keeps it on other edits, and forgets it with the user name', async () => {
    const { sb, proxy } = await setup();
    const app = services(proxy);
    expect(connectionInputSchema.safeParse({ ...input(sb), proxyUsername: 'tech' }).error?.issues[0]?.path).toEqual(['proxyPassword']);
    const saved = await app.connections.save(input(sb, { proxyUsername: 'tech', proxyPassword: PROXY_PASSWORD }));
    if (!saved.ok) throw new Error(saved.error.message);
    const { id } = saved.value;
    const edit = (extra: Partial<ConnectionInputDraft>) =>
      app.connections.save(
        connectionInputSchema.parse({
          id,
          name: 'Harborview',
          baseUrl: sb.url,
          accountId: sb.account.id,
          auth: { method: 'api_key' },
          ...extra,
        }),
      );

    expect(await edit({ name: 'Harborview', proxyUsername: 'other' })).toMatchObject({
      ok: false,
      error: { fields: [{ path: 'proxyPassword' }] },
    });
    expect(await edit({ proxyUsername: 'tech' })).toMatchObject({ ok: true });
    expect(await app.connections.check(id)).toMatchObject({ ok: true });

    expect(await edit({})).toMatchObject({ ok: true, value: { id } });
    expect(await app.secrets.get(proxySecretId(id))).toBeNull();
  });

  it('removes the proxy password with the connection', async () => {
    const { sb, proxy } = await setup();
    const app = services(proxy);
    const saved = await app.connections.save(input(sb, { proxyUsername: 'tech', proxyPassword: PROXY_PASSWORD }));
    if (!saved.ok) throw new Error(saved.error.message);
    expect(await app.connections.remove(saved.value.id)).toMatchObject({ ok: true });
    expect(await app.secrets.get(proxySecretId(saved.value.id))).toBeNull();
  });
});
