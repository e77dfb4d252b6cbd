import { Readable } from 'node:stream';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../main/sandbox/server';
import { call, devicesPath, started } from './helpers';

let sb: Sandbox;
let token: string;

beforeAll(async () => {
  ({ sb, token } = await started());
});
afterAll(() => sb.close());

describe('envelope', () => {
  it('wraps success with auth_token, data, request_id, revision and status; echoes x-request-id', async () => {
    const res = await call(sb, 'GET', devicesPath(sb), { token, headers: { 'x-request-id': 'abc123' } });
    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toBe('abc123');
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.body).toMatchObject({ auth_token: token, request_id: 'abc123', status: 'success', data: [] });
    expect(res.body['revision']).toMatch(/^[0-9a-f]{32}$/);
    expect(res.headers['etag']).toBe(`"${String(res.body['revision'])}"`);
    expect(res.body['timestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('generates a 32-hex request id when none is sent', async () => {
    const res = await call(sb, 'GET', devicesPath(sb), { token });
    expect(res.body['request_id']).toMatch(/^[0-9a-f]{32}$/);
    expect(res.headers['x-request-id']).toBe(res.body['request_id']);
  });

  it('reports a create with 201, the location and the new revision', async () => {
    const res = await call(sb, 'PUT', devicesPath(sb), { token, data: { name: 'Lobby' } });
    expect(res.status).toBe(201);
    const data = res.body.data as { id: string };
    expect(res.headers['location']).toBe(devicesPath(sb, `/${data.id}`));
    expect(res.body['revision']).toMatch(/^1-[0-9a-f]{32}$/);
  });
});

describe('bad input gets what KAZOO gives', () => {
  it('malformed JSON: 400 validation error with json.invalid targeting the body', async () => {
    const res = await call(sb, 'PUT', devicesPath(sb), { token, raw: '{"data": {"name": ' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: '400', message: 'validation error', status: 'error' });
    expect(res.body.data).toMatchObject({ json: { invalid: { target: 'body' } } });
    expect(JSON.stringify(res.body.data)).toContain('around');
  });

  it('a body without data counts as data {} (so name is required)', async () => {
    const res = await call(sb, 'PUT', devicesPath(sb), { token, raw: '{"something": 1}' });
    expect(res.status).toBe(400);
    expect(res.body.data).toEqual({ name: { required: { message: 'Field is required but missing', value: 'name' } } });
  });

  it('data that is not an object is a type error on data', async () => {
    const res = await call(sb, 'PUT', devicesPath(sb), { token, raw: '{"data": "x"}' });
    expect(res.status).toBe(400);
    expect(res.body.data).toMatchObject({ data: { type: { target: ['object', 'array'] } } });
  });

  it('unknown verb on a path: 405 invalid_method', async () => {
    const res = await call(sb, 'DELETE', devicesPath(sb), { token });
    expect(res.status).toBe(405);
    expect(res.body).toMatchObject({ error: '405', message: 'invalid_method', data: { message: 'method not allowed' } });
    const status = await call(sb, 'POST', devicesPath(sb, '/status'), { token });
    expect(status.status).toBe(405);
    for (const verb of ['PURGE', 'COPY', 'LOCK']) {
      const res = await request(`${sb.url}${devicesPath(sb)}`, { method: verb, headers: { 'x-auth-token': token } });
      expect(res.statusCode).toBe(405);
      expect(((await res.body.json()) as Record<string, unknown>)['message']).toBe('invalid_method');
    }
  });

  it('unknown path: 404 not_found', async () => {
    const res = await call(sb, 'GET', `/v2/accounts/${sb.account.id}/nothing_here`, { token });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: '404', message: 'not_found', data: { message: 'not found' } });
  });

  it('malformed or foreign account ids: 404 bad identifier / 403 forbidden', async () => {
    const bad = await call(sb, 'GET', '/v2/accounts/not-an-id/devices', { token });
    expect(bad.status).toBe(404);
    expect(bad.body).toMatchObject({ message: 'bad identifier', data: { message: "invalid account_id 'not-an-id'" } });
    const other = await call(sb, 'GET', `/v2/accounts/${'f'.repeat(32)}/devices`, { token });
    expect(other.status).toBe(403);
    expect(other.body).toMatchObject({ error: '403', message: 'forbidden' });
  });

  it('a body over 8 MB: 413 with a KAZOO envelope, without reading it all', async () => {
    const big = JSON.stringify({ data: { name: 'x', notes: 'a'.repeat(8_100_000) } });
    const res = await call(sb, 'PUT', devicesPath(sb), { token, raw: big });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({
      error: '413',
      status: 'error',
      data: { file: { maxSize: { message: 'Payload or Files must not be more than 8000000 bytes', target: 8000000 } } },
    });
  });

  it('a chunked body that grows past the limit is cut off with 413 too', async () => {
    async function* chunks(): AsyncGenerator<Buffer> {
      yield Buffer.from('{"data":{"name":"');
      for (let i = 0; i < 9; i++) yield Buffer.alloc(1_000_000, 97);
      yield Buffer.from('"}}');
    }
    const res = await request(`${sb.url}${devicesPath(sb)}`, {
      method: 'PUT',
      headers: { 'x-auth-token': token, 'content-type': 'application/json' },
      body: Readable.from(chunks()),
    }).catch((e: unknown) => e);
    // Either the 413 arrives, or the client saw the connection closed mid-upload; never a 2xx/500.
    if (!(res instanceof Error)) {
      expect((res as { statusCode: number }).statusCode).toBe(413);
      await (res as { body: { text(): Promise<string> } }).body.text();
    }
    const after = await call(sb, 'GET', devicesPath(sb), { token });
    expect(after.status).toBe(200);
  });

  it('verb tunnelling: POST with ?verb=PUT creates', async () => {
    const res = await call(sb, 'POST', `${devicesPath(sb)}?verb=PUT`, { token, data: { name: 'Tunnelled' } });
    expect(res.status).toBe(201);
  });

  it('never answers 500 with a stack trace to odd input', async () => {
    const odd = ['[]', 'null', '"str"', '{"data": null}', '{"data": [1,2]}', '\u0000\u0001', '{"DATA": {"name": 1}}'];
    for (const raw of odd) {
      const res = await call(sb, 'PUT', devicesPath(sb), { token, raw });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.text).not.toMatch(/at .*\.ts:\d+/);
    }
  });
});
