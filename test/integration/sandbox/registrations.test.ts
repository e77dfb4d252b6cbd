import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegistrationChange, Sandbox } from '../../../main/sandbox/server';
import { startSandbox } from '../../../main/sandbox/server';
import { call, devicesPath, login, started } from './helpers';

let sb: Sandbox;
let token: string;

beforeAll(async () => {
  ({ sb, token } = await started({ reboot: { minMs: 5, maxMs: 15 } }));
});
afterAll(() => sb.close());

type Data = Record<string, unknown>;
const phone = async (name: string, username: string, extra: Data = {}): Promise<string> => {
  const res = await call(sb, 'PUT', devicesPath(sb), {
    token,
    data: { name, device_type: 'sip_device', sip: { username, password: 'secret99' }, ...extra },
  });
  expect(res.status).toBe(201);
  return (res.body.data as Data)['id'] as string;
};
const control = (path: string, data?: Data) => call(sb, 'POST', `/_sandbox/phones/${path}`, data ? { raw: JSON.stringify(data) } : {});

describe('simulated phones through the control API', () => {
  it('register by SIP username (any case) and show up in /devices/status, per-device status and /registrations', async () => {
    const id = await phone('Desk 7', 'desk_007', {
      owner_id: 'a'.repeat(32),
      provision: { endpoint_brand: 'yealink', endpoint_model: 't46u' },
    });
    const other = await phone('Desk 8', 'desk_008');
    expect((await call(sb, 'GET', devicesPath(sb, '/status'), { token })).body.data).toEqual([]);

    const reg = await control('DESK_007/register', { user_agent: 'Yealink SIP-T46U 108.86.0.45', source_ip: '198.51.100.7' });
    expect(reg.status).toBe(200);

    const status = await call(sb, 'GET', devicesPath(sb, '/status'), { token });
    expect(status.body.data).toEqual([{ device_id: id, registered: true }]);
    expect(status.body).not.toHaveProperty('page_size');

    expect((await call(sb, 'GET', devicesPath(sb, `/${id}/status`), { token })).body.data).toEqual({
      device_id: id,
      registered: true,
    });
    expect((await call(sb, 'GET', devicesPath(sb, `/${other}/status`), { token })).body.data).toEqual({
      device_id: other,
      registered: false,
    });

    const regs = await call(sb, 'GET', `/v2/accounts/${sb.account.id}/registrations`, { token });
    const entry = (regs.body.data as Data[])[0] as Data;
    expect(entry).toMatchObject({
      username: 'desk_007',
      realm: sb.account.realm,
      account_realm: sb.account.realm,
      account_name: sb.account.name,
      authorizing_id: id,
      authorizing_type: 'device',
      owner_id: 'a'.repeat(32),
      user_agent: 'Yealink SIP-T46U 108.86.0.45',
      source_ip: '198.51.100.7',
      expires: 300,
      from_user: 'desk_007',
      to_user: 'desk_007',
    });
    expect(entry['contact']).toMatch(/^<sip:desk_007@192\.168\.1\.\d+:5060/);
    expect(entry['event_timestamp']).toBeGreaterThan(63_000_000_000);
    for (const key of [
      'call_id',
      'contact_ip',
      'contact_port',
      'original_contact',
      'proxy_ip',
      'source_port',
      'network_ip',
      'first_registration',
      'last_registration',
      'registrar_node',
    ]) {
      expect(entry).toHaveProperty(key);
    }
    expect((await call(sb, 'GET', `/v2/accounts/${sb.account.id}/registrations/count`, { token })).body.data).toEqual({ count: 1 });

    expect((await control('desk_007/unregister')).body.data).toEqual({ unregistered: true });
    expect((await call(sb, 'GET', devicesPath(sb, '/status'), { token })).body.data).toEqual([]);
  });

  it('a disabled device cannot register and shows as disabled; disabling a registered one drops it', async () => {
    const id = await phone('Spare', 'spare_01');
    expect((await control('spare_01/register')).status).toBe(200);
    const changed = once(sb.events, 'registration-changed') as Promise<[RegistrationChange]>;
    await call(sb, 'PATCH', devicesPath(sb, `/${id}`), { token, data: { enabled: false } });
    const [change] = await changed;
    expect(change).toMatchObject({ deviceId: id, registered: false, reason: 'device-changed' });
    expect((await control('spare_01/register')).status).toBe(404);
    expect((await call(sb, 'GET', devicesPath(sb, `/${id}/status`), { token })).body.data).toEqual({ device_id: id, registered: false });
    sb.configure({ deviceStatusShape: 'status' });
    try {
      expect((await call(sb, 'GET', devicesPath(sb, `/${id}/status`), { token })).body.data).toEqual({ device_id: id, status: 'disabled' });
    } finally {
      sb.configure({ deviceStatusShape: 'registered' });
    }
    expect((await control('nobody/register')).status).toBe(404);
  });

  it('DELETE /registrations/{username} flushes one registration', async () => {
    await phone('Flush', 'flush_me');
    await control('flush_me/register');
    const del = await call(sb, 'DELETE', `/v2/accounts/${sb.account.id}/registrations/flush_me`, { token });
    expect(del.body.data).toBe('ok');
    expect(sb.state.registrations().some((r) => r['username'] === 'flush_me')).toBe(false);
    expect((await call(sb, 'DELETE', `/v2/accounts/${sb.account.id}/registrations/flush_me`, { token })).status).toBe(404);
  });
});

