/**
 * Bulk actions that change documents (enable, disable, owner, delete) run as batches through the
 * import's engine: they appear among the batches (origin bulk), journal the before-image of what
 * they change, and record each change in the audit log.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_RETRY } from '../../../main/api/retry';
import { readJournal } from '../../../main/import/journal';
import { createLogger } from '../../../main/log';
import { startSandbox, type Sandbox } from '../../../main/sandbox/server';
import { createMemoryStore } from '../../../main/secrets/memory-store';
import { createServices } from '../../../main/services';
import { saveSandboxConnection } from '../../support/sandbox-connection';
import { value } from '../../support/value';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

async function setup() {
  const sb = await startSandbox({ rateLimit: false, demo: true, autoRegister: false, seed: 5 });
  open.push(sb);
  const log = createLogger(() => {});
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'bulk-batches-'));
  const services = createServices({
    host: 'cli',
    version: 'test',
    platform: 'linux',
    log,
    publish: () => {},
    userDataDir,
    secrets: createMemoryStore(log, 'test'),
  });
  open.push(services);
  await saveSandboxConnection(services, sb);
  return { sb, services, handlers: services.handlers, batchesDir: path.join(userDataDir, 'batches') };
}

const idOf = (sb: Sandbox, name: string): string => {
  const doc = sb.state.devices().find((d) => d['name'] === name);
  if (!doc) throw new Error(`no device ${name}`);
  return String(doc['_id']);
};

describe('bulk actions as batches', () => {
  it('disable and delete run as bulk batches: listed, journaled with before-images, recorded in the audit log', async () => {
    const { sb, services, handlers, batchesDir } = await setup();
    value(await handlers['devices:list']({ refresh: false }));
    const names = ['Front Desk 1', 'Front Desk 2', 'Billing'];
    const ids = names.map((name) => idOf(sb, name));
    const passwords = ids.map((id) =>
      String((sb.state.devices().find((d) => d._id === id)!['sip'] as Record<string, unknown>)['password']),
    );

    const disabled = value(await handlers['devices:bulk']({ ids: ids.slice(0, 2), action: 'disable' }));
    // The change made the cached list go; the delete reads it again to name each device.
    const deleted = value(await handlers['devices:bulk']({ ids: [...ids, 'f'.repeat(32)], action: 'delete', confirm: true }));

    expect(disabled.results.map((item) => item.message)).toEqual(['Disabled.', 'Disabled.']);
    expect(deleted.results.map((item) => [item.name, item.ok, item.message])).toEqual([
      ['Front Desk 1', true, 'Deleted.'],
      ['Front Desk 2', true, 'Deleted.'],
      ['Billing', true, 'Deleted.'],
      ['f'.repeat(32), true, 'Already deleted.'],
    ]);
    const batches = services.imports.batches();
    expect(batches.map((batch) => [batch.origin, batch.name, batch.state, batch.updated, batch.deleted, batch.skipped])).toEqual(
      expect.arrayContaining([
        ['bulk', 'Disable 2 devices', 'finished', 2, 0, 0],
        ['bulk', 'Delete 4 devices', 'finished', 0, 3, 1],
      ]),
    );
    expect(batches).toHaveLength(2);

    const deleteBatch = batches.find((batch) => batch.name === 'Delete 4 devices')!;
    const file = path.join(
      batchesDir,
      readdirSync(batchesDir).find((entry) => entry.startsWith(deleteBatch.batchId))!,
    );
    const replay = readJournal(file);
    if (!replay.ok) throw new Error(replay.error.message);
    expect(replay.value.spec).toMatchObject({ origin: 'bulk', fileName: '', rows: [], headers: [] });
    expect(replay.value.before.get('0.0')).toMatchObject({
      kind: 'document',
      document: { id: ids[0], name: 'Front Desk 1', enabled: false },
    });
    expect(replay.value.before.get('3.0')).toEqual({ kind: 'missing' });
    const text = readFileSync(file, 'utf8');
    for (const password of passwords) expect(text).not.toContain(password);

    const audit = services.audit.list(sb.account.id, { source: 'bulk' });
    expect(audit.records.map((record) => [record.action, record.resourceId, record.outcome]).sort()).toEqual(
      [
        ['update', ids[0], 'done'],
        ['update', ids[1], 'done'],
        ['delete', ids[0], 'done'],
        ['delete', ids[1], 'done'],
        ['delete', ids[2], 'done'],
      ].sort(),
    );
    expect(audit.records.find((record) => record.action === 'update')?.fields).toEqual([
      { path: 'enabled', before: 'true', after: 'false', secret: false },
    ]);
    const report = value(await handlers['import:report']({ batchId: deleteBatch.batchId, includePasswords: false }));
    expect(report.fileName).toBe('Delete 4 devices-results.csv');
    expect(report.csv.split('\r\n').filter((line) => line !== '')).toHaveLength(5);
  });

  it('an owner change of a device that is gone says so, and changes the others', async () => {
    const { sb, handlers } = await setup();
    const list = value(await handlers['devices:list']({ refresh: false }));
    const owner = list.users[0]!;
    const hygiene = idOf(sb, 'Hygiene Room 1');

    const owned = value(await handlers['devices:bulk']({ ids: [hygiene, 'e'.repeat(32)], action: 'set_owner', ownerId: owner.id }));

    expect(owned.counts).toEqual({ ok: 1, failed: 1 });
    expect(owned.results[1]).toMatchObject({ ok: false, message: 'This device no longer exists on the server.' });
    expect(sb.state.devices().find((d) => d._id === hygiene)?.['owner_id']).toBe(owner.id);
  });

  it('with the server unreachable, a bulk disable answers once the client has given up, each device failed in words, instead of waiting for the network', async () => {
    const { sb, services, handlers } = await setup();
    value(await handlers['devices:list']({ refresh: false }));
    const ids = ['Front Desk 1', 'Billing'].map((name) => idOf(sb, name));
    await sb.close();

    const started = Date.now();
    const disabled = value(await handlers['devices:bulk']({ ids, action: 'disable' }));

    // The devices go side by side: all within one round of the client's retries (their longest backoff, summed), not one after another.
    const longestRetries = Array.from({ length: DEFAULT_RETRY.retries }, (_, n) =>
      Math.min(DEFAULT_RETRY.maxDelayMs, DEFAULT_RETRY.baseDelayMs * 2 ** n),
    ).reduce((sum, delay) => sum + delay, 0);
    expect(Date.now() - started).toBeLessThan(longestRetries + 5_000);
    expect(disabled.counts).toEqual({ ok: 0, failed: 2 });
    for (const item of disabled.results) {
      expect(item.ok).toBe(false);
      expect(item.message).toMatch(/^The server cannot be reached\..* Nothing was changed: try again when the network is back\.$/);
    }
    expect(services.imports.batches()[0]).toMatchObject({ origin: 'bulk', state: 'finished', failed: 2 });
  });

  it('a bulk reboot stays a phone action: no batch, one audit record per phone', async () => {
    const { sb, services, handlers } = await setup();
    value(await handlers['devices:list']({ refresh: false }));
    const ids = ['Front Desk 1', 'Billing'].map((name) => idOf(sb, name));

    const rebooted = value(await handlers['devices:bulk']({ ids, action: 'reboot' }));

    expect(rebooted.counts).toEqual({ ok: 2, failed: 0 });
    expect(services.imports.batches()).toEqual([]);
    const audit = services.audit.list(sb.account.id, { action: 'reboot' });
    expect(audit.records.map((record) => [record.source, record.name, record.outcome]).sort()).toEqual([
      ['bulk', 'Billing', 'done'],
      ['bulk', 'Front Desk 1', 'done'],
    ]);
  });
});
