import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../main/sandbox/server';
import { startSandbox } from '../../../main/sandbox/server';
import { call, callflowsPath, devicesPath, hexId, login, started, usersPath, vmboxesPath } from './helpers';

let sb: Sandbox;
let token: string;

beforeAll(async () => {
  ({ sb, token } = await started());
});
afterAll(() => sb.close());

type Data = Record<string, unknown>;

const ALICE_CALLFLOW = 'c7d2a5e0f1b24c3d9e8f7a6b5c4d3e2f';

/** What SmartPBX sends for one person's extension (user → voicemail box). */
const mainUserCallflow = (id: string, number: string, owner: string, vmbox: string): Data => ({
  id,
  name: "Alice Smith SmartPBX's Callflow",
  numbers: [number],
  owner_id: owner,
  type: 'mainUserCallflow',
  contact_list: { exclude: false },
  flow: {
    module: 'user',
    data: { id: owner, can_call_self: false, timeout: 20 },
    children: { _: { module: 'voicemail', data: { id: vmbox }, children: {} } },
  },
});

describe('callflows: the real server’s bodies', () => {
  it('lists a callflow as the crossbar_listing view row, and refuses its number in another callflow', async () => {
    const owner = hexId(0xa11ce);
    const created = await call(sb, 'PUT', callflowsPath(sb), {
      token,
      data: mainUserCallflow(ALICE_CALLFLOW, '1001', owner, hexId(0xb0c5)),
    });
    expect(created.status).toBe(201);

    const listed = await call(sb, 'GET', `${callflowsPath(sb)}?filter_owner_id=${owner}`, { token });
    // KAZOO 4.3 views/callflows.json `crossbar_listing` (research notes on callflows, §4.1), ids filled in.
    expect(listed.body.data).toEqual([
      {
        id: ALICE_CALLFLOW,
        name: "Alice Smith SmartPBX's Callflow",
        type: 'mainUserCallflow',
        numbers: ['1001'],
        patterns: [],
        featurecode: false,
        owner_id: owner,
        modules: ['user', 'voicemail'],
        flags: [],
      },
    ]);

    const clash = await call(sb, 'PUT', callflowsPath(sb), {
      token,
      data: { name: 'Other', numbers: ['1001'], flow: { module: 'device', data: { id: hexId(1) } } },
    });
    // kzd_callflows.erl:434-443 as a 4.3 server answers it (research notes on callflows, §4.3).
    expect(clash.status).toBe(400);
    expect({ data: clash.body.data, error: clash.body['error'], message: clash.body['message'], status: clash.body['status'] }).toEqual({
      data: {
        numbers: {
          unique: {
            message: "1001 exists in callflow c7d2a5e0f1b24c3d9e8f7a6b5c4d3e2f (Alice Smith SmartPBX's Callflow)",
            cause: '1001',
          },
        },
      },
      error: '400',
      message: 'validation error',
      status: 'error',
    });
  });

  it('refuses a callflow with neither numbers nor patterns in the real words', async () => {
    const res = await call(sb, 'PUT', callflowsPath(sb), { token, data: { name: 'Nothing', flow: { module: 'device', data: {} } } });
    // kzd_callflows.erl:194-204.
    expect(res.status).toBe(400);
    expect(res.body.data).toEqual({ numbers: { required: { message: 'Callflows must be assigned at least one number or pattern' } } });
  });

  it('names the clashing callflow by id when it has no name, and repeating a create meets `unique` first', async () => {
    const id = hexId(0x5eed);
    expect(
      (await call(sb, 'PUT', callflowsPath(sb), { token, data: { id, numbers: ['2001'], flow: { module: 'device', data: {} } } })).status,
    ).toBe(201);
    const again = await call(sb, 'PUT', callflowsPath(sb), {
      token,
      data: { id, numbers: ['2001'], flow: { module: 'device', data: {} } },
    });
    expect(again.body.data).toEqual({ numbers: { unique: { message: `2001 exists in callflow ${id} (${id})`, cause: '2001' } } });
  });
});

