import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../common/audit';
import { runCli } from '../../../main/cli/run';
import { systemClock } from '../../../main/clock';
import { createLogger } from '../../../main/log';
import { startSandbox, type Sandbox } from '../../../main/sandbox/server';
import { createMemoryStore } from '../../../main/secrets/memory-store';
import { createServices } from '../../../main/services';
import { capturedRun, sandboxEnv, type CapturedRun } from '../../support/cli-run';
import { saveSandboxConnection } from '../../support/sandbox-connection';
import { value } from '../../support/value';

let sb: Sandbox;
beforeEach(async () => {
  sb = await startSandbox({ rateLimit: false, demo: true, autoRegister: false, seed: 5 });
});
afterEach(async () => {
  await sb.close();
});

const idOf = (name: string) => String(sb.state.devices().find((doc) => doc['name'] === name)?.['_id']);
const BATCH = 'c'.repeat(32);

/** The desktop app on the same computer: the CLI's home folder is its user-data folder. */
function appIn(home: string) {
  const log = createLogger(() => {});
  let last = 0;
  return createServices({
    host: 'cli',
    version: 'test',
    platform: 'linux',
    log,
    publish: () => {},
    userDataDir: home,
    secrets: createMemoryStore(log, 'test'),
    // Real time that never reads the same millisecond twice: the order the CLI prints is the order of the changes.
    clock: { ...systemClock, now: () => (last = Math.max(last + 1, Date.now())) },
  });
}

/**
 * The desktop app on the same computer (the CLI's home folder) changes the account: an editor
 * save, a reboot, and one step of a batch as its runner records it.
 */
async function changesMadeInTheApp(home: string): Promise<void> {
  const services = appIn(home);
  try {
    const saved = await saveSandboxConnection(services, sb);
    value(await services.handlers['devices:save']({ id: idOf('Billing'), fields: { caller_id_internal_number: '250' } }));
    value(await services.handlers['devices:list']({ refresh: false }));
    value(await services.handlers['devices:sync']({ id: idOf('Front Desk 1'), reboot: true }));
    const sink = services.audit.forConnection({ id: saved.id, name: saved.name, accountId: sb.account.id });
    const step = `${BATCH}:0.0`;
    sink.begin({
      id: step,
      batchId: BATCH,
      action: 'update',
      source: 'import',
      resource: 'device',
      resourceId: idOf('Hygiene Room 1'),
      name: 'Hygiene Room 1',
      fields: [{ path: 'enabled', before: 'true', after: 'false', secret: false }],
    });
    sink.end(step, { ok: false, error: 'The server refused: mac_address is taken.' });
  } finally {
    await services.close();
  }
}

async function history(args: string[], home?: string): Promise<{ code: number; run: CapturedRun }> {
  const run = capturedRun({ ...sandboxEnv(sb), ...(home ? { AUDIAN_HOME: home } : {}) });
  return { code: await runCli(['history', ...args], run.io), run };
}

describe('audian-provision history', () => {
  it('prints the account’s changes newest first: time, action, source, name, before → after, outcome', async () => {
    const home = capturedRun({}).io.env.AUDIAN_HOME as string;
    await changesMadeInTheApp(home);
    const { code, run } = await history([], home);
    expect(code).toBe(0);
    const lines = run.out().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^TIME\s+ACTION\s+SOURCE\s+NAME\s+FIELDS\s+OUTCOME$/);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(
      /^\d{4}-\d{2}-\d{2}T\S+\s+update\s+import\s+Hygiene Room 1\s+enabled: true → false\s+failed: The server refused: mac_address is taken\.$/,
    );
    expect(lines[2]).toMatch(/\s+reboot\s+phone_action\s+Front Desk 1\s+done$/);
    expect(lines[3]).toMatch(/\s+update\s+editor\s+Billing\s+caller_id\.internal\.number: \(empty\) → 250\s+done$/);
  });

  it('--json prints the records; --device, --batch and --since choose them', async () => {
    const home = capturedRun({}).io.env.AUDIAN_HOME as string;
    const started = new Date().toISOString();
    await changesMadeInTheApp(home);

    const all = await history(['--json'], home);
    expect(all.code).toBe(0);
    const records = JSON.parse(all.run.out()) as AuditRecord[];
    expect(records.map((record) => [record.action, record.resourceId, record.outcome])).toEqual([
      ['update', idOf('Hygiene Room 1'), 'failed'],
      ['reboot', idOf('Front Desk 1'), 'done'],
      ['update', idOf('Billing'), 'done'],
    ]);
    expect(records[2]).toMatchObject({ source: 'editor', batchId: null, accountId: sb.account.id, connectionName: 'Site' });

    const device = await history(['--device', idOf('Billing'), '--json'], home);
    expect((JSON.parse(device.run.out()) as AuditRecord[]).map((record) => record.name)).toEqual(['Billing']);
    const batch = await history(['--batch', BATCH, '--json'], home);
    expect((JSON.parse(batch.run.out()) as AuditRecord[]).map((record) => record.id)).toEqual([`${BATCH}:0.0`]);

    const since = await history(['--since', started, '--json'], home);
    expect(JSON.parse(since.run.out())).toHaveLength(3);
    const later = await history(['--since', '2999-01-01'], home);
    expect(later.code).toBe(0);
    expect(later.run.out()).toBe('No recorded change matches these filters.\n');
  });

  it('a delete that found the device already gone reads as nothing changed, not done', async () => {
    const home = capturedRun({}).io.env.AUDIAN_HOME as string;
    const services = appIn(home);
    try {
      const saved = await saveSandboxConnection(services, sb);
      const sink = services.audit.forConnection({ id: saved.id, name: saved.name, accountId: sb.account.id });
      const step = `${BATCH}:0.0`;
      sink.begin({
        id: step,
        batchId: BATCH,
        action: 'delete',
        source: 'bulk',
        resource: 'device',
        resourceId: 'd'.repeat(32),
        name: 'Lobby',
        fields: [],
      });
      sink.end(step, { ok: true, note: 'it was already deleted before this delete was sent.' });
    } finally {
      await services.close();
    }

    const { code, run } = await history(['--batch', BATCH], home);

    expect(code).toBe(0);
    expect(run.out().trimEnd().split('\n')[1]).toMatch(
      /\sdelete\s+bulk\s+Lobby\s+nothing changed: it was already deleted before this delete was sent\.$/,
    );
  });

  it('a --since that is not an ISO time is exit 2 with the format; no records at all is a line saying so, exit 0', async () => {
    for (const bad of ['yesterday', '06/12/2026', '2026-13-45']) {
      const { code, run } = await history(['--since', bad]);
      expect(code).toBe(2);
      expect(run.err()).toMatch(/--since must be an ISO 8601 date or time, like 2026-12-06 or 2026-12-06T14:30:00Z/);
      expect(run.out()).toBe('');
    }
    const empty = await history([]);
    expect(empty.code).toBe(0);
    expect(empty.run.out()).toBe('No changes to this account are recorded on this computer.\n');
    const json = await history(['--json']);
    expect(JSON.parse(json.run.out())).toEqual([]);
  });
});
