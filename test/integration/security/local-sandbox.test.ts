/**
 * The sandbox runs on the technician's computer (the app's demo mode, `npm run sandbox`) and
 * holds a whole account with SIP passwords. Any web page the user opens, and any other local
 * user, can find its port: it must not let a page read it (no CORS), must answer only requests
 * addressed to itself (DNS rebinding), must keep its control API off unless asked for, and must
 * keep its data file to its owner.
 */
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../main/log';
import { createDemoConnection } from '../../../main/profiles/demo-connection';
import { createProfileStore } from '../../../main/profiles/profile-store';
import { startSandbox } from '../../../main/sandbox/server';
import { createMemoryStore } from '../../../main/secrets/memory-store';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A raw request, with whatever Host and Origin a hostile page or a rebound DNS name would send. */
function send(url: string, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<Answer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: target.hostname, port: target.port, method: options.method ?? 'GET', path: options.path, headers: options.headers },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

const log = createLogger(() => {});
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((close) => close()));
});

/** The sandbox exactly as the app starts it for "Try the demo". */
async function appDemo() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'demo-'));
  const profiles = createProfileStore({ dir, secrets: createMemoryStore(log, 'test'), log });
  const demo = createDemoConnection({ userDataDir: dir, profiles, log });
  cleanup.push(() => demo.stop());
  const profile = await demo.ensure();
  if (!profile.ok) throw new Error(profile.error.message);
  return { url: profile.value.baseUrl, accountId: profile.value.accountId, dir };
}

describe("the app's demo sandbox", () => {
  it('gives a web page nothing to read: no CORS header on any answer, preflight included', async () => {
    const { url, accountId } = await appDemo();
    const origin = { origin: 'https://evil.example' };
    const answers = await Promise.all([
      send(url, {
        method: 'OPTIONS',
        path: `/v2/accounts/${accountId}/devices`,
        headers: { ...origin, 'access-control-request-method': 'GET' },
      }),
      send(url, { path: `/v2/accounts/${accountId}/devices`, headers: origin }),
      send(url, { method: 'PUT', path: '/v2/api_auth', headers: origin, body: '{"data":{"api_key":"x"}}' }),
    ]);
    for (const answer of answers) expect(Object.keys(answer.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });

  it('has no control API: the stored devices and their SIP passwords are not one GET away', async () => {
    const { url } = await appDemo();
    for (const route of ['/_sandbox/devices', '/_sandbox/registrations', '/_sandbox/actions', '/_sandbox/stats']) {
      const answer = await send(url, { path: route });
      expect(answer.status, route).toBe(404);
      expect(answer.body, route).not.toContain('password');
    }
    expect((await send(url, { method: 'POST', path: '/_sandbox/phones/register', body: '{"usernames":["x"]}' })).status).toBe(404);
  });

  it('answers only requests addressed to itself, so a rebound DNS name reaches nothing', async () => {
    const { url, accountId } = await appDemo();
    const port = new URL(url).port;
    const rebound = await send(url, { path: `/v2/accounts/${accountId}/devices`, headers: { host: `evil.example:${port}` } });
    expect(rebound.status).toBe(421);
    expect((await send(url, { path: `/v2/accounts/${accountId}/devices`, headers: { host: `127.0.0.1:${port}` } })).status).toBe(401);
    expect((await send(url, { path: `/v2/accounts/${accountId}/devices`, headers: { host: `localhost:${port}` } })).status).toBe(401);
  });
});

describe('the standalone sandbox', () => {
  it('sends no CORS header either, and keeps its control API off unless asked for', async () => {
    const plain = await startSandbox({ rateLimit: false });
    cleanup.push(() => plain.close());
    const answer = await send(plain.url, { path: '/_sandbox/stats', headers: { origin: 'https://evil.example' } });
    expect(answer.status).toBe(404);
    expect(Object.keys(answer.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });

  it('with --control, the control API still answers only its own address', async () => {
    const controlled = await startSandbox({ rateLimit: false, controlRoutes: true });
    cleanup.push(() => controlled.close());
    const port = new URL(controlled.url).port;
    expect((await send(controlled.url, { path: '/_sandbox/stats' })).status).toBe(200);
    expect((await send(controlled.url, { path: '/_sandbox/devices', headers: { host: `attacker.example:${port}` } })).status).toBe(421);
  });

  it.skipIf(process.platform === 'win32')(
    'keeps its data file to its owner, and tightens one left readable by others (POSIX modes)',
    async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'sandbox-data-'));
      const fresh = path.join(dir, 'fresh.json');
      const first = await startSandbox({ rateLimit: false, dataFile: fresh });
      await first.close();
      expect(statSync(fresh).mode & 0o777).toBe(0o600);

      const copied = path.join(dir, 'copied.json');
      writeFileSync(copied, JSON.stringify(JSON.parse(readFileSync(fresh, 'utf8'))));
      chmodSync(copied, 0o644);
      const again = await startSandbox({ rateLimit: false, dataFile: copied });
      cleanup.push(() => again.close());
      expect(statSync(copied).mode & 0o777).toBe(0o600);
    },
  );
});
