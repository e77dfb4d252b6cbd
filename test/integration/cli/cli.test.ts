import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli/run';
import { capturedRun, sandboxEnv } from '../../support/cli-run';
import { startSandbox, type Sandbox } from '../../../main/sandbox/server';

const root = path.join(import.meta.dirname, '../../..');
let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ rateLimit: false, demo: true, autoRegister: false, seed: 2 });
});
afterAll(async () => {
  await sb.close();
});

const io = capturedRun;
const scriptEnv = () => sandboxEnv(sb);

describe('audian-provision', () => {
  it('lists devices with the connection from environment variables', async () => {
    const run = io(scriptEnv());
    expect(await runCli(['devices', 'list'], run.io)).toBe(0);
    const lines = run.out().trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+TYPE\s+SIP USERNAME\s+MAC\s+EXT\s+STATE\s+ID$/);
    expect(lines).toHaveLength(sb.state.devices().length + 1);
    expect(run.err()).toMatch(/\d+ devices/);
  });

  it('filters and prints JSON for scripts', async () => {
    const run = io(scriptEnv());
    expect(await runCli(['devices', 'list', '--type', 'softphone', '--json'], run.io)).toBe(0);
    const devices = JSON.parse(run.out()) as Array<{ deviceType: string }>;
    expect(devices.length).toBeGreaterThan(0);
    expect(devices.every((device) => device.deviceType === 'softphone')).toBe(true);
  });

  it('exits 1 when the server refuses the credentials', async () => {
    const run = io({ ...scriptEnv(), AUDIAN_API_KEY: 'a'.repeat(64) });
    expect(await runCli(['devices', 'list'], run.io)).toBe(1);
    expect(run.err().trim().split('\n')).toHaveLength(1);
    expect(run.err()).toMatch(/API key/);
  });

  it.each([
    [['devices', 'list', '--enabled', 'maybe']],
    [['devices', 'list', '--colour', 'red']],
    [['devices', 'frobnicate']],
    [['nonsense']],
    [[]],
  ])('exits 2 on unusable usage: %j', async (argv) => {
    const run = io(scriptEnv());
    expect(await runCli(argv, run.io)).toBe(2);
  });

  it('exits 2 without a connection', async () => {
    const run = io({});
    expect(await runCli(['devices', 'list'], run.io)).toBe(2);
    expect(run.err()).toMatch(/--profile NAME/);
  });

  it('adds, lists and removes a saved connection, taking the key from standard input only', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'cli-'));
    const add = io({ AUDIAN_HOME: home }, `${sb.credentials.apiKey}\n`);
    expect(
      await runCli(['profile', 'add', 'Harborview', '--base-url', sb.url, '--account-id', sb.account.id, '--api-key-stdin'], add.io),
    ).toBe(0);
    expect(add.out()).toMatch(/Saved connection "Harborview"/);
    const list = io({ AUDIAN_HOME: home });
    expect(await runCli(['profile', 'list'], list.io)).toBe(0);
    expect(list.out()).toMatch(/\*\s+Harborview/);
    expect(list.out()).not.toContain(sb.credentials.apiKey);
    const remove = io({ AUDIAN_HOME: home });
    expect(await runCli(['profile', 'remove', 'harborview'], remove.io)).toBe(0);
    const after = io({ AUDIAN_HOME: home });
    await runCli(['profile', 'list'], after.io);
    expect(after.out()).toMatch(/No saved connections/);
  });

  it.skipIf(process.platform === 'win32')(
    'makes its folders for its owner only, and tightens ones left open to others (POSIX modes)',
    async () => {
      const parent = mkdtempSync(path.join(os.tmpdir(), 'cli-home-'));
      const fresh = path.join(parent, 'fresh', 'Audian Provisioner');
      expect(await runCli(['profile', 'list'], io({ AUDIAN_HOME: fresh }).io)).toBe(0);
      expect(statSync(fresh).mode & 0o777).toBe(0o700);
      expect(statSync(path.join(fresh, 'logs')).mode & 0o777).toBe(0o700);

      const loose = path.join(parent, 'loose');
      mkdirSync(path.join(loose, 'logs'), { recursive: true, mode: 0o755 });
      chmodSync(loose, 0o755);
      expect(await runCli(['profile', 'list'], io({ AUDIAN_HOME: loose }).io)).toBe(0);
      expect(statSync(loose).mode & 0o777).toBe(0o700);
      expect(statSync(path.join(loose, 'logs')).mode & 0o777).toBe(0o700);
    },
  );

  it('refuses a secret given as an argument', async () => {
    const run = io({});
    expect(
      await runCli(
        ['profile', 'add', 'X', '--base-url', sb.url, '--account-id', sb.account.id, '--api-key', sb.credentials.apiKey],
        run.io,
      ),
    ).toBe(2);
    expect(run.err()).not.toContain(sb.credentials.apiKey.slice(8));
  });

  it('explains a bad account id and exits 2', async () => {
    const run = io({}, 'key\n');
    expect(await runCli(['profile', 'add', 'X', '--base-url', sb.url, '--account-id', 'abc', '--api-key-stdin'], run.io)).toBe(2);
    expect(run.err()).toMatch(/Account ID must be 32 hexadecimal characters/);
  });

  it.skipIf(!process.env.AUDIAN_TEST_SECRET_SERVICE)(
    'keeps the key in the keychain between runs of the real command (needs a Secret Service: `npm test` starts one on Linux)',
    async () => {
      const home = mkdtempSync(path.join(os.tmpdir(), 'cli-'));
      const cli = (args: string[], stdin = '') =>
        new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
          const child = execFile(
            'npx',
            ['tsx', 'main/cli.ts', ...args],
            { cwd: root, env: { ...process.env, AUDIAN_HOME: home } },
            (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
          );
          child.stdin?.end(stdin);
        });
      expect(
        (
          await cli(
            ['profile', 'add', 'Site', '--base-url', sb.url, '--account-id', sb.account.id, '--api-key-stdin'],
            sb.credentials.apiKey,
          )
        ).code,
      ).toBe(0);
      const listed = await cli(['devices', 'list', '--profile', 'Site', '--json']);
      expect(listed.code).toBe(0);
      expect(JSON.parse(listed.stdout)).toHaveLength(sb.state.devices().length);
      expect((await cli(['profile', 'remove', 'Site'])).code).toBe(0);
    },
  );
});
