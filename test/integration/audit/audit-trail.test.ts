import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../common/audit';
import type { RequestChannel, RequestInput, RequestOutput } from '../../../common/ipc/contract';
import type { EventName, EventPayloads } from '../../../common/ipc/events';
import type { Result } from '../../../common/ipc/result';
import { KazooClient } from '../../../main/api/client';

import { AUDIT_CSV_COLUMNS } from '../../../main/audit/export';
import { systemClock, type Clock } from '../../../main/clock';
import { createRouter } from '../../../main/ipc/router';
import { createLogger } from '../../../main/log';
import { startSandbox, type Sandbox } from '../../../main/sandbox/server';
import { createMemoryStore } from '../../../main/secrets/memory-store';
import { createServices } from '../../../main/services';
import { saveSandboxConnection } from '../../support/sandbox-connection';
import { value } from '../../support/value';
import { patchDocument } from '../../../main/api/documents';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

const SENDER = { frameUrl: 'app://audian/index.html', isMainFrame: true, webContentsId: 1 };

/** Real time that never reads the same millisecond twice, so records sort newest first however fast the sandbox answers. */
function tickingClock(): Clock {
  let last = 0;
  return { ...systemClock, now: () => (last = Math.max(last + 1, Date.now())) };
}

/** The app against a sandbox, every request through the router a window's requests go through. */
async function setup() {
  const sb = await startSandbox({ rateLimit: false, demo: true, autoRegister: false, seed: 3 });
  open.push(sb);
  const log = createLogger(() => {});
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'audit-trail-'));
  const services = createServices({
    host: 'cli',
    version: 'test',
    platform: 'linux',
    log,
    publish: <E extends EventName>(_event: E, _payload: EventPayloads[E]) => {},
    userDataDir,
    secrets: createMemoryStore(log, 'test'),
    clock: tickingClock(),
  });
  open.push(services);
  await saveSandboxConnection(services, sb);
  const dispatch = createRouter(services.handlers, () => true, log);
  const call = <C extends RequestChannel>(channel: C, input: RequestInput<C>) =>
    dispatch(channel, input, SENDER) as Promise<Result<RequestOutput<C>>>;
  // Someone else at the same account: Monster UI, a colleague.
  const other = new KazooClient({
    baseUrl: sb.url,
    accountId: sb.account.id,
    credentials: { method: 'api_key', apiKey: sb.credentials.apiKey },
    log,
    rateLimit: null,
  });
  open.push(other);
  const records = async (query: RequestInput<'audit:list'> = {}): Promise<AuditRecord[]> => value(await call('audit:list', query)).records;
  /** Every byte the audit log holds on disk, rotated files included. */
  const logText = () =>
    readdirSync(path.join(userDataDir, 'audit'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => readFileSync(path.join(entry.parentPath, entry.name), 'utf8'))
      .join('\n');
  return { sb, services, call, other, records, logText };
}

const byName = (sb: Sandbox, name: string): string => {
  const doc = sb.state.devices().find((d) => d['name'] === name);
  if (!doc) throw new Error(`no device ${name}`);
  return String(doc['_id']);
};
const sipPasswordOf = (sb: Sandbox, id: string): string =>
  String((sb.state.devices().find((d) => d['_id'] === id)?.['sip'] as { password?: string } | undefined)?.password);

