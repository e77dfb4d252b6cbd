/**
 * What a batch records so it can be undone: the document before each update or delete (read just
 * before the change is first sent, journaled once, secrets sealed), the document after each create
 * or update (revision and digest), and delete steps themselves (gone already, a lost answer).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDevice, getDevice, newDocumentId } from '../../../../main/api/devices';
import { readDocument } from '../../../../main/api/documents';
import { documentDigest } from '../../../../main/import/document-digest';
import { Journal, readJournal, type BeforeImage, type JournalEntry } from '../../../../main/import/journal';
import { ALREADY_DELETED } from '../../../../main/import/runner';
import { createAuditLog } from '../../../../main/audit/audit-log';
import { auditCsv } from '../../../../main/audit/export';
import { createSealer } from '../../../../main/secrets/journal-sealer';
import { isSealed } from '../../../../main/secrets/sealer';
import type { KazooClient } from '../../../../main/api/client';
import { runBatch } from '../../../support/run-batch';
import { documentOf, phone, specOf, type Phone, type RowPlan } from '../../../support/batch-spec';
import { client, journalFolder, quietLog, sandbox } from './helpers';

const sealer = createSealer(randomBytes(32), 'memory');

async function existingPhones(api: KazooClient, count: number, prefix: string): Promise<Array<{ id: string; p: Phone }>> {
  const made: Array<{ id: string; p: Phone }> = [];
  for (let n = 0; n < count; n++) {
    const p = phone(n, prefix);
    const created = await createDevice(api, { ...documentOf(p), id: newDocumentId() });
    if (!created.ok) throw new Error(created.error.message);
    made.push({ id: created.value.device.id, p });
  }
  return made;
}

const journalLines = (file: string): JournalEntry[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as JournalEntry);

/** As a bulk action or an undo builds it: no sheet, so the only passwords in the journal would be the runner's. */
const sheetless = (plans: RowPlan[]) => ({ ...specOf(plans), origin: 'bulk' as const, fileName: '', headers: [], mapping: [], rows: [] });

const linesOf = <K extends JournalEntry['kind']>(lines: JournalEntry[], kind: K) =>
  lines.filter((line): line is Extract<JournalEntry, { kind: K }> => line.kind === kind);

