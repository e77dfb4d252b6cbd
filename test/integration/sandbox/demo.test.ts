import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Sandbox } from '../../../main/sandbox/server';
import { startSandbox } from '../../../main/sandbox/server';
import { call, callflowsPath, devicesPath, login, usersPath, vmboxesPath } from './helpers';

type Data = Record<string, unknown>;

let demo: Sandbox;
let token: string;

beforeAll(async () => {
  demo = await startSandbox({ demo: true, rateLimit: false });
  token = await login(demo);
});
afterAll(() => demo.close());

const all = async (path: string): Promise<Data[]> => (await call(demo, 'GET', `${path}?paginate=false`, { token })).body.data as Data[];

it('--demo gives each person an extension as SmartPBX makes it: a box on it, and a callflow ringing them, then the box', async () => {
  const users = await all(usersPath(demo));
  const vmboxes = await all(vmboxesPath(demo));
  const callflows = await all(callflowsPath(demo));
  expect(users.length).toBeGreaterThanOrEqual(5);
  for (const user of users) {
    const extension = user['presence_id'];
    expect(extension, String(user['username'])).toMatch(/^\d+$/);
    const box = vmboxes.find((item) => item['owner_id'] === user['id']);
    expect(box).toMatchObject({ mailbox: extension, name: `${String(user['first_name'])} ${String(user['last_name'])}'s VMBox` });
    const main = callflows.find((item) => item['owner_id'] === user['id'] && item['type'] === 'mainUserCallflow');
    expect(main).toMatchObject({ numbers: [extension], modules: ['user', 'voicemail'] });
    const flow = (await call(demo, 'GET', callflowsPath(demo, `/${String(main?.['id'])}`), { token })).body.data as Data;
    expect(flow['flow']).toMatchObject({
      module: 'user',
      data: { id: user['id'] },
      children: { _: { module: 'voicemail', data: { id: box?.['id'] } } },
    });
  }
});

it('--demo phones with a person belong to them, so their extension is the person’s', async () => {
  const users = new Set((await all(usersPath(demo))).map((user) => user['id']));
  const owned = (await all(devicesPath(demo))).filter((device) => device['owner_id'] !== undefined);
  expect(owned.length).toBeGreaterThanOrEqual(5);
  for (const device of owned) expect(users.has(device['owner_id']), String(device['name'])).toBe(true);
});
