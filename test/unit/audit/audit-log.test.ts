import {
  appendFileSync,
  closeSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditIntent } from '../../../common/audit';
import { auditFieldsOf } from '../../../main/audit/audit-fields';
import { createAuditLog } from '../../../main/audit/audit-log';
import { createLogger } from '../../../main/log';

const log = createLogger(() => undefined);
const ACCOUNT = 'a'.repeat(32);
const connection = { id: 'c'.repeat(32), name: 'Front office', accountId: ACCOUNT };

function logIn(dir: string, rotateBytes?: number) {
  let tick = Date.parse('2026-12-06T10:00:00Z');
  const now = () => new Date((tick += 1000));
  return createAuditLog({ dir, desktopUser: 'tech', now, log, ...(rotateBytes === undefined ? {} : { rotateBytes }) });
}

const intent = (id: string, fields: Partial<AuditIntent> = {}): AuditIntent => ({
  id,
  batchId: null,
  action: 'update',
  source: 'editor',
  resource: 'device',
  resourceId: 'd'.repeat(32),
  name: 'Desk 1',
  fields: [],
  ...fields,
});

describe('audit log', () => {
  it('writes a record before the request and completes it after, one record per id however often it is begun', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'audit-'));
    const audit = logIn(dir);
    const sink = audit.forConnection(connection);
    sink.begin(intent('b:0.0', { batchId: 'b'.repeat(32), source: 'import', action: 'create' }));
    // A crash here, then a resume begins the same step again before sending it.
    sink.begin(intent('b:0.0', { batchId: 'b'.repeat(32), source: 'import', action: 'create' }));
    sink.end('b:0.0', { ok: true });
    sink.begin(intent('edit-1'));
    sink.end('edit-1', { ok: false, error: 'The server refused the MAC address.' });
    sink.begin(intent('edit-2'));

    const { records, total } = audit.list(ACCOUNT, {});
    expect(total).toBe(3);
    expect(records.map((record) => [record.id, record.outcome, record.error])).toEqual([
      ['edit-2', 'unknown', null],
      ['edit-1', 'failed', 'The server refused the MAC address.'],
      ['b:0.0', 'done', null],
    ]);
    expect(records[0]).toMatchObject({ connectionName: 'Front office', accountId: ACCOUNT, desktopUser: 'tech' });
    const file = path.join(dir, ACCOUNT, 'audit.jsonl');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    audit.close();
  });

  it('filters by time, action, source, document, batch and words', () => {
    const audit = logIn(mkdtempSync(path.join(os.tmpdir(), 'audit-')));
    const sink = audit.forConnection(connection);
    sink.begin(intent('1', { action: 'create', source: 'import', batchId: 'b'.repeat(32), name: 'Lobby', resourceId: 'x1' }));
    sink.begin(intent('2', { action: 'reboot', source: 'phone_action', name: 'Desk 1' }));
    sink.begin(intent('3', { fields: [{ path: 'name', before: 'Desk 1', after: 'Reception', secret: false }] }));
    const ids = (query: Parameters<typeof audit.list>[1]) => audit.list(ACCOUNT, query).records.map((record) => record.id);
    expect(ids({ action: 'reboot' })).toEqual(['2']);
    expect(ids({ source: 'import' })).toEqual(['1']);
    expect(ids({ resourceId: 'x1' })).toEqual(['1']);
    expect(ids({ batchId: 'b'.repeat(32) })).toEqual(['1']);
    expect(ids({ text: 'reception' })).toEqual(['3']);
    expect(ids({ since: '2026-12-06T10:00:02Z' })).toEqual(['3', '2']);
    expect(audit.list(ACCOUNT, { limit: 1 })).toMatchObject({ total: 3, records: [{ id: '3' }] });
  });

  it('rotates by size without losing a record, and keeps accounts apart', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'audit-'));
    const audit = logIn(dir, 2_000);
    const sink = audit.forConnection(connection);
    for (let n = 0; n < 40; n++) {
      sink.begin(intent(`r${n}`));
      sink.end(`r${n}`, { ok: true });
    }
    audit.forConnection({ ...connection, accountId: 'e'.repeat(32) }).begin(intent('other'));
    expect(readdirSync(path.join(dir, ACCOUNT)).length).toBeGreaterThan(3);
    const { records } = audit.list(ACCOUNT, {});
    expect(records).toHaveLength(40);
    expect(records.every((record) => record.outcome === 'done')).toBe(true);
    expect(audit.list('e'.repeat(32), {}).records.map((record) => record.id)).toEqual(['other']);
  });

  it('reads each file once and then only what it gained, seeing another process write, rotate and finish a torn line', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'audit-'));
    const app = logIn(dir, 2_000);
    // The CLI is another process with its own log over the same folder.
    const cli = logIn(dir, 2_000).forConnection(connection);
    const sink = app.forConnection(connection);
    sink.begin(intent('first'));
    expect(app.list(ACCOUNT, {}).records.map((record) => [record.id, record.outcome])).toEqual([['first', 'unknown']]);

    for (let n = 0; n < 30; n++) {
      cli.begin(intent(`cli${n}`));
      cli.end(`cli${n}`, { ok: true });
    }
    sink.end('first', { ok: true });
    expect(readdirSync(path.join(dir, ACCOUNT)).length).toBeGreaterThan(2);
    const afterRotation = app.list(ACCOUNT, {}).records;
    expect(afterRotation).toHaveLength(31);
    expect(new Set(afterRotation.map((record) => record.id)).size).toBe(31);
    expect(afterRotation.every((record) => record.outcome === 'done')).toBe(true);

    const current = path.join(dir, ACCOUNT, 'audit.jsonl');
    const line = `${JSON.stringify({ kind: 'end', id: 'late', at: '2026-12-06T11:00:00.000Z', outcome: { ok: true } })}\n`;
    sink.begin(intent('late'));
    // The app's open file was renamed aside by the CLI's rotation: its next line goes to the new current file.
    expect(readFileSync(current, 'utf8')).toContain('"id":"late"');
    appendFileSync(current, line.slice(0, 20));
    expect(app.list(ACCOUNT, { text: 'Desk' }).records.find((record) => record.id === 'late')?.outcome).toBe('unknown');
    appendFileSync(current, line.slice(20));
    expect(app.list(ACCOUNT, {}).records.find((record) => record.id === 'late')?.outcome).toBe('done');

    // Bytes already read are not read again: a rotated file rewritten in place, at the same length, changes nothing.
    const rotated = readdirSync(path.join(dir, ACCOUNT)).find((name) => name !== 'audit.jsonl')!;
    const rotatedPath = path.join(dir, ACCOUNT, rotated);
    const ghost = JSON.stringify({
      kind: 'begin',
      at: '2026-12-06T12:00:00.000Z',
      ...intent('ghost'),
      connectionId: 'g',
      connectionName: 'g',
      accountId: ACCOUNT,
      desktopUser: 'g',
    });
    const length = statSync(rotatedPath).size;
    const fd = openSync(rotatedPath, 'r+');
    writeSync(fd, `${ghost.padEnd(length - 1)}\n`, 0);
    closeSync(fd);
    const unchanged = app.list(ACCOUNT, {}).records;
    expect(unchanged.map((record) => record.id)).not.toContain('ghost');
    expect(unchanged).toHaveLength(32);
    app.close();
  });

  it('reads a current file that was cut short or replaced again from its start', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'audit-'));
    // The CLI wrote and is gone: nothing holds the file open, so its number is free to be given again.
    const cli = logIn(dir);
    const sink = cli.forConnection(connection);
    for (let n = 0; n < 5; n++) sink.begin(intent(`old${n}`, { name: `A longer name than the one after, ${n}` }));
    cli.close();
    const app = logIn(dir);
    expect(app.list(ACCOUNT, {}).records).toHaveLength(5);
    const current = path.join(dir, ACCOUNT, 'audit.jsonl');
    const begin = (id: string) =>
      `${JSON.stringify({ kind: 'begin', at: '2026-12-06T12:00:00.000Z', ...intent(id), connectionId: 'c', connectionName: 'c', accountId: ACCOUNT, desktopUser: 'tech' })}\n`;

    // Truncated and written anew, shorter than what was read: read from its start, not ignored.
    writeFileSync(current, begin('short'));
    expect(app.list(ACCOUNT, {}).records.map((record) => record.id)).toContain('short');

    // Deleted and created again, longer (a file system may give the new file the old one's number): read from its start.
    unlinkSync(current);
    writeFileSync(current, Array.from({ length: 12 }, (_, n) => begin(`new${n}`)).join(''));
    const ids = app.list(ACCOUNT, {}).records.map((record) => record.id);
    expect(ids.filter((id) => id.startsWith('new'))).toHaveLength(12);
    app.close();
  });

  // A symbolic link to nothing stands for a file the CLI renamed between the listing and the read.
  it.skipIf(process.platform === 'win32')('skips a file that is gone by the time it is read, and reads the rest', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'audit-'));
    const app = logIn(dir);
    app.forConnection(connection).begin(intent('kept'));
    symlinkSync(path.join(dir, 'gone.jsonl'), path.join(dir, ACCOUNT, 'audit-20261206T100000000Z.jsonl'));
    expect(app.list(ACCOUNT, {}).records.map((record) => record.id)).toEqual(['kept']);
    app.close();
  });

  it('never writes a secret: a SIP password, portal password or PIN reads "changed"', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'audit-'));
    const audit = logIn(dir);
    const fields = auditFieldsOf(
      { name: 'Desk 1', sip: { username: 'u1', password: 'old-secret-1' } },
      { name: 'Desk 2', sip: { username: 'u1', password: 'new-secret-2' } },
    );
    expect(fields).toEqual([
      { path: 'name', before: 'Desk 1', after: 'Desk 2', secret: false },
      { path: 'sip.password', before: null, after: 'changed', secret: true },
    ]);
    audit.forConnection(connection).begin(intent('s', { fields }));
    const text = readFileSync(path.join(dir, ACCOUNT, 'audit.jsonl'), 'utf8');
    expect(text).not.toContain('secret-1');
    expect(text).not.toContain('secret-2');
  });
});