describe('phone actions', () => {
  it('sync answers "sync request sent" and is recorded; reboot drops the registration and it comes back', async () => {
    const id = await phone('Reboot me', 'reboot_me');
    sb.phones.register('reboot_me');
    const changes: RegistrationChange[] = [];
    const listener = (c: RegistrationChange): void => {
      if (c.deviceId === id) changes.push(c);
    };
    sb.events.on('registration-changed', listener);

    const sync = await call(sb, 'POST', devicesPath(sb, `/${id}/sync`), { token });
    expect(sync.status).toBe(200);
    expect(sync.body).toMatchObject({ data: 'sync request sent', status: 'success' });

    const down = sb.waitForRegistration(id, false);
    const reboot = await call(sb, 'POST', devicesPath(sb, `/${id}/sync?reboot=true`), { token });
    expect(reboot.body.data).toBe('sync request sent');
    await down;
    await sb.waitForRegistration(id, true);
    sb.events.off('registration-changed', listener);

    expect(changes.map((c) => [c.registered, c.reason])).toEqual([
      [false, 'reboot'],
      [true, 'reboot'],
    ]);
    const actions = sb.state.actions().filter((a) => a.deviceId === id);
    expect(actions.map((a) => [a.kind, a.reboot, a.delivered])).toEqual([
      ['sync', false, true],
      ['sync', true, true],
    ]);
    expect(actions[1]?.requestId).toBe(reboot.body['request_id']);
  });

  it('quickcall GET answers 202 with the originate request and is recorded; blocking POST fails for an offline phone', async () => {
    const id = await phone('Caller', 'caller_1');
    const res = await call(sb, 'GET', devicesPath(sb, `/${id}/quickcall/5551234?cid-name=Test&auto_answer=true`), { token });
    expect(res.status).toBe(202);
    expect(res.body.data).toMatchObject({
      application_name: 'transfer',
      application_data: { route: '5551234' },
      outbound_caller_id_name: 'Test',
      endpoints: [{ endpoint_id: id, to_username: 'caller_1', to_realm: sb.account.realm }],
    });
    const blocking = await call(sb, 'POST', devicesPath(sb, `/${id}/quickcall/5551234`), { token });
    expect(blocking.status).toBe(500);
    expect(blocking.body).toMatchObject({ message: 'quickcall initiation failed', data: { error_message: 'DESTINATION_OUT_OF_ORDER' } });
    const recorded = sb.state.actions().filter((a) => a.kind === 'quickcall' && a.deviceId === id);
    expect(recorded).toMatchObject([
      { number: '5551234', options: { 'cid-name': 'Test', auto_answer: 'true' }, delivered: false },
      { number: '5551234', delivered: false },
    ]);
    const overHttp = await call(sb, 'GET', '/_sandbox/actions');
    expect((overHttp.body.data as Data[]).length).toBe(sb.state.actions().length);
  });

  it('actions on an unknown device are 404 bad_identifier', async () => {
    const res = await call(sb, 'POST', devicesPath(sb, `/${'e'.repeat(32)}/sync`), { token });
    expect(res.status).toBe(404);
    expect(res.body['message']).toBe('bad_identifier');
  });
});

