import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../main/sandbox/server';
import { call, devicesPath, started } from './helpers';

let sb: Sandbox;
let token: string;

beforeAll(async () => {
  ({ sb, token } = await started());
  for (const username of ['bulk_1', 'bulk_2', 'bulk_3']) {
    const created = await call(sb, 'PUT', devicesPath(sb), {
      token,
      data: { name: username, device_type: 'sip_device', sip: { username, password: 'secret99' } },
    });
    expect(created.status).toBe(201);
  }
});
afterAll(() => sb.close());

const control = (path: string, body: unknown) => call(sb, 'POST', `/_sandbox/phones/${path}`, { raw: JSON.stringify(body) });
const registeredUsernames = () => sb.state.registrations().map((entry) => entry['username']);

describe('bulk phone control', () => {
  it('registers many phones in one request with shared details, naming the usernames no device has', async () => {
    const answer = await control('register', { usernames: ['bulk_1', 'BULK_2', 'nobody'], source_ip: '198.51.100.9', expires: 120 });
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ registered: 2, unknown: ['nobody'] });
    expect(registeredUsernames().sort()).toEqual(['bulk_1', 'bulk_2']);
    expect(sb.state.registrations().every((entry) => entry['source_ip'] === '198.51.100.9' && entry['expires'] === 120)).toBe(true);

    const status = await call(sb, 'GET', devicesPath(sb, '/status'), { token });
    expect((status.body.data as unknown[]).length).toBe(2);
  });

  it('unregisters many phones in one request and counts those that were registered', async () => {
    await control('register', { usernames: ['bulk_1', 'bulk_2', 'bulk_3'] });
    const answer = await control('unregister', { usernames: ['bulk_1', 'bulk_3', 'nobody'] });
    expect(answer.body.data).toEqual({ unregistered: 2 });
    expect(registeredUsernames()).toEqual(['bulk_2']);
    expect((await control('unregister', { data: { usernames: ['bulk_2'] } })).body.data).toEqual({ unregistered: 1 });
  });

  it('says what is wrong with a body that has no list of usernames', async () => {
    for (const body of [{}, { usernames: 'bulk_1' }, { usernames: ['bulk_1', 7] }]) {
      const answer = await control('register', body);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ status: 'error', message: 'usernames must be a list of SIP usernames' });
    }
  });
});