describe('callflows: the sandbox’s behaviour', () => {
  const create = async (data: Data): Promise<Data> => {
    const res = await call(sb, 'PUT', callflowsPath(sb), { token, data });
    expect(res.status, res.text).toBe(201);
    return res.body.data as Data;
  };

  it('normalises numbers to E.164 and keeps short extensions as typed', async () => {
    const doc = await create({
      numbers: ['2125550100', '1 212 555 0101'.replaceAll(' ', ''), '011441234567', '3101'],
      flow: { module: 'device', data: {} },
    });
    expect(doc['numbers']).toEqual(['+12125550100', '+12125550101', '+441234567', '3101']);
    const clash = await call(sb, 'PUT', callflowsPath(sb), {
      token,
      data: { numbers: ['+12125550100'], flow: { module: 'device', data: {} } },
    });
    expect(clash.body.data).toMatchObject({ numbers: { unique: { cause: '+12125550100' } } });
  });

  it('checks module data against the copied schemas and stores their defaults', async () => {
    const bad = await call(sb, 'PUT', callflowsPath(sb), {
      token,
      data: {
        numbers: ['3201'],
        flow: { module: 'user', data: { id: hexId(1) }, children: { _: { module: 'voicemail', data: { id: 'short' } } } },
      },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.data as Data)).toEqual(['flow.children._.data.id']);
    const good = await create({ numbers: ['3202'], flow: { module: 'user', data: { id: hexId(1) } } });
    expect(good['flow']).toEqual({ module: 'user', data: { id: hexId(1), delay: 0, strategy: 'simultaneous', timeout: 20 } });
  });

  it('pages like the other listings: descending within a page, next_start_key, filters on the stored document', async () => {
    const owner = hexId(0xfeed);
    for (let n = 1; n <= 5; n++)
      await create({ id: hexId(0x7000 + n), numbers: [`70${n}`], owner_id: owner, flow: { module: 'user', data: { id: owner } } });
    const first = await call(sb, 'GET', `${callflowsPath(sb)}?filter_owner_id=${owner}&page_size=3`, { token });
    expect((first.body.data as Data[]).map((item) => item['id'])).toEqual([hexId(0x7003), hexId(0x7002), hexId(0x7001)]);
    const key = first.body['next_start_key'] as string;
    expect(key).toBe(`g20AAAAg${Buffer.from(hexId(0x7004)).toString('base64url')}`);
    const second = await call(sb, 'GET', `${callflowsPath(sb)}?filter_owner_id=${owner}&page_size=3&start_key=${key}`, { token });
    expect((second.body.data as Data[]).map((item) => item['id'])).toEqual([hexId(0x7005), hexId(0x7004)]);
    expect(second.body).not.toHaveProperty('next_start_key');
    // A filter on a list compares its elements run together.
    const byNumber = await call(sb, 'GET', `${callflowsPath(sb)}?filter_numbers=702`, { token });
    expect((byNumber.body.data as Data[]).map((item) => item['id'])).toEqual([hexId(0x7002)]);
    const all = await call(sb, 'GET', `${callflowsPath(sb)}?paginate=false&filter_owner_id=${owner}`, { token });
    expect(all.body.data).toHaveLength(5);
    expect(all.body).not.toHaveProperty('next_start_key');
  });

  it('PATCH keeps its own numbers, POST replaces, DELETE frees the numbers at once', async () => {
    const doc = await create({ name: 'Desk', numbers: ['4001'], flow: { module: 'device', data: { id: hexId(2) } } });
    const id = doc['id'] as string;
    const patched = await call(sb, 'PATCH', callflowsPath(sb, `/${id}`), { token, data: { name: 'Desk 2' } });
    expect(patched.body.data).toMatchObject({ name: 'Desk 2', numbers: ['4001'] });
    const replaced = await call(sb, 'POST', callflowsPath(sb, `/${id}`), {
      token,
      data: { numbers: ['4002'], flow: { module: 'device', data: {} } },
    });
    expect(replaced.body.data).not.toHaveProperty('name');
    expect((await create({ numbers: ['4001'], flow: { module: 'device', data: {} } }))['numbers']).toEqual(['4001']);
    const removed = await call(sb, 'DELETE', callflowsPath(sb, `/${id}`), { token });
    expect(removed.body.data).toMatchObject({ id, _read_only: { deleted: true } });
    expect((await call(sb, 'GET', callflowsPath(sb, `/${id}`), { token })).status).toBe(404);
    expect((await create({ numbers: ['4002'], flow: { module: 'device', data: {} } }))['numbers']).toEqual(['4002']);
    expect(sb.state.callflows({ includeDeleted: true }).find((stored) => stored._id === id)).toMatchObject({ pvt_deleted: true });
  });

  it('GET adds metadata naming the users, devices and voicemail boxes the flow points at', async () => {
    const user = await call(sb, 'PUT', usersPath(sb), { token, data: { first_name: 'Meta', last_name: 'Data' } });
    const userId = (user.body.data as Data)['id'] as string;
    const device = await call(sb, 'PUT', devicesPath(sb), { token, data: { name: 'Meta phone' } });
    const deviceId = (device.body.data as Data)['id'] as string;
    const vmbox = await call(sb, 'PUT', vmboxesPath(sb), { token, data: { mailbox: '5001', name: "Meta Data's VMBox" } });
    const vmboxId = (vmbox.body.data as Data)['id'] as string;
    const doc = await create({
      numbers: ['5001'],
      flow: {
        module: 'user',
        data: { id: userId },
        children: { _: { module: 'device', data: { id: deviceId }, children: { _: { module: 'voicemail', data: { id: vmboxId } } } } },
      },
    });
    const got = await call(sb, 'GET', callflowsPath(sb, `/${String(doc['id'])}`), { token });
    expect(got.body.data).toMatchObject({
      metadata: {
        [userId]: { name: 'Meta Data', pvt_type: 'user' },
        [deviceId]: { name: 'Meta phone', pvt_type: 'device' },
        [vmboxId]: { name: "Meta Data's VMBox", pvt_type: 'vmbox' },
      },
    });
    expect(doc).not.toHaveProperty('metadata');
  });

  it('keeps patterns unique, in the words it uses for numbers', async () => {
    const doc = await create({ name: 'Park', patterns: ['^\\*3([0-9]+)$'], flow: { module: 'park', data: {} } });
    const clash = await call(sb, 'PUT', callflowsPath(sb), {
      token,
      data: { patterns: ['^\\*3([0-9]+)$'], flow: { module: 'park', data: {} } },
    });
    expect(clash.status).toBe(400);
    expect(clash.body.data).toEqual({
      patterns: { unique: { message: `^\\*3([0-9]+)$ exists in callflow ${String(doc['id'])} (Park)`, cause: '^\\*3([0-9]+)$' } },
    });
  });
});

