import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../main/sandbox/server';
import { startSandbox } from '../../../main/sandbox/server';
import { call, callflowsPath, devicesPath, hexId, login, manualClock, started, usersPath, vmboxesPath } from './helpers';

type Data = Record<string, unknown>;

describe('token bucket', () => {
  const clock = manualClock();
  let sb: Sandbox;
  let token: string;

  beforeAll(async () => {
    sb = await startSandbox({ rateLimit: { burst: 5, perSecond: 10 }, clock });
    token = await login(sb);
  });
  afterAll(() => sb.close());

  it('admits the burst, then answers 429 too_many_requests without Retry-After', async () => {
    const remaining: unknown[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await call(sb, 'GET', devicesPath(sb), { token });
      expect(res.status).toBe(200);
      remaining.push((res.body['tokens'] as Data)['remaining']);
    }
    expect(remaining).toEqual([4, 3, 2, 1, 0]);
    const limited = await call(sb, 'GET', devicesPath(sb), { token });
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBeUndefined();
    expect(limited.body).toMatchObject({
      error: '429',
      message: 'too_many_requests',
      status: 'error',
      data: { message: 'too many requests' },
    });
    expect(sb.state.stats().tooManyRequests).toBe(1);
  });

  it('refills continuously at the configured rate', async () => {
    await clock.advance(100); // 10/s: exactly one token
    expect((await call(sb, 'GET', devicesPath(sb), { token })).status).toBe(200);
    expect((await call(sb, 'GET', devicesPath(sb), { token })).status).toBe(429);
    await clock.advance(250); // 2.5 tokens
    expect((await call(sb, 'GET', devicesPath(sb), { token })).status).toBe(200);
    expect((await call(sb, 'GET', devicesPath(sb), { token })).status).toBe(200);
    expect((await call(sb, 'GET', devicesPath(sb), { token })).status).toBe(429);
    await clock.advance(60_000);
    const full = await call(sb, 'GET', devicesPath(sb), { token });
    expect((full.body['tokens'] as Data)['remaining']).toBe(4);
  });

  it('keys buckets by client and account: the auth endpoints have their own; 401s cost nothing', async () => {
    for (let i = 0; i < 4; i++) await call(sb, 'GET', devicesPath(sb), { token });
    expect((await call(sb, 'GET', devicesPath(sb), { token })).status).toBe(429);
    expect((await call(sb, 'PUT', '/v2/api_auth', { data: { api_key: sb.credentials.apiKey } })).status).toBe(201);
    expect((await call(sb, 'GET', devicesPath(sb), { token: 'bad' })).status).toBe(401);
  });

  it('can be switched off at runtime', async () => {
    sb.configure({ rateLimit: false });
    for (let i = 0; i < 20; i++) expect((await call(sb, 'GET', devicesPath(sb), { token })).status).toBe(200);
    sb.configure({ rateLimit: { burst: 100, perSecond: 10 } });
  });
});

describe('latency', () => {
  it('is added before handling without serialising concurrent requests', async () => {
    const { sb, token } = await started({ latencyMs: 150 });
    try {
      const started = performance.now();
      const answers = await Promise.all(Array.from({ length: 8 }, () => call(sb, 'GET', devicesPath(sb), { token })));
      const elapsed = performance.now() - started;
      expect(answers.every((a) => a.status === 200)).toBe(true);
      expect(elapsed).toBeGreaterThanOrEqual(140);
      expect(elapsed).toBeLessThan(8 * 150);
    } finally {
      await sb.close();
    }
  });
});

