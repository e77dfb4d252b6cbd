import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getAccount } from '../../../main/api/account';
import { getCallflow, listCallflows } from '../../../main/api/callflows';
import { KazooClient, type ClientOptions, type ConnectionSignal } from '../../../main/api/client';
import type { Credentials } from '../../../main/api/credentials';
import { createDevice, getDevice, listDevices, newDocumentId } from '../../../main/api/devices';
import { listUsers } from '../../../main/api/users';
import { systemClock } from '../../../main/clock';
import { createLogger } from '../../../main/log';
import { startSandbox, type Sandbox } from '../../../main/sandbox/server';
import type { SandboxOptions } from '../../../main/sandbox/options';
import { deleteDocument, patchDocument } from '../../../main/api/documents';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

async function sandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const sb = await startSandbox({ rateLimit: false, seed: 7, ...options });
  open.push(sb);
  return sb;
}

function client(sb: Sandbox, options: Partial<ClientOptions> = {}, lines: string[] = []): KazooClient {
  const credentials: Credentials = { method: 'api_key', apiKey: sb.credentials.apiKey };
  const created = new KazooClient({
    baseUrl: sb.url,
    accountId: sb.account.id,
    credentials,
    log: createLogger((line) => lines.push(line)),
    rateLimit: null,
    retry: { retries: 8, baseDelayMs: 1, maxDelayMs: 5 },
    random: () => 0.5,
    ...options,
  });
  open.push(created);
  return created;
}

const device = (n: number) => ({
  name: `Desk ${n}`,
  device_type: 'sip_device',
  sip: { username: `desk_${n}`, password: `Secret-${n}-pass` },
  mac_address: `00:15:65:00:${(n >> 8).toString(16).padStart(2, '0')}:${(n & 0xff).toString(16).padStart(2, '0')}`,
});

describe('authentication', () => {
  it('signs in with an API key and names the account', async () => {
    const sb = await sandbox();
    const api = client(sb);
    expect(await getAccount(api)).toMatchObject({ ok: true, value: { id: sb.account.id, name: sb.account.name } });
    expect(api.stats.authentications).toBe(1);
  });

  it('signs in with username, password and account name (md5 of lower(user):password)', async () => {
    const sb = await sandbox();
    const api = client(sb, {
      credentials: {
        method: 'user_password',
        username: sb.credentials.username.toUpperCase(),
        password: sb.credentials.password,
        accountName: sb.account.name,
      },
    });
    expect((await listDevices(api)).ok).toBe(true);
  });

  it('says plainly when the API key or the password is wrong', async () => {
    const sb = await sandbox();
    const wrongKey = await client(sb, { credentials: { method: 'api_key', apiKey: 'f'.repeat(64) } }).authenticate();
    expect(wrongKey).toMatchObject({ ok: false, error: { kind: 'auth', message: expect.stringMatching(/API key/) } });
    const wrongPassword = await client(sb, {
      credentials: { method: 'user_password', username: sb.credentials.username, password: 'nope-nope', accountName: sb.account.name },
    }).authenticate();
    expect(wrongPassword).toMatchObject({ ok: false, error: { kind: 'auth' } });
  });

  it('re-authenticates once when a token expires mid-run', async () => {
    let now = Date.now();
    const sb = await sandbox({ clock: { now: () => now }, tokenTtlSeconds: 60 });
    const api = client(sb, { refreshMarginMs: 0 });
    expect((await listDevices(api)).ok).toBe(true);
    now += 61_000; // the server's clock moves past the token's exp; the client's does not know
    expect((await listDevices(api)).ok).toBe(true);
    expect(api.stats.authentications).toBe(2);
  });

  it('renews the token before its exp without meeting a 401', async () => {
    let now = Date.now();
    const sb = await sandbox({ clock: { now: () => now }, tokenTtlSeconds: 120 });
    const clientNow = { value: now };
    const api = client(sb, { clock: { ...systemClock, now: () => clientNow.value }, refreshMarginMs: 60_000 });
    await listDevices(api);
    clientNow.value += 70_000;
    now += 70_000;
    await listDevices(api);
    expect(api.stats.authentications).toBe(2);
    expect(sb.state.stats().byStatus[401] ?? 0).toBe(0);
  });

  it('uses a token shorter-lived than the refresh margin for half its life, not for one request', async () => {
    let now = Date.now();
    const sb = await sandbox({ clock: { now: () => now }, tokenTtlSeconds: 20 });
    const api = client(sb, { clock: { ...systemClock, now: () => now } });
    for (let n = 0; n < 5; n += 1) expect((await listDevices(api)).ok).toBe(true);
    expect(api.stats.authentications).toBe(1);
    now += 11_000;
    expect((await listDevices(api)).ok).toBe(true);
    expect(api.stats.authentications).toBe(2);
    expect(sb.state.stats().byStatus[401] ?? 0).toBe(0);
  });

  it('reports a rejected pasted token without trying to log in', async () => {
    const sb = await sandbox();
    const api = client(sb, { credentials: { method: 'token', token: 'not.a.token' } });
    expect(await listDevices(api)).toMatchObject({ ok: false, error: { kind: 'auth', message: expect.stringMatching(/token/) } });
    expect(api.stats.authentications).toBe(0);
  });
});