describe('the two documented shapes of a device status, and a server without phone actions', () => {
  // KAZOO's applications/crossbar/doc/devices.md, "Registration status" (GET /devices/status): registered devices only.
  const KAZOO_STATUS = {
    auth_token: '{AUTH_TOKEN}',
    data: [{ device_id: '{DEVICE_ID}', registered: true }],
    request_id: '{REQUEST_ID}',
    revision: '{REVISION}',
    status: 'success',
  };
  // Audian's Devices API page, "Device Status" (GET /devices/{DEVICE_ID}/status): the status field and its three words.
  const AUDIAN_STATUS_WORDS = ['registered', 'unregistered', 'disabled'];
  // KAZOO's cb_context catalogue: a route the server does not have is 404 not_found.
  const NO_ROUTE = { data: { message: 'not found' }, error: '404', message: 'not_found', status: 'error' };

  const shapeOf = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(shapeOf)
      : typeof value === 'object' && value !== null
        ? Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shapeOf(inner)]))
        : typeof value;

  it('KAZOO shape: the list carries registered: true for registered devices only, as devices.md shows', async () => {
    const id = await phone('Shape K', 'shape_k');
    const off = await phone('Shape K off', 'shape_k_off');
    expect((await control('shape_k/register')).status).toBe(200);
    try {
      const { data, ...envelope } = (await call(sb, 'GET', devicesPath(sb, '/status'), { token })).body;
      const { data: kazooData, ...kazooEnvelope } = KAZOO_STATUS;
      expect(shapeOf(envelope)).toMatchObject(shapeOf(kazooEnvelope) as object);
      for (const entry of data as Data[]) expect(shapeOf(entry)).toEqual(shapeOf(kazooData[0]));
      expect(data).toContainEqual({ device_id: id, registered: true });
      expect((data as Data[]).map((entry) => entry['device_id'])).not.toContain(off);
    } finally {
      await control('shape_k/unregister');
    }
  });

  it("Audian shape: status is one of the page's three words, for every device, on the list and per device", async () => {
    const up = await phone('Shape A up', 'shape_a_up');
    const down = await phone('Shape A down', 'shape_a_down');
    const off = await phone('Shape A off', 'shape_a_off', { enabled: false });
    expect((await control('shape_a_up/register')).status).toBe(200);
    sb.configure({ deviceStatusShape: 'status' });
    try {
      const list = (await call(sb, 'GET', devicesPath(sb, '/status'), { token })).body.data as Data[];
      expect(list.filter((entry) => [up, down, off].includes(entry['device_id'] as string))).toEqual(
        expect.arrayContaining([
          { device_id: up, status: 'registered' },
          { device_id: down, status: 'unregistered' },
          { device_id: off, status: 'disabled' },
        ]),
      );
      for (const entry of list) expect(AUDIAN_STATUS_WORDS).toContain(entry['status']);
      expect((await call(sb, 'GET', devicesPath(sb, `/${off}/status`), { token })).body.data).toEqual({
        device_id: off,
        status: 'disabled',
      });
    } finally {
      sb.configure({ deviceStatusShape: 'registered' });
      await control('shape_a_up/unregister');
    }
  });

  it('phoneActions off: sync and quickcall of a device that exists are 404 not_found, the device itself still answers', async () => {
    const id = await phone('No actions', 'no_actions');
    sb.configure({ phoneActions: false });
    try {
      for (const path of [`/${id}/sync`, `/${id}/quickcall/5551234`]) {
        const answer = await call(sb, path.includes('sync') ? 'POST' : 'GET', devicesPath(sb, path), { token });
        expect(answer.status).toBe(404);
        expect(answer.body).toMatchObject(NO_ROUTE);
      }
      expect((await call(sb, 'GET', devicesPath(sb, `/${id}`), { token })).status).toBe(200);
      expect(sb.state.actions().filter((action) => action.deviceId === id)).toEqual([]);
    } finally {
      sb.configure({ phoneActions: true });
    }
  });
});