describe('faults', () => {
  let sb: Sandbox;
  let token: string;

  beforeAll(async () => {
    ({ sb, token } = await started());
  });
  afterAll(() => sb.close());

  it('503 datastore_fault commits nothing', async () => {
    sb.injectFault('unavailable');
    const res = await call(sb, 'PUT', devicesPath(sb), { token, data: { id: hexId(503), name: 'Never' } });
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ error: '503', message: 'datastore_fault', status: 'error' });
    expect((await call(sb, 'GET', devicesPath(sb, `/${hexId(503)}`), { token })).status).toBe(404);
  });

  it('reset destroys the connection before handling: nothing is committed', async () => {
    sb.injectFault('reset');
    await expect(call(sb, 'PUT', devicesPath(sb), { token, data: { id: hexId(0x4e5e7), name: 'Never' } })).rejects.toThrow();
    expect((await call(sb, 'GET', devicesPath(sb, `/${hexId(0x4e5e7)}`), { token })).status).toBe(404);
    expect(sb.state.stats().faults.reset).toBe(1);
  });

  it('lost: the create is committed but its answer never arrives; a GET then finds it and a retry meets 409', async () => {
    const id = hexId(0x1057);
    sb.injectFault('lost');
    await expect(call(sb, 'PUT', devicesPath(sb), { token, data: { id, name: 'Committed' } })).rejects.toThrow();
    const got = await call(sb, 'GET', devicesPath(sb, `/${id}`), { token });
    expect(got.status).toBe(200);
    expect(got.body.data).toMatchObject({ id, name: 'Committed' });
    expect((await call(sb, 'PUT', devicesPath(sb), { token, data: { id, name: 'Committed' } })).status).toBe(409);
    expect(sb.state.stats().faults.lost).toBe(1);
    // The change log holds the committed create, its answer lost, and not the refused retry.
    expect(sb.state.documentChanges().filter((change) => change.id === id)).toEqual([
      { method: 'PUT', collection: 'devices', id, answered: false },
    ]);
  });

  it('a fault with a target waits for its request: the PATCH is lost, the GET before it answered; the change log records both writes', async () => {
    const id = hexId(0x1060);
    expect((await call(sb, 'PUT', devicesPath(sb), { token, data: { id, name: 'First' } })).status).toBe(201);
    sb.injectFault('lost', 1, ({ method }) => method === 'PATCH');
    expect((await call(sb, 'GET', devicesPath(sb, `/${id}`), { token })).status).toBe(200);
    await expect(call(sb, 'PATCH', devicesPath(sb, `/${id}`), { token, data: { name: 'Second' } })).rejects.toThrow();
    expect(sb.state.documentChanges().filter((change) => change.id === id)).toEqual([
      { method: 'PUT', collection: 'devices', id, answered: true },
      { method: 'PATCH', collection: 'devices', id, answered: false },
    ]);
  });

  it('hits users, voicemail boxes and callflows as it hits devices: a lost create is kept, and its retry meets its unique error', async () => {
    const creates = [
      { path: usersPath(sb), id: hexId(0x1058), data: { first_name: 'Lost', last_name: 'Answer', username: 'lost', password: 'pw-lost1' } },
      { path: vmboxesPath(sb), id: hexId(0x1059), data: { mailbox: '1059', name: 'Lost box' } },
      { path: callflowsPath(sb), id: hexId(0x105a), data: { numbers: ['1059'], flow: { module: 'device', data: {} } } },
    ];
    const before = sb.state.stats().faults;
    for (const { path, id, data } of creates) {
      sb.injectFault('unavailable');
      expect((await call(sb, 'PUT', path, { token, data: { ...data, id } })).status).toBe(503);
      expect((await call(sb, 'GET', `${path}/${id}`, { token })).status).toBe(404);
      sb.injectFault('lost');
      await expect(call(sb, 'PUT', path, { token, data: { ...data, id } })).rejects.toThrow();
      const retried = await call(sb, 'PUT', path, { token, data: { ...data, id } });
      expect(retried.status).toBe(400);
      expect(Object.values(retried.body.data as Record<string, unknown>)).toEqual([
        expect.objectContaining({ unique: expect.any(Object) }),
      ]);
      expect((await call(sb, 'GET', `${path}/${id}`, { token })).status).toBe(200);
    }
    expect(sb.state.stats().faults).toMatchObject({ unavailable: before.unavailable + 3, lost: before.lost + 3 });
  });

  it('control API can queue faults for other processes', async () => {
    const res = await call(sb, 'POST', '/_sandbox/faults', { raw: JSON.stringify({ kind: 'unavailable', count: 2 }) });
    expect(res.status).toBe(200);
    expect((await call(sb, 'GET', devicesPath(sb), { token })).status).toBe(503);
    expect((await call(sb, 'GET', devicesPath(sb), { token })).status).toBe(503);
    expect((await call(sb, 'GET', devicesPath(sb), { token })).status).toBe(200);
  });

  it('probabilistic faults replay identically for the same seed', async () => {
    const pattern = async (): Promise<string[]> => {
      const s = await startSandbox({ rateLimit: false, seed: 42 });
      try {
        const t = await login(s);
        s.configure({ faults: { unavailable: 0.2, reset: 0.1, lost: 0.1 } });
        const out: string[] = [];
        for (let i = 0; i < 40; i++) {
          const r = await call(s, 'GET', devicesPath(s), { token: t }).then(
            (a) => String(a.status),
            () => 'dropped',
          );
          out.push(r);
        }
        return out;
      } finally {
        await s.close();
      }
    };
    const first = await pattern();
    expect(await pattern()).toEqual(first);
    expect(first).toContain('200');
    expect(first).toContain('503');
    expect(first).toContain('dropped');
  });
});