describe('lists', () => {
  it('reads every device in one request, whichever shape the items have', async () => {
    const sb = await sandbox();
    const api = client(sb);
    for (let n = 0; n < 120; n += 1) expect((await createDevice(api, device(n))).ok).toBe(true);
    const before = api.stats.requests;
    const listed = await listDevices(api);
    expect(listed.ok && listed.value).toHaveLength(120);
    expect(api.stats.requests - before).toBe(1);
    const first = listed.ok ? listed.value.find((d) => d.name === 'Desk 5') : undefined;
    expect(first).toMatchObject({ sipUsername: 'desk_5', macAddress: '001565000005', deviceType: 'sip_device', enabled: true });
  });

  it('passes filters through to the server', async () => {
    const sb = await sandbox();
    const api = client(sb);
    await createDevice(api, { ...device(1), device_type: 'softphone' });
    await createDevice(api, { ...device(2), enabled: false });
    const softphones = await listDevices(api, { filter_device_type: 'softphone' });
    expect(softphones.ok && softphones.value.map((d) => d.name)).toEqual(['Desk 1']);
    const disabled = await listDevices(api, { filter_enabled: false });
    expect(disabled.ok && disabled.value.map((d) => d.name)).toEqual(['Desk 2']);
  });

  it('lists users for owner lookup', async () => {
    const sb = await sandbox({ demo: true, autoRegister: false });
    const users = await listUsers(client(sb));
    expect(users.ok && users.value.length).toBeGreaterThan(0);
    expect(users.ok && users.value[0]).toMatchObject({ id: expect.stringMatching(/^[0-9a-f]{32}$/) });
  });

  it('lists callflows with numbers, patterns and owner in one request; the document names the flow’s target', async () => {
    const sb = await sandbox();
    const api = client(sb);
    const owner = newDocumentId();
    const deviceId = newDocumentId();
    const put = (data: Record<string, unknown>) => api.account('PUT', '/callflows', { body: { data } });
    expect(
      (
        await put({
          name: 'Ana',
          type: 'mainUserCallflow',
          numbers: ['201'],
          owner_id: owner,
          flow: { module: 'user', data: { id: owner } },
        })
      ).ok,
    ).toBe(true);
    expect((await put({ numbers: ['202', '2125550123'], flow: { module: 'device', data: { id: deviceId } } })).ok).toBe(true);
    expect((await put({ name: 'Sales', patterns: ['^2\\d{3}$'], flow: { module: 'ring_group', data: {} } })).ok).toBe(true);
    const before = api.stats.requests;
    const listed = await listCallflows(api);
    expect(api.stats.requests - before).toBe(1);
    expect(listed.ok && [...listed.value].sort((a, b) => (a.numbers[0] ?? '').localeCompare(b.numbers[0] ?? ''))).toEqual([
      {
        id: expect.any(String),
        name: 'Sales',
        type: null,
        numbers: [],
        patterns: ['^2\\d{3}$'],
        ownerId: null,
        modules: ['ring_group'],
        target: null,
      },
      {
        id: expect.any(String),
        name: 'Ana',
        type: 'mainUserCallflow',
        numbers: ['201'],
        patterns: [],
        ownerId: owner,
        modules: ['user'],
        target: null,
      },
      {
        id: expect.any(String),
        name: null,
        type: null,
        numbers: ['202', '+12125550123'],
        patterns: [],
        ownerId: null,
        modules: ['device'],
        target: null,
      },
    ]);
    const deviceCallflow = listed.ok ? listed.value.find((callflow) => callflow.modules.includes('device')) : undefined;
    const read = await getCallflow(api, deviceCallflow!.id);
    expect(read).toMatchObject({ ok: true, value: { numbers: ['202', '+12125550123'], target: { module: 'device', id: deviceId } } });
  });
});