it('starts from a data file written before it kept callflows', async () => {
  const dataFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'sandbox-callflows-')), 'state.json');
  const first = await startSandbox({ rateLimit: false, dataFile });
  await first.close();
  const saved = JSON.parse(readFileSync(dataFile, 'utf8')) as Record<string, unknown>;
  delete saved['callflows'];
  writeFileSync(dataFile, JSON.stringify(saved));
  const second = await startSandbox({ rateLimit: false, dataFile });
  try {
    const listed = await call(second, 'GET', `/v2/accounts/${second.account.id}/callflows`, { token: await login(second) });
    expect(listed.body.data).toEqual([]);
  } finally {
    await second.close();
  }
});

it('keeps callflows in its data file across a restart', async () => {
  const dataFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'sandbox-callflows-')), 'state.json');
  const first = await startSandbox({ rateLimit: false, dataFile });
  const put = await call(first, 'PUT', `/v2/accounts/${first.account.id}/callflows`, {
    token: await login(first),
    data: { numbers: ['6001'], flow: { module: 'device', data: {} } },
  });
  expect(put.status).toBe(201);
  await first.close();
  const second = await startSandbox({ rateLimit: false, dataFile });
  try {
    const listed = await call(second, 'GET', `/v2/accounts/${second.account.id}/callflows`, { token: await login(second) });
    expect((listed.body.data as Data[]).map((item) => item['numbers'])).toEqual([['6001']]);
  } finally {
    await second.close();
  }
});