describe('stock KAZOO mode', () => {
  it('perDeviceStatus off: GET /devices/{id}/status is 404 not_found', async () => {
    const id = await phone('Stock', 'stock_1');
    sb.configure({ perDeviceStatus: false });
    try {
      const res = await call(sb, 'GET', devicesPath(sb, `/${id}/status`), { token });
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ error: '404', message: 'not_found', data: { message: 'not found' } });
    } finally {
      sb.configure({ perDeviceStatus: true });
    }
  });
});

describe('auto-register', () => {
  it('enabled devices with credentials register by themselves; flapping ones drop and come back', async () => {
    const auto = await startSandbox({
      rateLimit: false,
      seed: 7,
      autoRegister: { minMs: 5, maxMs: 20, flapShare: 1, flapUp: { minMs: 5, maxMs: 10 }, flapDown: { minMs: 5, maxMs: 10 } },
    });
    try {
      const t = await login(auto);
      const create = async (data: Data): Promise<string> =>
        ((await call(auto, 'PUT', devicesPath(auto), { token: t, data })).body.data as Data)['id'] as string;
      const flapper = await create({ name: 'Flapper', sip: { username: 'flap_1', password: 'secret1' } });
      const disabled = await create({ name: 'Off', enabled: false, sip: { username: 'off_1', password: 'secret1' } });
      const noCreds = await create({ name: 'Cell', device_type: 'cellphone' });

      await auto.waitForRegistration(flapper, true);
      await auto.waitForRegistration(flapper, false);
      await auto.waitForRegistration(flapper, true);
      expect(auto.state.registrations().map((r) => r['authorizing_id'])).not.toContain(disabled);
      expect(auto.state.registrations().map((r) => r['authorizing_id'])).not.toContain(noCreds);
    } finally {
      await auto.close();
    }
  });

  it('--demo fills a believable site whose phones come online over time', async () => {
    const demo = await startSandbox({ demo: true, rateLimit: false, autoRegister: { minMs: 1, maxMs: 30, flapShare: 0 } });
    try {
      const t = await login(demo);
      const users = await call(demo, 'GET', `/v2/accounts/${demo.account.id}/users?paginate=false`, { token: t });
      expect((users.body.data as Data[]).length).toBeGreaterThanOrEqual(5);
      const devices = (await call(demo, 'GET', `${devicesPath(demo)}?paginate=false`, { token: t })).body.data as Data[];
      expect(devices.length).toBeGreaterThanOrEqual(8);
      const registrable = demo.state
        .devices()
        .filter((d) => d['enabled'] !== false && typeof (d['sip'] as Data | undefined)?.['password'] === 'string');
      expect(registrable.length).toBeGreaterThanOrEqual(5);
      await Promise.all(registrable.map((d) => demo.waitForRegistration(d._id, true)));
      const status = await call(demo, 'GET', devicesPath(demo, '/status'), { token: t });
      expect((status.body.data as Data[]).length).toBe(registrable.length);
    } finally {
      await demo.close();
    }
  });
});