describe('writes', () => {
  it('creates, patches (null deletes a field) and deletes', async () => {
    const sb = await sandbox();
    const api = client(sb);
    const created = await createDevice(api, { ...device(1), caller_id: { internal: { number: '1001' } } });
    if (!created.ok) throw new Error(created.error.message);
    const id = created.value.device.id;
    expect(await patchDocument(api, 'devices', id, { name: 'Renamed', caller_id: null })).toMatchObject({
      ok: true,
      value: { document: { name: 'Renamed', device_type: 'sip_device' } },
    });
    const fetched = await getDevice(api, id);
    expect(fetched.ok && fetched.value.caller_id).toBeUndefined();
    expect(await deleteDocument(api, 'devices', id)).toEqual({ ok: true, value: { id, alreadyGone: false } });
    expect(await deleteDocument(api, 'devices', id)).toEqual({ ok: true, value: { id, alreadyGone: true } });
  });

  it('keeps KAZOO field paths on validation errors', async () => {
    const sb = await sandbox();
    const api = client(sb);
    const result = await createDevice(api, { name: 'x'.repeat(129), sip: { username: 'ok_user', password: 'abc' } });
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : (result.error.fields ?? []).map((field) => `${field.path}:${field.code}`);
    expect(paths).toEqual(expect.arrayContaining(['name:maxLength', 'sip.password:minLength']));
    expect(result).toMatchObject({ ok: false, error: { kind: 'validation' } });
  });

  it('reports a real duplicate SIP username as a field error', async () => {
    const sb = await sandbox();
    const api = client(sb);
    await createDevice(api, device(1));
    const duplicate = await createDevice(api, { ...device(2), sip: { username: 'DESK_1', password: 'Another-pass1' } });
    expect(duplicate).toMatchObject({ ok: false, error: { kind: 'validation', fields: [{ path: 'sip.username', code: 'unique' }] } });
  });

  it('asks before accepting charges', async () => {
    const sb = await sandbox({ charges: true });
    const api = client(sb);
    expect(await createDevice(api, device(1))).toMatchObject({ ok: false, error: { kind: 'charges_required' } });
    expect(await createDevice(api, device(1), { acceptCharges: true })).toMatchObject({ ok: true });
  });
});

