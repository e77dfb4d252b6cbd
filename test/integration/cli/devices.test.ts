import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXPORT_COLUMNS } from '../../../main/devices/export';
import { runCli } from '../../../main/cli/run';
import { capturedRun, sandboxEnv } from '../../support/cli-run';
import { startSandbox, type Sandbox } from '../../../main/sandbox/server';

let sb: Sandbox;
beforeEach(async () => {
  sb = await startSandbox({ rateLimit: false, demo: true, autoRegister: false, seed: 5 });
});
afterEach(async () => {
  await sb.close();
});

const io = () => capturedRun(sandboxEnv(sb));

const idOf = (name: string) => String(sb.state.devices().find((doc) => doc['name'] === name)?.['_id']);
const stored = (id: string) => sb.state.devices().find((doc) => doc['_id'] === id);

describe('audian-provision devices', () => {
  it('prints one device as JSON without its SIP password', async () => {
    const run = io();
    const id = idOf('Billing');
    expect(await runCli(['devices', 'get', id], run.io)).toBe(0);
    const printed = JSON.parse(run.out()) as { name: string; sip: Record<string, unknown>; revision: string };
    expect(printed).toMatchObject({ name: 'Billing', revision: expect.any(String) });
    expect(printed.sip.password).toBeUndefined();
    expect(run.out()).not.toContain(String((stored(id)?.['sip'] as { password: string }).password));
  });

  it("lists every device's extension from the account's callflows, without reading each device", async () => {
    const run = io();
    const before = sb.state.stats().requests;
    expect(await runCli(['devices', 'list'], run.io)).toBe(0);
    const lines = run.out().trim().split('\n');
    const extColumn = lines[0]!.indexOf('EXT');
    const extOf = (name: string) =>
      lines
        .find((line) => line.startsWith(`${name} `))
        ?.slice(extColumn)
        .split(/\s+/)[0];
    // A shared phone rung by a callflow of its own, and a desk phone rung by its owner's callflow.
    expect(extOf('Hygiene Room 1')).toBe('110');
    expect(extOf('Front Desk 1')).toBe('103');
    // Sign-in, devices, users, callflows, and one read per callflow that rings a device (two in the demo).
    expect(sb.state.stats().requests - before).toBeLessThanOrEqual(6);

    const json = io();
    expect(await runCli(['devices', 'list', '--json'], json.io)).toBe(0);
    const devices = JSON.parse(json.out()) as Array<{ name: string; extension: string | null }>;
    expect(devices.find((device) => device.name === 'Fax ATA')?.extension).toBe('190');
  });

  it('exports every device in the import columns; passwords only with --passwords', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cli-export-'));
    const plain = io();
    expect(await runCli(['devices', 'export', '--out', path.join(dir, 'plain.csv')], plain.io)).toBe(0);
    const csv = readFileSync(path.join(dir, 'plain.csv'), 'utf8');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(EXPORT_COLUMNS.join(','));
    expect(lines).toHaveLength(sb.state.devices().length + 1);
    expect(lines.find((line) => line.startsWith('Hygiene Room 1,'))).toMatch(/,110$/);
    const password = String((stored(idOf('Billing'))?.['sip'] as { password: string }).password);
    expect(csv).not.toContain(password);

    const secret = io();
    expect(await runCli(['devices', 'export', '--out', path.join(dir, 'secret.csv'), '--passwords'], secret.io)).toBe(0);
    expect(readFileSync(path.join(dir, 'secret.csv'), 'utf8')).toContain(password);
  });

  it('disables and enables devices; exit 1 when the server refuses one', async () => {
    const ids = [idOf('Front Desk 1'), idOf('Front Desk 2')];
    const off = io();
    expect(await runCli(['devices', 'disable', ...ids], off.io)).toBe(0);
    expect(ids.map((id) => stored(id)?.['enabled'])).toEqual([false, false]);
    const on = io();
    expect(await runCli(['devices', 'enable', ids[0]!, 'f'.repeat(32)], on.io)).toBe(1);
    expect(stored(ids[0]!)?.['enabled']).toBe(true);
    expect(on.out()).toMatch(/failed\s+This device no longer exists/);
  });

  it('deletes only with --yes when not run from a terminal', async () => {
    const id = idOf('Break Room');
    const refused = io();
    expect(await runCli(['devices', 'delete', id], refused.io)).toBe(2);
    expect(refused.err()).toMatch(/--yes/);
    expect(stored(id)).toBeDefined();
    const run = io();
    expect(await runCli(['devices', 'delete', id, '--yes'], run.io)).toBe(0);
    expect(stored(id)).toBeUndefined();
  });

  it.each([[['devices', 'get']], [['devices', 'export']], [['devices', 'enable']], [['devices', 'get', 'a', 'b']]])(
    'exits 2 on unusable usage: %j',
    async (argv) => {
      expect(await runCli(argv, io().io)).toBe(2);
    },
  );
});