describe('before- and after-images', () => {
  it('journals the fields an update sets and the whole document a delete removes, secrets sealed, and what each change left', async () => {
    const sb = await sandbox();
    const api = client(sb);
    const [kept, removed] = await existingPhones(api, 2, 'Old');
    const fresh = phone(7, 'New');
    const plans: RowPlan[] = [
      {
        action: 'update',
        phone: kept!.p,
        deviceId: kept!.id,
        changes: { caller_id: { external: { number: '+15125550001' }, internal: { number: '1001' } }, sip: { password: 'Changed-1' } },
      },
      { action: 'delete', phone: removed!.p, deviceId: removed!.id },
      { action: 'create', phone: fresh },
    ];
    const spec = sheetless(plans);
    const file = path.join(journalFolder(), `${spec.batchId}.jsonl`);

    const result = await runBatch({ file, spec }, { client: api, log: quietLog, sealer: Promise.resolve(sealer) });

    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.progress).toMatchObject({ state: 'finished', origin: 'bulk', created: 1, updated: 1, deleted: 1, failed: 0 });
    expect(result.value.progress.resources.device).toMatchObject({ created: 1, updated: 1, deleted: 1 });
    expect(result.value.rows[1]).toMatchObject({ outcome: 'deleted', deviceId: removed!.id });
    const text = readFileSync(file, 'utf8');
    // Neither password the server had (the one changed, the one of the deleted phone) is in the journal in clear.
    expect(text).not.toContain(kept!.p.password);
    expect(text).not.toContain(removed!.p.password);

    const replay = readJournal(file);
    if (!replay.ok) throw new Error(replay.error.message);
    const updated = replay.value.before.get('0.0') as Extract<BeforeImage, { kind: 'fields' }>;
    expect(updated).toMatchObject({
      kind: 'fields',
      revision: expect.stringMatching(/^1-/),
      fields: { 'caller_id.external.number': kept!.p.number, 'caller_id.internal.number': null },
    });
    expect(Object.keys(updated.fields).sort()).toEqual(['caller_id.external.number', 'caller_id.internal.number', 'sip.password']);
    expect(isSealed(updated.fields['sip.password'])).toBe(true);
    expect(sealer.unseal(updated.fields['sip.password'] as never)).toBe(kept!.p.password);

    const deleted = replay.value.before.get('1.0') as Extract<BeforeImage, { kind: 'document' }>;
    expect(deleted.kind).toBe('document');
    expect(deleted.document).toMatchObject({ id: removed!.id, name: removed!.p.name, sip: { username: removed!.p.username } });
    expect(Object.keys(deleted.document).some((key) => key.startsWith('_'))).toBe(false);
    const sealedPassword = (deleted.document['sip'] as Record<string, unknown>)['password'];
    expect(sealer.unseal(sealedPassword as never)).toBe(removed!.p.password);
    expect(replay.value.before.has('2.0')).toBe(false);

    // After-images: what the server holds now, by revision and by digest.
    for (const [key, id] of [
      ['0.0', kept!.id],
      ['2.0', replay.value.done.get('2.0')!.id!],
    ] as const) {
      const now = await readDocument(api, 'devices', id);
      if (!now.ok) throw new Error(now.error.message);
      expect(replay.value.done.get(key)?.after).toEqual({ revision: now.value.revision, digest: documentDigest(now.value.document) });
    }
    expect(replay.value.done.get('1.0')?.after).toBeUndefined();
    expect(sb.state.devices({ includeDeleted: true }).find((doc) => doc._id === removed!.id)).toMatchObject({ pvt_deleted: true });
  });

  it('reads each before-image once and deletes exactly once through 503s, resets and lost answers', async () => {
    const sb = await sandbox({ seed: 99 });
    const api = client(sb);
    const phones = await existingPhones(api, 60, 'Faulty');
    sb.configure({ faults: { unavailable: 0.1, reset: 0.05, lost: 0.15 } });
    const plans: RowPlan[] = phones.map(({ id, p }, index) =>
      index % 2 === 0
        ? { action: 'delete', phone: p, deviceId: id }
        : { action: 'update', phone: p, deviceId: id, changes: { name: `${p.name} (moved)`, sip: { password: `Next-${index}` } } },
    );
    const spec = sheetless(plans);
    const file = path.join(journalFolder(), `${spec.batchId}.jsonl`);

    const result = await runBatch({ file, spec }, { client: api, log: quietLog, sealer: Promise.resolve(sealer) });

    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.progress).toMatchObject({ state: 'finished', deleted: 30, updated: 30, skipped: 0, failed: 0 });
    expect(sb.state.devices()).toHaveLength(30);
    const lines = journalLines(file);
    const befores = linesOf(lines, 'before').map((line) => `${line.unit}.${line.step}`);
    expect(befores.sort()).toEqual(plans.map((_, index) => `${index}.0`).sort());
    // A first DELETE whose answer was lost went again, met the document gone, and still counts as deleted.
    const resentDeletes = linesOf(lines, 'sent').filter((line) => line.unit % 2 === 0 && line.attempt > 1);
    expect(resentDeletes.length).toBeGreaterThan(0);
    expect(sb.state.stats().faults.lost).toBeGreaterThan(0);
    const text = readFileSync(file, 'utf8');
    for (const { p } of phones) expect(text).not.toContain(p.password);
  });

  it('leaves a document already gone as "Already deleted", and fails an update of one, sending neither', async () => {
    const sb = await sandbox();
    const api = client(sb);
    const [first, second] = await existingPhones(api, 2, 'Gone');
    const spec = specOf([
      { action: 'delete', phone: first!.p, deviceId: first!.id },
      { action: 'update', phone: second!.p, deviceId: second!.id, changes: { enabled: false } },
    ]);
    for (const { id } of [first!, second!]) expect((await api.account('DELETE', `/devices/${id}`)).ok).toBe(true);
    const before = sb.state.stats().byStatus[404] ?? 0;

    const result = await runBatch({ file: path.join(journalFolder(), 'gone.jsonl'), spec }, { client: api, log: quietLog });

    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.progress).toMatchObject({ deleted: 0, skipped: 1, failed: 1 });
    expect(result.value.rows[0]).toMatchObject({
      outcome: 'skipped',
      resources: [{ outcome: 'skipped', error: { message: ALREADY_DELETED } }],
    });
    expect(result.value.rows[1]).toMatchObject({ outcome: 'failed', error: { message: 'This device no longer exists on the server.' } });
    // Only the two GETs met the 404s: no DELETE or PATCH was sent.
    expect((sb.state.stats().byStatus[404] ?? 0) - before).toBe(2);
    expect((await getDevice(api, first!.id)).ok).toBe(false);
  });

  it('a delete whose first DELETE finds the document gone (deleted by someone else after its before-image) is "Already deleted"', async () => {
    const sb = await sandbox();
    const api = client(sb);
    const [target] = await existingPhones(api, 1, 'Raced');
    const spec = sheetless([{ action: 'delete', phone: target!.p, deviceId: target!.id }]);
    const file = path.join(journalFolder(), 'raced.jsonl');
    // A run that read the document and stopped before its DELETE; someone else deletes it meanwhile.
    const journal = Journal.create(file, spec);
    if (!journal.ok) throw new Error(journal.error.message);
    journal.value.append({
      kind: 'before',
      unit: 0,
      step: 0,
      image: { kind: 'document', revision: null, document: { name: target!.p.name } },
      at: new Date().toISOString(),
    });
    journal.value.close();
    expect((await api.account('DELETE', `/devices/${target!.id}`)).ok).toBe(true);
    const auditLog = createAuditLog({ dir: journalFolder(), desktopUser: 'tech', now: () => new Date(), log: quietLog });
    const site = { id: 'site', name: 'Site', accountId: sb.account.id };

    const result = await runBatch({ file }, { client: api, log: quietLog, audit: auditLog.forConnection(site) });

    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.rows[0]).toMatchObject({
      outcome: 'skipped',
      resources: [{ outcome: 'skipped', error: { message: ALREADY_DELETED } }],
    });
    expect(linesOf(journalLines(file), 'sent')).toEqual([expect.objectContaining({ unit: 0, attempt: 1 })]);
    expect(linesOf(journalLines(file), 'before')).toHaveLength(1);
    // The DELETE was sent, so it is recorded; its record says it changed nothing, in History and in the customer's CSV.
    const { records } = auditLog.list(sb.account.id, {});
    expect(records).toEqual([
      expect.objectContaining({ action: 'delete', outcome: 'done', note: 'it was already deleted before this delete was sent.' }),
    ]);
    const csv = auditCsv(records, 'Site', new Date()).csv;
    expect(csv.split('\r\n')[1]).toMatch(/,done,,it was already deleted before this delete was sent\.$/);
    auditLog.close();
  });
});
