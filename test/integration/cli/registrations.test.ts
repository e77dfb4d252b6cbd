import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli/run';
import { capturedRun, sandboxEnv } from '../../support/cli-run';
import { startSandbox, type Sandbox } from '../../../main/sandbox/server';
import { call, devicesPath, login, usersPath } from '../sandbox/helpers';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ rateLimit: false, demo: true, autoRegister: false, seed: 4 });
});
afterAll(async () => {
  await sb.close();
});

const io = () => capturedRun(sandboxEnv(sb));

const phones = () => sb.state.devices().filter((d) => d['device_type'] === 'sip_device' && d['enabled'] !== false);
const usernameOf = (d: ReturnType<typeof phones>[number]) => String((d['sip'] as { username: string }).username);

describe('audian-provision registrations', () => {
  it('prints every device with its state', async () => {
    const run = io();
    expect(await runCli(['registrations'], run.io)).toBe(0);
    expect(run.out()).toMatch(/^NAME\s+USER\s+EXT\s+MAC\s+STATE\s+LAST SEEN/);
    expect(run.err()).toMatch(/\d+ of \d+ registered/);
  });

  it("reads Audian's status words as KAZOO's registered: true: an unregistered phone is not counted, a disabled one says so", async () => {
    const [up, down] = phones();
    for (const device of phones()) sb.phones.unregister(usernameOf(device));
    sb.phones.register(usernameOf(up!));
    const lineOf = (out: string, name: unknown) => out.split('\n').find((line) => line.startsWith(`${String(name)} `)) ?? '';
    for (const shape of ['status', 'registered'] as const) {
      sb.configure({ deviceStatusShape: shape });
      const run = io();
      expect(await runCli(['registrations'], run.io)).toBe(0);
      expect(run.err()).toMatch(/^1 of \d+ registered/m);
      expect(lineOf(run.out(), up?.['name'])).toMatch(/\sregistered\s/);
      expect(lineOf(run.out(), down?.['name'])).toMatch(/\s(not registered|waiting for first registration)\s/);
      expect(lineOf(run.out(), 'Break Room')).toMatch(/\sdisabled\s/);
    }
    sb.phones.unregister(usernameOf(up!));
  });

  it('--until-all-registered exits 0 once the phones of the batch register', async () => {
    const batch = phones().slice(0, 2);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'report-')), 'report.csv');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, `failure_reason,result,device_id,name\r\n,created,${batch[0]?._id},a\r\n,created,${batch[1]?._id},b\r\n`);
    const run = io();
    const done = runCli(['registrations', '--batch', file, '--until-all-registered', '--interval', '0.05', '--timeout', '20'], run.io);
    for (const device of batch) sb.phones.register(usernameOf(device));
    expect(await done).toBe(0);
    expect(run.err()).toMatch(/^2 of 2 registered/m);
  });

  it('--until-all-registered exits 1 at the timeout, naming the phones still missing', async () => {
    const missing = phones()[2];
    sb.phones.unregister(usernameOf(missing!));
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'report-')), 'report.csv');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, `device_id\r\n${missing?._id}\r\n`);
    const run = io();
    expect(
      await runCli(['registrations', '--batch', file, '--until-all-registered', '--interval', '0.05', '--timeout', '0.3'], run.io),
    ).toBe(1);
    expect(run.err()).toContain(`still missing: ${String(missing?.['name'])}`);
  });

  it('names a batch’s phones by name, user, extension and MAC, and one never seen registered as waiting for its first registration', async () => {
    // Made by another tool: the command line knows them from the account's device list alone.
    const token = await login(sb);
    const owner = await call(sb, 'PUT', usersPath(sb), {
      token,
      data: { first_name: 'Lobby', last_name: 'Desk', username: 'lobby@example.com', password: 'lobby-Pass-1', presence_id: '2101' },
    });
    const ownerId = (owner.body.data as { id: string }).id;
    const device = await call(sb, 'PUT', devicesPath(sb), {
      token,
      data: {
        name: 'Lobby phone',
        owner_id: ownerId,
        mac_address: '001565cd0101',
        sip: { username: 'lobby_2101', password: 'LobbyPass1234' },
      },
    });
    expect(device.status).toBe(201);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'report-')), 'report.csv');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, `device_id\r\n${(device.body.data as { id: string }).id}\r\n`);
    const run = io();
    expect(await runCli(['registrations', '--batch', file], run.io)).toBe(0);
    expect(run.out()).toMatch(/^NAME\s+USER\s+EXT\s+MAC\s+STATE\s+LAST SEEN/);
    expect(run.out()).toMatch(/^Lobby phone\s+Lobby Desk\s+2101\s+00:15:65:cd:01:01\s+waiting for first registration\s/m);
    expect(run.out()).not.toContain('not in account');
  });
});
