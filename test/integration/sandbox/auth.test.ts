import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../main/sandbox/server';
import { startSandbox } from '../../../main/sandbox/server';
import { call, devicesPath, manualClock } from './helpers';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
const claimsOf = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString('utf8')) as Record<string, unknown>;

const clock = manualClock();
let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({
    rateLimit: false,
    clock,
    tokenTtlSeconds: 600,
    credentials: { username: 'Tech.Lead@Example.com', password: 's3cret-Pass' },
  });
});
afterAll(() => sb.close());

describe('PUT /v2/api_auth', () => {
  it('issues a JWT-shaped token with exp = now + ttl', async () => {
    const res = await call(sb, 'PUT', '/v2/api_auth', { data: { api_key: sb.credentials.apiKey } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'success', revision: 'automatic', page_size: 1 });
    expect(res.body.data).toMatchObject({ account_id: sb.account.id, account_name: sb.account.name });
    const token = res.body['auth_token'] as string;
    expect(token.split('.')).toHaveLength(3);
    const header = JSON.parse(Buffer.from(token.split('.')[0] as string, 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(header['alg']).toBe('RS256');
    expect(claimsOf(token)).toMatchObject({ account_id: sb.account.id, method: 'cb_api_auth', exp: Math.floor(clock.now() / 1000) + 600 });
  });

  it('an unknown key is 404 bad identifier carrying the key', async () => {
    const res = await call(sb, 'PUT', '/v2/api_auth', { data: { api_key: 'nope' } });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: '404', message: 'bad identifier', data: ['nope'] });
  });
});

describe('PUT /v2/user_auth', () => {
  it('accepts md5(lower(username):password) with the account name', async () => {
    const credentials = md5(`tech.lead@example.com:s3cret-Pass`);
    const res = await call(sb, 'PUT', '/v2/user_auth', { data: { credentials, account_name: sb.account.name } });
    expect(res.status).toBe(201);
    const token = res.body['auth_token'] as string;
    expect(claimsOf(token)).toMatchObject({ method: 'cb_user_auth', account_id: sb.account.id });
    expect((res.body.data as Record<string, unknown>)['owner_id']).toMatch(/^[0-9a-f]{32}$/);
    expect((await call(sb, 'GET', devicesPath(sb), { token })).status).toBe(200);
  });

  it('accepts the realm as locator and sha1 as method', async () => {
    const credentials = createHash('sha1').update('tech.lead@example.com:s3cret-Pass').digest('hex');
    const res = await call(sb, 'PUT', '/v2/user_auth', { data: { credentials, method: 'sha', account_realm: sb.account.realm } });
    expect(res.status).toBe(201);
  });

  it('wrong password, wrong case hash or unknown account: 401 invalid_credentials', async () => {
    const wrong = await call(sb, 'PUT', '/v2/user_auth', {
      data: { credentials: md5('tech.lead@example.com:nope'), account_name: sb.account.name },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ error: '401', message: 'invalid_credentials', data: { message: 'invalid credentials' } });
    const upper = await call(sb, 'PUT', '/v2/user_auth', {
      data: { credentials: md5('Tech.Lead@Example.com:s3cret-Pass'), account_name: sb.account.name },
    });
    expect(upper.status).toBe(401);
    const account = await call(sb, 'PUT', '/v2/user_auth', {
      data: { credentials: md5('tech.lead@example.com:s3cret-Pass'), account_name: 'Someone Else' },
    });
    expect(account.status).toBe(401);
  });

  it('missing credentials is a validation error', async () => {
    const res = await call(sb, 'PUT', '/v2/user_auth', { data: { account_name: sb.account.name } });
    expect(res.status).toBe(400);
    expect(res.body.data).toMatchObject({ credentials: { required: {} } });
  });
});

describe('tokens', () => {
  it('no token: 401 with auth_token "undefined"', async () => {
    const res = await call(sb, 'GET', devicesPath(sb));
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ auth_token: 'undefined', error: '401', message: 'invalid_credentials', status: 'error' });
  });

  it('a forged or garbled token: 401', async () => {
    const res = await call(sb, 'PUT', '/v2/api_auth', { data: { api_key: sb.credentials.apiKey } });
    const token = res.body['auth_token'] as string;
    const [h, , s] = token.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ account_id: sb.account.id, exp: 9e9 })).toString('base64url')}.${s}`;
    expect((await call(sb, 'GET', devicesPath(sb), { token: forged })).status).toBe(401);
    expect((await call(sb, 'GET', devicesPath(sb), { token: 'garbage' })).status).toBe(401);
  });

  it('the token is accepted from the query string and the envelope too', async () => {
    const res = await call(sb, 'PUT', '/v2/api_auth', { data: { api_key: sb.credentials.apiKey } });
    const token = res.body['auth_token'] as string;
    expect((await call(sb, 'GET', `${devicesPath(sb)}?auth_token=${token}`)).status).toBe(200);
    expect((await call(sb, 'PUT', devicesPath(sb), { envelope: { auth_token: token }, data: { name: 'Env' } })).status).toBe(201);
  });

  it('GET /v2/token_auth describes a live token; an expired one is 401', async () => {
    const res = await call(sb, 'PUT', '/v2/api_auth', { data: { api_key: sb.credentials.apiKey } });
    const token = res.body['auth_token'] as string;
    const info = await call(sb, 'GET', '/v2/token_auth', { token });
    expect(info.status).toBe(200);
    expect(info.body.data).toMatchObject({ account_id: sb.account.id, method: 'cb_api_auth' });

    await clock.advance(601_000);
    const expired = await call(sb, 'GET', devicesPath(sb), { token });
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ message: 'invalid_credentials' });
    expect((await call(sb, 'GET', '/v2/token_auth', { token })).status).toBe(401);
  });

  it('DELETE /v2/token_auth answers success', async () => {
    const res = await call(sb, 'PUT', '/v2/api_auth', { data: { api_key: sb.credentials.apiKey } });
    const del = await call(sb, 'DELETE', '/v2/token_auth', { token: res.body['auth_token'] as string });
    expect(del.status).toBe(200);
    expect(del.body['status']).toBe('success');
  });
});
