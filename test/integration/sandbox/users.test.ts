import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../main/sandbox/server';
import { call, devicesPath, started, usersPath } from './helpers';

let sb: Sandbox;
let token: string;

beforeAll(async () => {
  ({ sb, token } = await started());
});
afterAll(() => sb.close());

type Data = Record<string, unknown>;

describe('users', () => {
  it('create requires first_name and last_name', async () => {
    const res = await call(sb, 'PUT', usersPath(sb), { token, data: { username: 'x' } });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.data as Data).sort()).toEqual(['first_name', 'last_name']);
  });

  it('create lower-cases the username, never returns the password, and keeps usernames unique', async () => {
    const res = await call(sb, 'PUT', usersPath(sb), {
      token,
      data: {
        first_name: 'Ana',
        last_name: 'Silva',
        username: 'Ana.Silva@Example.com',
        email: 'Ana.Silva@Example.com',
        password: 'pw-123456',
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      username: 'ana.silva@example.com',
      email: 'Ana.Silva@Example.com',
      priv_level: 'user',
      enabled: true,
    });
    expect(JSON.stringify(res.body.data)).not.toContain('pw-123456');
    const dup = await call(sb, 'PUT', usersPath(sb), {
      token,
      data: { first_name: 'A', last_name: 'S', username: 'ANA.SILVA@example.com' },
    });
    expect(dup.status).toBe(400);
    expect(dup.body.data).toEqual({
      username: { unique: { message: 'Username must be unique within account', cause: 'ana.silva@example.com' } },
    });
  });

  it('owners resolve by username or email through filters, and list items are summaries', async () => {
    await call(sb, 'PUT', usersPath(sb), {
      token,
      data: { first_name: 'Bo', last_name: 'Li', username: 'bo.li', email: 'bo@example.com' },
    });
    const byUsername = await call(sb, 'GET', `${usersPath(sb)}?filter_username=bo.li`, { token });
    expect(byUsername.body.data).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f]{32}$/),
        username: 'bo.li',
        email: 'bo@example.com',
        first_name: 'Bo',
        last_name: 'Li',
        priv_level: 'user',
      },
    ]);
    const byEmail = await call(sb, 'GET', `${usersPath(sb)}?filter_email=bo@example.com`, { token });
    expect((byEmail.body.data as Data[]).map((u) => u['username'])).toEqual(['bo.li']);
    const all = await call(sb, 'GET', `${usersPath(sb)}?paginate=false`, { token });
    const listed = (all.body.data as Data[]).map((u) => u['id'] as string);
    expect(listed).toEqual([...listed].sort());
  });

  it('get, patch, delete, and the devices a user owns', async () => {
    const res = await call(sb, 'PUT', usersPath(sb), { token, data: { first_name: 'Cy', last_name: 'Ng' } });
    const id = (res.body.data as Data)['id'] as string;
    expect((await call(sb, 'GET', usersPath(sb, `/${id}`), { token })).body.data).toMatchObject({ id, first_name: 'Cy' });
    const patched = await call(sb, 'PATCH', usersPath(sb, `/${id}`), { token, data: { timezone: 'Europe/Paris' } });
    expect(patched.body.data).toMatchObject({ first_name: 'Cy', timezone: 'Europe/Paris' });
    await call(sb, 'PUT', devicesPath(sb), { token, data: { name: 'Cy desk', owner_id: id } });
    const owned = await call(sb, 'GET', usersPath(sb, `/${id}/devices`), { token });
    expect(owned.body.data).toMatchObject([{ name: 'Cy desk', owner_id: id, hotdesked: false }]);
    expect((await call(sb, 'DELETE', usersPath(sb, `/${id}`), { token })).body.data).toMatchObject({ _read_only: { deleted: true } });
    expect((await call(sb, 'GET', usersPath(sb, `/${id}`), { token })).status).toBe(404);
  });
});
