import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const CLI = join(process.cwd(), 'main', 'sandbox', 'cli.ts');
const KEYS = ['SANDBOX_URL', 'ACCOUNT_ID', 'ACCOUNT_NAME', 'API_KEY', 'USERNAME', 'PASSWORD'];

interface Running {
  child: ChildProcessWithoutNullStreams;
  lines: Record<string, string>;
}

async function launch(args: string[]): Promise<Running> {
  const child = spawn(TSX, [CLI, ...args], { stdio: 'pipe' });
  const lines: Record<string, string> = {};
  const rl = createInterface({ input: child.stdout });
  for await (const line of rl) {
    const at = line.indexOf('=');
    lines[line.slice(0, at)] = line.slice(at + 1);
    if (KEYS.every((k) => k in lines)) break;
  }
  return { child, lines };
}

async function stop(r: Running): Promise<number | null> {
  const exited = once(r.child, 'exit');
  r.child.kill('SIGTERM');
  const [code] = (await exited) as [number | null];
  return code;
}

async function json(
  url: string,
  method: 'GET' | 'PUT',
  body?: unknown,
  token?: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers['x-auth-token'] = token;
  const res = await request(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sandbox-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('npm run sandbox', () => {
  it('prints the connection lines, serves the demo site, saves --data on SIGTERM and loads it again', async () => {
    const data = join(dir, 'state.json');
    const first = await launch(['--demo', '--port', '0', '--no-rate-limit', '--data', data, '--seed', '3']);
    const { lines } = first;
    expect(lines['SANDBOX_URL']).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines['ACCOUNT_ID']).toMatch(/^[0-9a-f]{32}$/);
    expect(lines['ACCOUNT_NAME']).toBe('Harbor View Dental');

    const auth = await json(`${lines['SANDBOX_URL']}/v2/api_auth`, 'PUT', { data: { api_key: lines['API_KEY'] } });
    expect(auth.status).toBe(201);
    const token = auth.body['auth_token'] as string;
    const created = await json(
      `${lines['SANDBOX_URL']}/v2/accounts/${lines['ACCOUNT_ID']}/devices`,
      'PUT',
      { data: { name: 'Saved phone' } },
      token,
    );
    expect(created.status).toBe(201);
    expect(await stop(first)).toBe(0);

    const saved = JSON.parse(await readFile(data, 'utf8')) as { devices: { name: string }[] };
    expect(saved.devices.map((d) => d.name)).toContain('Saved phone');

    const second = await launch(['--port', '0', '--data', data]);
    try {
      expect(second.lines['ACCOUNT_ID']).toBe(lines['ACCOUNT_ID']);
      expect(second.lines['PASSWORD']).toBe(lines['PASSWORD']);
      const again = await json(`${second.lines['SANDBOX_URL']}/v2/api_auth`, 'PUT', { data: { api_key: lines['API_KEY'] } });
      const list = await json(
        `${second.lines['SANDBOX_URL']}/v2/accounts/${lines['ACCOUNT_ID']}/devices?paginate=false`,
        'GET',
        undefined,
        again.body['auth_token'] as string,
      );
      expect((list.body['data'] as { name: string }[]).map((d) => d.name)).toContain('Saved phone');
    } finally {
      await stop(second);
    }
  });

  it('refuses bad flags with exit code 2 and the usage', async () => {
    const child = spawn(TSX, [CLI, '--faults', 'boom=2'], { stdio: 'pipe' });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(2);
    expect(stderr).toContain('--faults');
    expect(stderr).toContain('Usage: npm run sandbox');
  });
});
