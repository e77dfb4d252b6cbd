/**
 * A hostile or mistyped server (threat 3 of docs/SECURITY.md) against the real API client: an
 * endless answer, an answer declared too large, a list whose paging never ends, and CA files that
 * would stall or flood main (/dev/zero, a FIFO, a huge file). Each ends with a clear error naming
 * the server or the file, after reading a bounded amount; a real 100,000-device list still fits.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readCaFile } from '../../../main/api/ca-file';
import { KazooClient, RESPONSE_LIMITS } from '../../../main/api/client';
import { getDevice, listDevices } from '../../../main/api/devices';
import { createLogger } from '../../../main/log';
import { checkCaFile } from '../../../main/profiles/ca-file';

const ACCOUNT = 'a'.repeat(32);
const SIGN_IN = JSON.stringify({ auth_token: 'token', data: { account_id: ACCOUNT }, status: 'success' });

interface Hostile {
  url: string;
  /** Bytes the server managed to hand to the socket before the client stopped it. */
  written: () => number;
  requests: string[];
  close(): Promise<void>;
}

/** Writes `chunk` for ever, as fast as the client reads, until the client hangs up. */
function endless(response: http.ServerResponse, chunk: Buffer, count: (bytes: number) => void): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.write('{"data":"');
  const pump = () => {
    while (!response.destroyed && response.write(chunk)) count(chunk.length);
  };
  response.on('drain', pump);
  pump();
}

async function hostileServer(
  answer: (request: http.IncomingMessage, response: http.ServerResponse, count: (bytes: number) => void) => void,
): Promise<Hostile> {
  let written = 0;
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    request.resume();
    answer(request, response, (bytes) => (written += bytes));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    written: () => written,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

function clientOf(server: Hostile, caFile?: string): KazooClient {
  const client = new KazooClient({
    baseUrl: server.url,
    accountId: ACCOUNT,
    credentials: { method: 'api_key', apiKey: 'k'.repeat(64) },
    log: createLogger(() => {}),
    rateLimit: null,
    retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 1 },
    ...(caFile ? { caFile } : {}),
  });
  open.push(client);
  return client;
}

const MB = 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'x');

describe('answers are bounded', () => {
  it('an endless answer to the sign-in stops at its limit with a message naming the server', async () => {
    const server = await hostileServer((_request, response, count) => endless(response, CHUNK, count));
    open.push(server);
    const signedIn = await clientOf(server).authenticate();
    expect(signedIn).toMatchObject({ ok: false, error: { kind: 'server', message: expect.stringContaining(server.url) } });
    // What the server could push is the limit plus what the sockets buffer, not gigabytes; and it was asked once.
    expect(server.written()).toBeLessThan(RESPONSE_LIMITS.signIn + 8 * MB);
    expect(server.requests).toEqual(['PUT /v2/api_auth']);
  });

  it('an endless device document stops at the document limit, and is not asked for again', async () => {
    const server = await hostileServer((request, response, count) => {
      if (request.url === '/v2/api_auth') response.end(SIGN_IN);
      else endless(response, CHUNK, count);
    });
    open.push(server);
    const read = await getDevice(clientOf(server), 'd'.repeat(32));
    expect(read).toMatchObject({ ok: false, error: { kind: 'server', message: expect.stringContaining(server.url) } });
    expect(server.written()).toBeLessThan(RESPONSE_LIMITS.document + 8 * MB);
    expect(server.requests.filter((line) => line.startsWith('GET'))).toHaveLength(1);
  });

  it('an answer declared larger than a list may be is refused before it is read', async () => {
    const server = await hostileServer((request, response) => {
      if (request.url === '/v2/api_auth') return void response.end(SIGN_IN);
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(RESPONSE_LIMITS.list + 1) });
      response.write('{"data":[');
    });
    open.push(server);
    expect(await listDevices(clientOf(server))).toMatchObject({ ok: false, error: { kind: 'server' } });
  });

  it('a list of 100,000 devices, as KAZOO lists them, still fits', async () => {
    const items = Array.from({ length: 100_000 }, (_, index) => ({
      id: index.toString(16).padStart(32, '0'),
      name: `Desk phone ${index}`,
      username: `user_${index}`,
      mac_address: (0x001565000000 + index).toString(16).padStart(12, '0'),
      owner_id: 'b'.repeat(32),
      enabled: true,
      device_type: 'sip_device',
      flags: [],
    }));
    const body = JSON.stringify({ data: items, status: 'success', revision: 'r', request_id: 'q' });
    const server = await hostileServer((request, response) => response.end(request.url === '/v2/api_auth' ? SIGN_IN : body));
    open.push(server);
    const listed = await listDevices(clientOf(server));
    expect(listed.ok && listed.value.length).toBe(100_000);
  });
});

describe('paging must make progress', () => {
  it.each([
    ['the same next_start_key again', (page: number) => ({ data: [{ id: `d${page}`, name: 'x' }], next_start_key: 'same' })],
    ['pages with nothing on them', (page: number) => ({ data: [], next_start_key: `key-${page}` })],
  ])('%s ends the listing with an error instead of going on for ever', async (_label, pageOf) => {
    let page = 0;
    const server = await hostileServer((request, response) => {
      if (request.url === '/v2/api_auth') return void response.end(SIGN_IN);
      // KAZOO's answer to paginate=false on a listing that insists on pages.
      if (request.url?.includes('paginate=false')) {
        response.writeHead(416, { 'content-type': 'application/json' });
        return void response.end(JSON.stringify({ status: 'error', error: '416', message: 'range not satisfiable', data: {} }));
      }
      page += 1;
      response.end(JSON.stringify({ status: 'success', ...pageOf(page) }));
    });
    open.push(server);
    expect(await listDevices(clientOf(server))).toMatchObject({
      ok: false,
      error: { kind: 'server', message: expect.stringContaining('keeps sending the same page') },
    });
    expect(page).toBeLessThanOrEqual(2);
  });
});

describe.skipIf(process.platform === 'win32')('the CA file is checked before it is read (POSIX devices and FIFOs)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ca-hostile-'));
  const fifo = path.join(dir, 'ca.fifo');
  execFileSync('mkfifo', [fifo]);
  const huge = path.join(dir, 'huge.pem');
  writeFileSync(huge, Buffer.alloc(2 * MB, 'A'));

  it.each([
    ['/dev/zero, which never ends', '/dev/zero', /is not a file/],
    ['a FIFO nobody writes to, which would block', fifo, /is not a file/],
    ['a folder', dir, /is not a file/],
    ['a file over 1 MB', huge, /too large/],
  ])('%s is refused at once', async (_label, file, message) => {
    expect(await readCaFile(file)).toMatchObject({ ok: false, error: { message: expect.stringMatching(message) } });
    expect(await checkCaFile(file)).toMatchObject({ ok: false, error: { fields: [{ path: 'caFile' }] } });
  });

  it('a CA file that became a FIFO after it was saved fails the request with that reason, not a hang', async () => {
    const server = await hostileServer((_request, response) => response.end(SIGN_IN));
    open.push(server);
    expect(await clientOf(server, fifo).authenticate()).toMatchObject({
      ok: false,
      error: { kind: 'tls', message: expect.stringContaining('is not a file') },
    });
    expect(server.requests).toEqual([]);
  });
});
