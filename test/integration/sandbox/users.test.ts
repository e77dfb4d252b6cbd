import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import type { Sandbox } from '../../../main/sandbox/server';
import { call, callflowsPath, devicesPath, hexId, started, usersPath, vmboxesPath } from './helpers';

let sb: Sandbox;
let token: string;

beforeAll(async () => {
  ({ sb, token } = await started());
});
afterAll(() => sb.close());

type Data = Record<string, unknown>;
const create = (data: Data) => call(sb, 'PUT', usersPath(sb), { token, data });
const errorOf = (answer: { body: Data }): Data => ({
  data: answer.body['data'],
  error: answer.body['error'],
  message: answer.body['message'],
  status: answer.body['status'],
});

/** What SmartPBX sends for a new person (research notes on users, §6), with a client-chosen id. */
const alice = (id: string): Data => ({
  id,
  first_name: 'Alice',
  last_name: 'Smith',
  username: 'Alice@Example.com',
  password: 'S3cret!',
  email: 'alice@example.com',
  caller_id: { internal: { name: 'Alice Smith', number: '1001' } },
  presence_id: '1001',
  priv_level: 'user',
  vm_to_email_enabled: true,
  send_email_on_creation: false,
  ui_metadata: { version: '4.3.x', ui: 'monster-ui', origin: 'voip' },
});

describe('users: the real server’s bodies', () => {
  const aliceId = hexId(0xa11ce);

  beforeAll(async () => {
    const created = await create(alice(aliceId));
    expect(created.status, created.text).toBe(201);
  });

  it('honours the client’s id and lists the user as the crossbar_listing view row', async () => {
    const listed = await call(sb, 'GET', `${usersPath(sb)}?filter_username=alice@example.com`, { token });
    // KAZOO 4.3 views/users.json `crossbar_listing` (research notes on users, §2.1), id filled in.
    expect(listed.body.data).toEqual([
      {
        id: aliceId,
        features: ['vm_to_email'],
        username: 'alice@example.com',
        email: 'alice@example.com',
        first_name: 'Alice',
        last_name: 'Smith',
        priv_level: 'user',
        presence_id: '1001',
        flags: [],
      },
    ]);
  });

  it('refuses a username held by another user, compared lower-cased, with the real error', async () => {
    const clash = await create({ first_name: 'Al', last_name: 'S', username: 'ALICE@example.com', password: 'x' });
    // kzd_users.erl:1075-1079 (research notes on users, §2.3).
    expect(clash.status).toBe(400);
    expect(errorOf(clash)).toEqual({
      data: { username: { unique: { message: 'Username must be unique within account', cause: 'alice@example.com' } } },
      error: '400',
      message: 'validation error',
      status: 'error',
    });
  });

  it('a resent create that already succeeded meets `unique`, so the client reads its own id back', async () => {
    const again = await create(alice(aliceId));
    expect(again.status).toBe(400);
    expect(again.body.data).toEqual({
      username: { unique: { message: 'Username must be unique within account', cause: 'alice@example.com' } },
    });
    const own = await call(sb, 'GET', usersPath(sb, `/${aliceId}`), { token });
    expect(own.status).toBe(200);
    expect(own.body.data).toMatchObject({ id: aliceId, username: 'alice@example.com' });
  });

  it('refuses a new username without a password with the real error', async () => {
    const res = await create({ first_name: 'No', last_name: 'Password', username: 'Nopass@Example.com' });
    // kzd_users.erl:1291-1296 (research notes on users, §2.5).
    expect(res.status).toBe(400);
    expect(errorOf(res)).toEqual({
      data: {
        password: {
          required: { message: 'The password must be provided when creating / updating the user name', cause: 'nopass@example.com' },
        },
      },
      error: '400',
      message: 'validation error',
      status: 'error',
    });
  });
});

