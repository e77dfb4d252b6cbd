import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../main/sandbox/server';
import { call, devicesPath, hexId, started } from './helpers';

let sb: Sandbox;
let token: string;

beforeAll(async () => {
  ({ sb, token } = await started());
});
afterAll(() => sb.close());

type Data = Record<string, unknown>;
const create = (data: Data) => call(sb, 'PUT', devicesPath(sb), { token, data });
const get = (id: string) => call(sb, 'GET', devicesPath(sb, `/${id}`), { token });

describe('create', () => {
  it('stores the schema defaults, as KAZOO does with use_defaults', async () => {
    const res = await create({ name: 'New Device' });
    expect(res.status).toBe(201);
    expect(res.body.data).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
      name: 'New Device',
      enabled: true,
      exclude_from_queues: false,
      mwi_unsolicited_updates: true,
      register_overwrite_notify: false,
      suppress_unregister_notifications: false,
      call_restriction: {},
      contact_list: {},
      music_on_hold: {},
      ringtones: {},
      sip: { expire_seconds: 300, invite_format: 'contact', method: 'password' },
    });
  });

  it('honours a client-supplied 32-hex id; the same id again is 409 datastore_conflict', async () => {
    const id = hexId(0xc0ffee);
    const first = await create({ id, name: 'Idempotent' });
    expect(first.status).toBe(201);
    expect((first.body.data as Data)['id']).toBe(id);
    const again = await create({ id, name: 'Idempotent' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: '409', message: 'datastore_conflict', data: { message: 'conflicting documents' } });
  });

  it('resending a create with its MAC meets `unique` before the conflict, as on KAZOO', async () => {
    const id = hexId(0xbeef);
    const body = { id, name: 'Resent', mac_address: '00:04:f2:00:be:ef' };
    expect((await create(body)).status).toBe(201);
    const again = await create(body);
    expect(again.status).toBe(400);
    expect(again.body.data).toMatchObject({ mac_address: { unique: { cause: '0004f200beef' } } });
  });

  it('reports every error of a request together, with dotted paths', async () => {
    const res = await create({
      sip: { username: 'a', password: 'abc', method: 'nope' },
      media: { audio: { codecs: ['PCMU', 'BOGUS'] } },
      caller_id: { external: { number: '1'.repeat(40) } },
      enabled: 'perhaps',
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: '400', message: 'validation error', status: 'error' });
    const data = res.body.data as Data;
    expect(Object.keys(data).sort()).toEqual(
      ['caller_id.external.number', 'enabled', 'media.audio.codecs.1', 'name', 'sip.method', 'sip.password', 'sip.username'].sort(),
    );
    expect(data['sip.username']).toEqual({
      minLength: { message: 'String must be at least 2 characters', target: 2, cause: 'a', value: 'a' },
    });
    expect(data['enabled']).toMatchObject({ type: { message: 'Value did not match type(s): boolean' } });
  });

  it('converts "true"/"300" where the schema wants a boolean/integer (non-strict validation)', async () => {
    const res = await create({ name: 'Loose', enabled: 'false', sip: { expire_seconds: '600' } });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ enabled: false, sip: { expire_seconds: 600 } });
  });

  it('removes sip.realm when it equals the account realm', async () => {
    const res = await create({ name: 'Realm', sip: { username: 'realm_user', password: 'secret1', realm: sb.account.realm } });
    expect((res.body.data as { sip: Data }).sip['realm']).toBeUndefined();
  });

  it('strips `sync` from the body and records a check-sync', async () => {
    const res = await create({ name: 'Synced', sync: true });
    const id = (res.body.data as Data)['id'] as string;
    expect(res.body.data).not.toHaveProperty('sync');
    expect(sb.state.actions().some((a) => a.kind === 'sync' && a.deviceId === id && a.reboot === false)).toBe(true);
  });
});