describe('faults', () => {
  it('never creates a device twice when responses are lost after commit', async () => {
    const sb = await sandbox({ seed: 11, faults: { unavailable: 0.1, reset: 0.1, lost: 0.25 } });
    const api = client(sb);
    const results = [];
    for (let n = 0; n < 60; n += 1) results.push(await createDevice(api, device(n)));
    expect(results.every((result) => result.ok)).toBe(true);
    expect(results.some((result) => result.ok && result.value.existed)).toBe(true);
    sb.configure({ faults: { unavailable: 0, reset: 0, lost: 0 } });
    const stored = sb.state.devices();
    expect(stored).toHaveLength(60);
    expect(new Set(stored.map((doc) => doc.name)).size).toBe(60);
    expect(api.stats.retries).toBeGreaterThan(0);
  });

  it('retries reads through resets and 503s', async () => {
    const sb = await sandbox({ seed: 3 });
    const api = client(sb);
    await createDevice(api, device(1));
    sb.configure({ faults: { unavailable: 0.3, reset: 0.3, lost: 0 } });
    for (let n = 0; n < 30; n += 1) expect((await listDevices(api)).ok).toBe(true);
  });

  it('does not retry a validation error', async () => {
    const sb = await sandbox();
    const api = client(sb);
    const before = sb.state.stats().requests;
    await createDevice(api, { name: '' });
    // one create, then no retry (a 400 is not a unique-conflict, so no GET either)
    expect(sb.state.stats().requests - before).toBe(2);
  });

  it('gives up on an address where nothing listens after one retry when someone is waiting, and keeps trying in bulk work', async () => {
    const sb = await sandbox();
    const url = sb.url;
    await sb.close();
    const attempts = async (priority: 'interactive' | 'bulk') => {
      const api = client(sb, {
        baseUrl: url,
        retry: { retries: 5, baseDelayMs: 1, maxDelayMs: 1 },
        credentials: { method: 'token', token: 't' },
      });
      await listDevices(api, {}, { priority });
      return api.stats.requests;
    };
    expect(await attempts('interactive')).toBe(2);
    expect(await attempts('bulk')).toBe(6);
  });

  it('says the server is unreachable when nothing listens', async () => {
    const sb = await sandbox();
    const url = sb.url;
    await sb.close();
    const api = client(sb, { baseUrl: url, retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    expect(await listDevices(api)).toMatchObject({
      ok: false,
      error: { kind: 'network', message: expect.stringMatching(/cannot be reached/) },
    });
  });
});

describe('pacing', () => {
  it('keeps to the rate limit instead of collecting 429s', async () => {
    const sb = await sandbox({ rateLimit: { burst: 10, perSecond: 100 } });
    const api = client(sb, { rateLimit: { burst: 10, perSecond: 100 } });
    const results = await Promise.all(Array.from({ length: 80 }, () => listDevices(api, {}, { priority: 'bulk' })));
    expect(results.every((result) => result.ok)).toBe(true);
    expect(sb.state.stats().tooManyRequests).toBe(0);
  });

  it('adapts when the server is stricter than the model, and every request still succeeds', async () => {
    const sb = await sandbox({ rateLimit: { burst: 5, perSecond: 50 } });
    const api = client(sb, { rateLimit: { burst: 50, perSecond: 500 } });
    const results = await Promise.all(Array.from({ length: 60 }, () => listDevices(api, {}, { priority: 'bulk' })));
    expect(results.every((result) => result.ok)).toBe(true);
    expect(api.stats.throttled).toBeGreaterThan(0);
    expect(api.stats.throttled).toBeLessThan(60);
  });
});

describe('what requests learn about the connection', () => {
  const states = (signals: ConnectionSignal[]) => signals.map((signal) => signal.state);

  it('tells signed in, key refused (only after a fresh sign-in failed too) and unreachable, and not a 404 of one item', async () => {
    const sb = await sandbox();
    const signals: ConnectionSignal[] = [];
    const api = client(sb, { onSignal: (signal) => signals.push(signal) });
    expect((await listDevices(api)).ok).toBe(true);
    expect((await getDevice(api, newDocumentId())).ok).toBe(false);
    expect(states(signals)).toEqual(['signed_in']);

    const refused: ConnectionSignal[] = [];
    const wrongKey = client(sb, { credentials: { method: 'api_key', apiKey: 'not-the-key' }, onSignal: (signal) => refused.push(signal) });
    expect((await listDevices(wrongKey)).ok).toBe(false);
    expect(refused).toEqual([{ state: 'key_refused', message: expect.stringMatching(/rejected the API key/), at: expect.any(Number) }]);

    const url = sb.url;
    await sb.close();
    const gone: ConnectionSignal[] = [];
    const unreachable = client(sb, {
      baseUrl: url,
      retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 1 },
      onSignal: (signal) => gone.push(signal),
    });
    await listDevices(unreachable);
    expect(gone).toEqual([{ state: 'unreachable', message: expect.stringMatching(/cannot be reached/), at: expect.any(Number) }]);
  });

  it('tells rate-limited, with the time the next request may go, when the server keeps answering 429', async () => {
    const sb = await sandbox({ rateLimit: { burst: 2, perSecond: 0.5 } });
    const signals: ConnectionSignal[] = [];
    const api = client(sb, { onSignal: (signal) => signals.push(signal) });
    const background = { priority: 'background' } as const;
    const results = await Promise.all(Array.from({ length: 4 }, () => listDevices(api, {}, background)));
    expect(results.some((result) => !result.ok && result.error.kind === 'rate_limited')).toBe(true);
    const limited = signals.find((signal) => signal.state === 'rate_limited');
    expect(limited).toBeDefined();
    if (limited?.state === 'rate_limited') expect(limited.until).toBeGreaterThan(limited.at);
  });
});

describe('TLS', () => {
  const hasOpenssl = (() => {
    try {
      execFileSync('openssl', ['version']);
      return true;
    } catch {
      return false;
    }
  })();

  it.skipIf(!hasOpenssl)('refuses an untrusted certificate and trusts it once its CA file is given', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tls-'));
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    const server = https.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_request, response) => {
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: 'success', auth_token: 'a.b.c', data: { account_id: 'a'.repeat(32) } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    open.push({ close: () => new Promise((resolve) => server.close(() => resolve())) });
    const baseUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const fake = { url: baseUrl, account: { id: 'a'.repeat(32) }, credentials: { apiKey: 'k'.repeat(64) } } as unknown as Sandbox;
    expect(await client(fake, { retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 } }).authenticate()).toMatchObject({
      ok: false,
      error: { kind: 'tls', message: expect.stringMatching(/certificate is not trusted/) },
    });
    expect(await client(fake, { caFile: cert }).authenticate()).toMatchObject({ ok: true });
  });
});

describe('secrets', () => {
  it('never writes the API key or the token to the log', async () => {
    const sb = await sandbox({ seed: 5 });
    const lines: string[] = [];
    const api = client(sb, {}, lines);
    sb.configure({ faults: { unavailable: 0, reset: 0.5, lost: 0 } });
    await listDevices(api);
    await createDevice(api, { ...device(1), id: newDocumentId() });
    const log = lines.join('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(log).not.toContain(sb.credentials.apiKey);
  });
});