describe('402 accept charges', () => {
  let sb: Sandbox;
  let token: string;

  beforeAll(async () => {
    ({ sb, token } = await started({ charges: true }));
  });
  afterAll(() => sb.close());

  it('refuses a create without accept_charges, committing nothing', async () => {
    const res = await call(sb, 'PUT', devicesPath(sb), { token, data: { id: hexId(402), name: 'Billed', device_type: 'softphone' } });
    expect(res.status).toBe(402);
    expect(res.body).toMatchObject({
      error: '402',
      message: 'accept charges',
      status: 'error',
      data: { devices: { softphone: { category: 'devices', item: 'softphone', quantity: 1 } } },
    });
    expect((await call(sb, 'GET', devicesPath(sb, `/${hexId(402)}`), { token })).status).toBe(404);
  });

  it('creates with accept_charges in the envelope, the query or data (which is not stored)', async () => {
    expect((await call(sb, 'PUT', devicesPath(sb), { token, envelope: { accept_charges: true }, data: { name: 'Env' } })).status).toBe(201);
    expect((await call(sb, 'PUT', `${devicesPath(sb)}?accept_charges=true`, { token, data: { name: 'Query' } })).status).toBe(201);
    const inData = await call(sb, 'PUT', devicesPath(sb), { token, data: { name: 'Data', accept_charges: true } });
    expect(inData.status).toBe(201);
    expect(inData.body.data).not.toHaveProperty('accept_charges');
  });

  it('bills users by priv_level and voicemail boxes by mailbox as it bills devices', async () => {
    const user = await call(sb, 'PUT', usersPath(sb), { token, data: { id: hexId(0x4021), first_name: 'Pay', last_name: 'Me' } });
    expect(user.status).toBe(402);
    expect(user.body).toMatchObject({
      message: 'accept charges',
      data: { users: { user: { category: 'users', item: 'user', quantity: 1 } } },
    });
    expect((await call(sb, 'GET', usersPath(sb, `/${hexId(0x4021)}`), { token })).status).toBe(404);
    const box = await call(sb, 'PUT', vmboxesPath(sb), { token, data: { mailbox: '4021', name: 'Billed' } });
    expect(box.status).toBe(402);
    expect(box.body).toMatchObject({ data: { voicemails: { mailbox: { category: 'voicemails', item: 'mailbox', quantity: 1 } } } });
    const accepted = [
      await call(sb, 'PUT', usersPath(sb), { token, envelope: { accept_charges: true }, data: { first_name: 'Pay', last_name: 'Me' } }),
      await call(sb, 'PUT', `${vmboxesPath(sb)}?accept_charges=true`, { token, data: { mailbox: '4021', name: 'Billed' } }),
    ];
    expect(accepted.map((answer) => answer.status)).toEqual([201, 201]);
  });

  it('never bills a callflow', async () => {
    const res = await call(sb, 'PUT', callflowsPath(sb), { token, data: { numbers: ['4022'], flow: { module: 'device', data: {} } } });
    expect(res.status).toBe(201);
  });

  it('validation errors come before the charge', async () => {
    const res = await call(sb, 'PUT', devicesPath(sb), { token, data: {} });
    expect(res.status).toBe(400);
  });
});