describe('MAC addresses', () => {
  it('normalises to 12 lowercase hex digits and keeps them unique per account', async () => {
    const res = await create({ name: 'Yealink', mac_address: '00:15:65:27:C9:8E' });
    expect(res.status).toBe(201);
    expect((res.body.data as Data)['mac_address']).toBe('00156527c98e');
    const garbage = await create({ name: 'No MAC', mac_address: '--' });
    expect(garbage.status).toBe(201);
    expect((garbage.body.data as Data)['mac_address']).toBe('--');
    for (const spelling of ['00-15-65-27-c9-8e', '0015.6527.C98E', '00156527C98E']) {
      const dup = await create({ name: 'Dup', mac_address: spelling });
      expect(dup.status).toBe(400);
      expect(dup.body.data).toEqual({
        mac_address: { unique: { message: 'MAC address already in use', cause: '00156527c98e' } },
      });
    }
  });

  it('an unchanged MAC on update is not re-checked against itself', async () => {
    const res = await create({ name: 'Keep', mac_address: 'aa:bb:cc:00:11:22' });
    const id = (res.body.data as Data)['id'] as string;
    const patched = await call(sb, 'PATCH', devicesPath(sb, `/${id}`), { token, data: { mac_address: 'AABBCC001122' } });
    expect(patched.status).toBe(200);
  });
});

describe('SIP usernames', () => {
  it('are unique per account, case-insensitively (400 unique, not 409)', async () => {
    expect((await create({ name: 'A', sip: { username: 'Reception_001', password: 'secret1' } })).status).toBe(201);
    const dup = await create({ name: 'B', sip: { username: 'reception_001', password: 'secret2' } });
    expect(dup.status).toBe(400);
    expect(dup.body.data).toEqual({
      'sip.username': { unique: { message: 'SIP credentials already in use', cause: 'reception_001' } },
    });
  });

  it('IP-auth devices need a valid, unused IPv4', async () => {
    const bad = await create({ name: 'Trunk', sip: { method: 'ip', ip: '300.1.1.1' } });
    expect(bad.body.data).toMatchObject({ 'sip.ip': { type: { message: 'Must be a valid IPv4 RFC 791' } } });
    expect((await create({ name: 'Trunk', sip: { method: 'ip', ip: '10.0.0.5' } })).status).toBe(201);
    const dup = await create({ name: 'Trunk 2', sip: { method: 'ip', ip: '10.0.0.5' } });
    expect(dup.body.data).toMatchObject({ 'sip.ip': { unique: { message: 'SIP IP already in use' } } });
  });
});