describe('users: the sandbox’s behaviour', () => {
  it('requires first_name and last_name', async () => {
    const res = await create({ email: 'nobody@example.com' });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.data as Data).sort()).toEqual(['first_name', 'last_name']);
  });

  it('stores the schema defaults and never the password, only the hashes user_auth compares', async () => {
    const res = await create({ first_name: 'A', last_name: 'B', username: 'Ab.User', password: 'pw-123456' });
    expect(res.status).toBe(201);
    const data = res.body.data as Data;
    // research notes on users, §2.2.
    expect(data).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
      first_name: 'A',
      last_name: 'B',
      username: 'ab.user',
      enabled: true,
      priv_level: 'user',
      require_password_update: false,
      verified: false,
      vm_to_email_enabled: true,
      call_restriction: {},
      contact_list: {},
      music_on_hold: {},
      ringtones: {},
      hotdesk: { enabled: false, keep_logged_in_elsewhere: false, require_pin: false },
    });
    const stored = sb.state.users().find((user) => user._id === data['id']) as Data;
    expect(JSON.stringify(stored)).not.toContain('pw-123456');
    expect(stored['pvt_md5_auth']).toBe(createHash('md5').update('ab.user:pw-123456').digest('hex'));
    const auth = await call(sb, 'PUT', '/v2/user_auth', {
      data: { credentials: createHash('md5').update('ab.user:pw-123456').digest('hex'), account_name: sb.account.name },
    });
    expect(auth.status).toBe(201);
  });

  it('lets two users share an email and a presence_id', async () => {
    const first = await create({ first_name: 'Sam', last_name: 'One', email: 'desk@example.com', presence_id: '3001' });
    const second = await create({ first_name: 'Sam', last_name: 'Two', email: 'desk@example.com', presence_id: '3001' });
    expect([first.status, second.status]).toEqual([201, 201]);
  });

  it('generates a username for a password without one, and keeps the login when a change leaves the username alone', async () => {
    const res = await create({ first_name: 'Gen', last_name: 'Erated', password: 'pw-abcdef' });
    const data = res.body.data as Data;
    expect(data['username']).toMatch(/^user_[0-9a-f]{16}$/);
    const id = data['id'] as string;
    const hashes = (): unknown => sb.state.users().find((user) => user._id === id)?.['pvt_md5_auth'];
    const before = hashes();
    expect((await call(sb, 'PATCH', usersPath(sb, `/${id}`), { token, data: { timezone: 'Europe/Paris' } })).status).toBe(200);
    expect(hashes()).toBe(before);
    // A POST is a full replace: without the username the login goes (research notes on users, §2.5).
    expect((await call(sb, 'POST', usersPath(sb, `/${id}`), { token, data: { first_name: 'Gen', last_name: 'Erated' } })).status).toBe(200);
    expect(hashes()).toBeUndefined();
  });

  it('records a welcome e-mail unless send_email_on_creation is false', async () => {
    const before = sb.state.welcomeEmails().length;
    const silent = await create({ first_name: 'Quiet', last_name: 'One', send_email_on_creation: false });
    const silentByQuery = await call(sb, 'PUT', `${usersPath(sb)}?send_email_on_creation=false`, {
      token,
      data: { first_name: 'Quiet', last_name: 'Two' },
    });
    expect([silent.status, silentByQuery.status]).toEqual([201, 201]);
    expect(sb.state.welcomeEmails()).toHaveLength(before);
    const mailed = await create({ first_name: 'Loud', last_name: 'One' });
    const mailedId = (mailed.body.data as Data)['id'];
    expect(sb.state.welcomeEmails()).toHaveLength(before + 1);
    expect(sb.state.welcomeEmails().at(-1)).toMatchObject({ userId: mailedId });
    const overControl = await call(sb, 'GET', '/_sandbox/welcome-emails');
    expect((overControl.body.data as Data[]).map((mail) => mail['userId'])).toContain(mailedId);
  });

  it('deletes softly, answers 404 bad_identifier afterwards, and cascades to nothing', async () => {
    const id = hexId(0xde1);
    expect((await create({ id, first_name: 'Gone', last_name: 'Soon', username: 'gone', password: 'pw-gone1' })).status).toBe(201);
    const device = await call(sb, 'PUT', devicesPath(sb), { token, data: { name: 'Gone desk', owner_id: id } });
    const vmbox = await call(sb, 'PUT', vmboxesPath(sb), { token, data: { mailbox: '3901', name: "Gone Soon's VMBox", owner_id: id } });
    const callflow = await call(sb, 'PUT', callflowsPath(sb), {
      token,
      data: { numbers: ['3901'], owner_id: id, type: 'mainUserCallflow', flow: { module: 'user', data: { id } } },
    });
    expect([device.status, vmbox.status, callflow.status]).toEqual([201, 201, 201]);

    const removed = await call(sb, 'DELETE', usersPath(sb, `/${id}`), { token });
    expect(removed.status).toBe(200);
    expect(removed.body.data).toMatchObject({ id, username: 'gone', _read_only: { deleted: true } });
    const missing = await call(sb, 'GET', usersPath(sb, `/${id}`), { token });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ message: 'bad_identifier', data: { cause: id } });
    expect((await call(sb, 'GET', usersPath(sb, `/${hexId(0xdead)}`), { token })).status).toBe(404);

    // research notes on users, §2.4: devices, boxes and callflows keep pointing at the deleted user.
    const deviceId = (device.body.data as Data)['id'] as string;
    const vmboxId = (vmbox.body.data as Data)['id'] as string;
    const callflowId = (callflow.body.data as Data)['id'] as string;
    expect((await call(sb, 'GET', devicesPath(sb, `/${deviceId}`), { token })).body.data).toMatchObject({ owner_id: id });
    expect((await call(sb, 'GET', vmboxesPath(sb, `/${vmboxId}`), { token })).body.data).toMatchObject({ owner_id: id });
    expect((await call(sb, 'GET', callflowsPath(sb, `/${callflowId}`), { token })).body.data).toMatchObject({
      owner_id: id,
      flow: { data: { id } },
    });
    // The username is free again at once.
    expect((await create({ first_name: 'New', last_name: 'Gone', username: 'gone', password: 'pw-gone2' })).status).toBe(201);
  });

  it('get, patch and the devices a user owns', async () => {
    const res = await create({ first_name: 'Cy', last_name: 'Ng' });
    const id = (res.body.data as Data)['id'] as string;
    const patched = await call(sb, 'PATCH', usersPath(sb, `/${id}`), { token, data: { timezone: 'Europe/Paris' } });
    expect(patched.body.data).toMatchObject({ first_name: 'Cy', timezone: 'Europe/Paris' });
    await call(sb, 'PUT', devicesPath(sb), { token, data: { name: 'Cy desk', owner_id: id } });
    const owned = await call(sb, 'GET', usersPath(sb, `/${id}/devices`), { token });
    expect(owned.body.data).toMatchObject([{ name: 'Cy desk', owner_id: id, hotdesked: false }]);
  });

  it('lists in ascending id order and filters on the stored document', async () => {
    await create({ first_name: 'Bo', last_name: 'Li', username: 'bo.li', password: 'pw-boli1', email: 'bo@example.com' });
    const byEmail = await call(sb, 'GET', `${usersPath(sb)}?filter_email=bo@example.com`, { token });
    expect((byEmail.body.data as Data[]).map((u) => u['username'])).toEqual(['bo.li']);
    const all = await call(sb, 'GET', `${usersPath(sb)}?paginate=false`, { token });
    const listed = (all.body.data as Data[]).map((u) => u['id'] as string);
    expect(listed).toEqual([...listed].sort());
  });
});