describe('audit trail of single changes', () => {
  it('an editor save, a duplicate and each phone action leave exactly one record, before → after, done; a save that sends nothing leaves none', async () => {
    const { sb, call, records } = await setup();
    const id = byName(sb, 'Break Room');
    const detail = value(await call('devices:get', { id }));
    const saved = value(
      await call('devices:save', {
        id,
        baseRevision: detail.revision ?? undefined,
        fields: { name: 'Break Room East', caller_id_internal_number: '201' },
      }),
    );
    expect(saved.outcome).toBe('saved');
    // Nothing differs: nothing is sent, nothing recorded.
    value(await call('devices:save', { id, fields: { name: 'Break Room East' } }));

    const [update, ...moreOfIt] = await records({ resourceId: id });
    expect(moreOfIt).toEqual([]);
    expect(update).toMatchObject({
      batchId: null,
      action: 'update',
      source: 'editor',
      resource: 'device',
      resourceId: id,
      name: 'Break Room East',
      connectionName: 'Site',
      accountId: sb.account.id,
      desktopUser: expect.any(String),
      outcome: 'done',
      error: null,
      completedAt: expect.any(String),
    });
    expect(update?.fields).toEqual(
      expect.arrayContaining([
        { path: 'name', before: 'Break Room', after: 'Break Room East', secret: false },
        { path: 'caller_id.internal.number', before: null, after: '201', secret: false },
      ]),
    );
    expect(update?.fields).toHaveLength(2);

    const copy = value(await call('devices:duplicate', { id, name: 'Break Room West' }));
    const created = await records({ resourceId: copy.id });
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ action: 'create', source: 'duplicate', name: 'Break Room West', outcome: 'done' });
    expect(created[0]?.fields).toContainEqual({ path: 'name', before: null, after: 'Break Room West', secret: false });
    expect(created[0]?.fields).toContainEqual({ path: 'sip.password', before: null, after: 'changed', secret: true });

    const fresh = value(await call('devices:save', { fields: { name: 'Lab Phone', mac_address: '00-15-65-12-34-56' } }));
    expect(await records({ resourceId: fresh.id })).toEqual([
      expect.objectContaining({ action: 'create', source: 'editor', name: 'Lab Phone', outcome: 'done' }),
    ]);
    expect((await records({ resourceId: fresh.id }))[0]?.fields).toContainEqual({
      path: 'mac_address',
      before: null,
      after: '001565123456',
      secret: false,
    });

    const billing = byName(sb, 'Billing');
    value(await call('devices:list', { refresh: true }));
    value(await call('devices:sync', { id: billing, reboot: true }));
    value(await call('devices:sync', { id: billing, reboot: false }));
    value(await call('devices:quickcall', { id: billing, number: '+15125550100' }));
    const actions = await records({ source: 'phone_action' });
    expect(actions.map(({ action, name, fields, outcome }) => ({ action, name, fields, outcome }))).toEqual([
      {
        action: 'quickcall',
        name: 'Billing',
        fields: [{ path: 'number', before: null, after: '+15125550100', secret: false }],
        outcome: 'done',
      },
      { action: 'resync', name: 'Billing', fields: [], outcome: 'done' },
      { action: 'reboot', name: 'Billing', fields: [], outcome: 'done' },
    ]);
    // One record per change the app sent: save, duplicate, create, three phone actions.
    expect((await records()).length).toBe(6);
    expect(new Set((await records()).map((record) => record.id)).size).toBe(6);
  });

  it("a change the server refuses is recorded as failed with the server's reason", async () => {
    const { sb, call, records } = await setup();
    const billing = byName(sb, 'Billing');
    const taken = String(sb.state.devices().find((d) => d['name'] === 'Front Desk 1')?.['mac_address']);
    const own = String(sb.state.devices().find((d) => d['_id'] === billing)?.['mac_address']);
    const refused = await call('devices:save', { id: billing, fields: { mac_address: taken } });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    const [record, ...others] = await records({ resourceId: billing });
    expect(others).toEqual([]);
    expect(record).toMatchObject({
      action: 'update',
      source: 'editor',
      outcome: 'failed',
      error: refused.error.message,
      fields: [{ path: 'mac_address', before: own, after: taken, secret: false }],
    });
    expect(record?.error).toMatch(/mac_address/);

    const gone = await call('devices:sync', { id: 'a'.repeat(32), reboot: true });
    expect(gone.ok).toBe(false);
    expect(await records({ resourceId: 'a'.repeat(32) })).toEqual([
      expect.objectContaining({ action: 'reboot', outcome: 'failed', error: 'This device no longer exists on the server.' }),
    ]);
  });

  it('never writes a SIP password to the log: a new, a copied and a changed one all read "changed"', async () => {
    const { sb, call, records, logText } = await setup();
    const id = byName(sb, 'Billing');
    const made = value(await call('devices:save', { fields: { name: 'Lab Phone' } }));
    const copy = value(await call('devices:duplicate', { id, name: 'Billing 2' }));
    const chosen = 'Rotated-Secret-Passw0rd-91';
    value(await call('devices:save', { id, fields: { sip_password: chosen } }));
    expect((await records({ resourceId: id }))[0]?.fields).toEqual([
      { path: 'sip.password', before: null, after: 'changed', secret: true },
    ]);

    const text = logText();
    expect(text).toContain('sip.password');
    for (const password of [
      chosen,
      sipPasswordOf(sb, made.id),
      sipPasswordOf(sb, copy.id),
      ...sb.state.devices().map((d) => sipPasswordOf(sb, String(d['_id']))),
    ]) {
      expect(text).not.toContain(password);
    }
  });

  it('audit:list filters by action, source, device, batch, time and words, newest first; a bad query is refused by the router', async () => {
    const { sb, services, call, records } = await setup();
    const billing = byName(sb, 'Billing');
    const desk = byName(sb, 'Front Desk 1');
    value(await call('devices:sync', { id: billing, reboot: true }));
    value(await call('devices:save', { id: desk, fields: { caller_id_internal_name: 'Reception' } }));
    // A batch's steps, as the runner records them.
    const batchId = 'b'.repeat(32);
    const connection = value(await services.connections.open({ kind: 'active' }));
    const sink = services.audit.forConnection({ id: connection.id, name: connection.name, accountId: sb.account.id });
    sink.begin({
      id: `${batchId}:0.0`,
      batchId,
      action: 'delete',
      source: 'import',
      resource: 'device',
      resourceId: desk,
      name: 'Front Desk 1',
      fields: [],
    });
    sink.end(`${batchId}:0.0`, { ok: true });

    expect((await records()).map((record) => record.action)).toEqual(['delete', 'update', 'reboot']);
    expect((await records({ action: 'reboot' })).map((record) => record.resourceId)).toEqual([billing]);
    expect((await records({ source: 'editor' })).map((record) => record.resourceId)).toEqual([desk]);
    expect((await records({ resourceId: desk })).map((record) => record.action)).toEqual(['delete', 'update']);
    expect((await records({ batchId })).map((record) => record.id)).toEqual([`${batchId}:0.0`]);
    expect((await records({ text: 'reception' })).map((record) => record.action)).toEqual(['update']);
    expect(await records({ since: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
    expect(await records({ until: '2000-01-01T00:00:00Z' })).toEqual([]);
    expect(value(await call('audit:list', { limit: 1 }))).toMatchObject({
      total: 3,
      records: [expect.objectContaining({ action: 'delete' })],
    });

    for (const bad of [{ since: 'yesterday' }, { action: 'explode' }, { resourceId: '../../etc' }]) {
      const refused = await call('audit:list', bad as RequestInput<'audit:list'>);
      expect(refused.ok === false && refused.error.kind).toBe('invalid_request');
    }
  });

  it("exports the records as the customer's change report: the columns, before → after, secrets as changed, formulas neutralised", async () => {
    const { sb, call, other } = await setup();
    const billing = byName(sb, 'Billing');
    value(await patchDocument(other, 'devices', billing, { name: '=HYPERLINK("http://x","y")' }));
    value(await call('devices:list', { refresh: true }));
    value(await call('devices:sync', { id: billing, reboot: true }));
    const desk = byName(sb, 'Front Desk 1');
    value(
      await call('devices:save', { id: desk, fields: { caller_id_internal_number: '301', sip_password: 'Another-Secret-Passw0rd-7' } }),
    );

    const exported = value(await call('audit:export', {}));
    expect(exported.fileName).toMatch(/^audit-site-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(exported.csv).not.toContain('Another-Secret-Passw0rd-7');
    const parsed = Papa.parse<Record<string, string>>(exported.csv.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
    expect(parsed.meta.fields).toEqual([...AUDIT_CSV_COLUMNS]);
    expect(parsed.data).toHaveLength(2);
    const [update, reboot] = parsed.data;
    expect(update).toMatchObject({
      connection: 'Site',
      batch: '',
      action: 'update',
      source: 'editor',
      resource: 'device',
      id: desk,
      name: 'Front Desk 1',
      outcome: 'done',
      error: '',
    });
    expect(update?.['fields']?.split('; ').sort()).toEqual(['caller_id.internal.number: (empty) → 301', 'sip.password: changed']);
    expect(update?.['time']).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(reboot).toMatchObject({ action: 'reboot', source: 'phone_action', id: billing, name: `'=HYPERLINK("http://x","y")` });

    const onlyUpdates = value(await call('audit:export', { action: 'update' }));
    expect(Papa.parse(onlyUpdates.csv.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data).toHaveLength(1);
  });
});
