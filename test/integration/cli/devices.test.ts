import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CANONICAL_COLUMNS } from '../../../common/import/columns';
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

  it('exports every device in the import columns; passwords only with --passwords', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cli-export-'));
    const plain = io();
    expect(await runCli(['devices', 'export', '--out', path.join(dir, 'plain.csv')], plain.io)).toBe(0);
    const csv = readFileSync(path.join(dir, 'plain.csv'), 'utf8');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(CANONICAL_COLUMNS.join(','));
    expect(lines).toHaveLength(sb.state.devices().length + 1);
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