describe('get, replace, patch, delete', () => {
  it('GET returns public fields with id; unknown id is 404 bad_identifier', async () => {
    const res = await create({ name: 'Desk', device_type: 'sip_device', custom_field: 'kept' });
    const id = (res.body.data as Data)['id'] as string;
    const got = await get(id);
    expect(got.status).toBe(200);
    expect(got.body.data).toMatchObject({ id, name: 'Desk', custom_field: 'kept' });
    expect(JSON.stringify(got.body.data)).not.toMatch(/pvt_|_rev/);
    const missing = await get(hexId(404));
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: '404', message: 'bad_identifier', data: { cause: hexId(404), message: 'bad identifier' } });
  });

  it('POST is a full replace: omitted fields are dropped', async () => {
    const res = await create({ name: 'Replace me', device_type: 'sip_device', presence_id: '1001', language: 'fr-fr' });
    const id = (res.body.data as Data)['id'] as string;
    const replaced = await call(sb, 'POST', devicesPath(sb, `/${id}`), { token, data: { name: 'Replaced', device_type: 'sip_device' } });
    expect(replaced.status).toBe(200);
    expect(replaced.body.data).toMatchObject({ id, name: 'Replaced' });
    expect(replaced.body.data).not.toHaveProperty('presence_id');
    expect(replaced.body.data).not.toHaveProperty('language');
    expect(replaced.body['revision']).toMatch(/^2-/);
  });

  it('POST refuses a device_type change, including an omitted one', async () => {
    const res = await create({ name: 'Typed', device_type: 'sip_device' });
    const id = (res.body.data as Data)['id'] as string;
    const changed = await call(sb, 'POST', devicesPath(sb, `/${id}`), { token, data: { name: 'Typed', device_type: 'softphone' } });
    expect(changed.status).toBe(400);
    expect(changed.body.data).toEqual({
      device_type: { invalid: { message: 'Not authorized to change type of device', cause: 'softphone' } },
    });
    const omitted = await call(sb, 'POST', devicesPath(sb, `/${id}`), { token, data: { name: 'Typed' } });
    expect(omitted.body.data).toEqual({
      device_type: { invalid: { message: 'Not authorized to change type of device', cause: '' } },
    });
  });

  it('PATCH merges, and null deletes a field (nested too)', async () => {
    const res = await create({ name: 'Patch', presence_id: '2001', caller_id: { internal: { name: 'Old', number: '2001' } } });
    const id = (res.body.data as Data)['id'] as string;
    const patched = await call(sb, 'PATCH', devicesPath(sb, `/${id}`), {
      token,
      data: { presence_id: null, caller_id: { internal: { name: 'New' } }, language: 'en-us' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.data).toMatchObject({ name: 'Patch', language: 'en-us', caller_id: { internal: { name: 'New', number: '2001' } } });
    expect(patched.body.data).not.toHaveProperty('presence_id');
    expect((await get(id)).body.data).not.toHaveProperty('presence_id');
  });

  it('If-Match with a stale revision is 412; the current one goes through', async () => {
    const res = await create({ name: 'Locked' });
    const id = (res.body.data as Data)['id'] as string;
    const rev = res.body['revision'] as string;
    expect(
      (await call(sb, 'PATCH', devicesPath(sb, `/${id}`), { token, data: { language: 'de' }, headers: { 'if-match': `"${rev}"` } })).status,
    ).toBe(200);
    const stale = await call(sb, 'PATCH', devicesPath(sb, `/${id}`), {
      token,
      data: { language: 'it' },
      headers: { 'if-match': `"${rev}"` },
    });
    expect(stale.status).toBe(412);
  });

  it('DELETE soft-deletes: 200 with _read_only.deleted, then 404, and the MAC and username are free again', async () => {
    const body = { name: 'Gone', mac_address: '11:22:33:44:55:66', sip: { username: 'gone_user', password: 'secret1' } };
    const res = await create(body);
    const id = (res.body.data as Data)['id'] as string;
    const del = await call(sb, 'DELETE', devicesPath(sb, `/${id}`), { token });
    expect(del.status).toBe(200);
    expect(del.body.data).toMatchObject({ id, name: 'Gone', _read_only: { deleted: true } });
    expect((await get(id)).status).toBe(404);
    expect((await call(sb, 'DELETE', devicesPath(sb, `/${id}`), { token })).status).toBe(404);
    expect((await call(sb, 'POST', devicesPath(sb, `/${id}`), { token, data: { name: 'x' } })).status).toBe(404);
    const stored = sb.state.devices({ includeDeleted: true }).find((d) => d._id === id);
    expect(stored?.['pvt_deleted']).toBe(true);
    expect(sb.state.devices().some((d) => d._id === id)).toBe(false);
    expect((await create(body)).status).toBe(201);
    // The id still exists in the datastore: re-creating it is a conflict.
    expect((await create({ id, name: 'Again' })).status).toBe(409);
  });

  it('DELETE with should_soft_delete=false removes the document', async () => {
    const res = await create({ name: 'Hard' });
    const id = (res.body.data as Data)['id'] as string;
    expect((await call(sb, 'DELETE', devicesPath(sb, `/${id}?should_soft_delete=false`), { token })).status).toBe(200);
    expect(sb.state.devices({ includeDeleted: true }).some((d) => d._id === id)).toBe(false);
  });

  it('PUT on a device only carries actions', async () => {
    const res = await create({ name: 'Notify' });
    const id = (res.body.data as Data)['id'] as string;
    const none = await call(sb, 'PUT', devicesPath(sb, `/${id}`), { token, data: {} });
    expect(none.body).toMatchObject({ error: '400', message: 'action required' });
    const bad = await call(sb, 'PUT', devicesPath(sb, `/${id}`), { token, envelope: { action: 'explode' }, data: {} });
    expect(bad.body).toMatchObject({ error: '400', message: 'invalid action' });
  });
});

describe('list items', () => {
  it('carry the crossbar_listing summary with both the flat username and the nested sip', async () => {
    const res = await create({ name: 'Listed', mac_address: 'AA:AA:AA:00:00:01', sip: { username: 'listed_1', password: 'secret1' } });
    const id = (res.body.data as Data)['id'] as string;
    const plain = await create({ name: 'Plain' });
    const plainId = (plain.body.data as Data)['id'] as string;
    const list = await call(sb, 'GET', `${devicesPath(sb)}?paginate=false`, { token });
    const items = list.body.data as Data[];
    expect(items.find((d) => d['id'] === id)).toEqual({
      id,
      name: 'Listed',
      username: 'listed_1',
      sip: { username: 'listed_1', realm: sb.account.realm },
      mac_address: 'aaaaaa000001',
      enabled: true,
      device_type: 'sip_device',
      flags: [],
    });
    expect(items.find((d) => d['id'] === plainId)).toEqual({
      id: plainId,
      name: 'Plain',
      mac_address: '',
      enabled: true,
      device_type: 'sip_device',
      flags: [],
    });
  });
});
