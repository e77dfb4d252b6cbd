import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { KazooClient } from '../../../main/api/client';
import { freshReplay, stepKey, type JournalReplay } from '../../../main/import/journal';
import type { BatchSpec, Step } from '../../../main/import/operations';
import { documentDigest } from '../../../main/import/document-digest';
import { planUndo } from '../../../main/undo/plan';
import { documentOf, newId, phone } from '../../support/batch-spec';
import { testSealer } from '../../support/test-sealer';
import { value } from '../../support/value';
import { client, sandbox } from '../import/run/helpers';

const sealer = testSealer(randomBytes(32));
const AT = '2026-01-01T00:00:00.000Z';

type Json = Record<string, unknown>;

async function put(api: KazooClient, document: Json): Promise<{ id: string; revision: string; digest: string }> {
  const answer = value(await api.account<Json>('PUT', '/devices', { body: { data: document } }));
  return { id: String(answer.envelope.data['id']), revision: answer.envelope.revision ?? '', digest: documentDigest(answer.envelope.data) };
}

async function patch(api: KazooClient, id: string, changes: Json): Promise<{ revision: string; digest: string }> {
  const answer = value(await api.account<Json>('PATCH', `/devices/${id}`, { body: { data: changes } }));
  return { revision: answer.envelope.revision ?? '', digest: documentDigest(answer.envelope.data) };
}

const device = (label: string) => ({ resource: 'device' as const, rows: [0], label });

/** A batch of phones on their own, one unit each, journaled by hand as the runner would have. */
function replayOf(steps: Step[]): JournalReplay {
  const spec: BatchSpec = {
    batchId: newId(),
    origin: 'import',
    name: 'phones.csv',
    connectionId: 'conn',
    fileName: 'phones.csv',
    createdAt: AT,
    headers: [],
    mapping: [],
    rows: [],
    sheetRows: steps.map((s, row) => ({
      row,
      line: row + 2,
      name: s.label,
      identity: { extension: null, macAddress: null, sipUsername: null },
    })),
    units: steps.map((s, row) => ({ key: `row:${row}`, label: s.label, rows: [row], steps: [{ ...s, rows: [row] }] })),
    onFailure: 'rollback',
    sendWelcomeEmail: false,
  };
  return freshReplay(spec);
}

const done = (
  replay: JournalReplay,
  unit: number,
  outcome: 'created' | 'updated' | 'deleted' | 'skipped',
  id: string,
  after?: { revision: string; digest: string },
) => replay.done.set(stepKey(unit, 0), { kind: 'done', unit, step: 0, outcome, id, error: null, at: AT, ...(after ? { after } : {}) });

describe('undo plan, from a journal and the account now', () => {
  it('deletes what the batch created, restores what it updated, re-creates what it deleted, and reads each document now', async () => {
    const sb = await sandbox({ autoRegister: false });
    const api = client(sb);
    const [a, b, c, gone, back] = [1, 2, 3, 4, 5].map((n) => phone(n));
    // The batch created A and GONE, updated B's name, deleted C; BACK it updated and someone changed back since.
    const created = await put(api, { ...documentOf(a!), id: newId() });
    const createdGone = await put(api, { ...documentOf(gone!), id: newId() });
    const updated = await put(api, documentOf(b!));
    const updatedAfter = await patch(api, updated.id, { name: 'B renamed' });
    const deleted = await put(api, documentOf(c!));
    const deletedDocument = value(await api.account<Json>('GET', `/devices/${deleted.id}`)).envelope.data;
    value(await api.account('DELETE', `/devices/${deleted.id}`));
    value(await api.account('DELETE', `/devices/${createdGone.id}`));
    const restoredAlready = await put(api, documentOf(back!));
    const restoredAfter = await patch(api, restoredAlready.id, { name: 'Back renamed' });
    await patch(api, restoredAlready.id, { name: back!.name });

    const replay = replayOf([
      { ...device(a!.name), action: 'create', id: created.id, document: documentOf(a!) },
      { ...device(b!.name), action: 'update', id: updated.id, changes: { name: 'B renamed' }, changedColumns: ['name'] },
      { ...device(c!.name), action: 'delete', id: deleted.id },
      { ...device(gone!.name), action: 'create', id: createdGone.id, document: documentOf(gone!) },
      { ...device(back!.name), action: 'update', id: restoredAlready.id, changes: { name: 'Back renamed' }, changedColumns: ['name'] },
      { ...device('Left alone'), action: 'skip', id: newId(), reason: 'identical' },
    ]);
    done(replay, 0, 'created', created.id, created);
    done(replay, 1, 'updated', updated.id, updatedAfter);
    replay.before.set(stepKey(1, 0), { kind: 'fields', revision: updated.revision, fields: { name: b!.name } });
    done(replay, 2, 'deleted', deleted.id);
    replay.before.set(stepKey(2, 0), { kind: 'document', revision: deleted.revision, document: deletedDocument });
    done(replay, 3, 'created', createdGone.id, createdGone);
    done(replay, 4, 'updated', restoredAlready.id, restoredAfter);
    replay.before.set(stepKey(4, 0), { kind: 'fields', revision: restoredAlready.revision, fields: { name: back!.name } });
    done(replay, 5, 'skipped', newId());

    const { plan, entries } = value(await planUndo({ replay, earlierUndos: [], client: api, sealer, now: new Date(AT) }));
    expect(plan.items.map((item) => [item.key, item.action, item.note, item.conflict])).toEqual([
      ['0.0', 'delete', null, null],
      ['1.0', 'restore', null, null],
      ['2.0', 'recreate', null, null],
      ['3.0', 'nothing', 'Already deleted.', null],
      ['4.0', 'nothing', 'Already as before.', null],
    ]);
    expect(plan.items[1]!.fields).toEqual([{ path: 'name', now: 'B renamed', back: b!.name, secret: false }]);
    expect(plan.items.map((item) => item.registered)).toEqual([false, false, false, false, false]);
    expect(plan.counts).toEqual({ delete: 1, restore: 1, recreate: 1, nothing: 2, conflicts: 0 });
    expect(entries.map((entry) => entry.request?.action ?? null)).toEqual(['delete', 'update', 'create', null, null]);
    expect(entries[2]!.request).toEqual({ action: 'create', document: deletedDocument });
  });

  it('lists a document changed by someone else since the batch as a conflict, naming the fields the batch set that differ', async () => {
    const sb = await sandbox({ autoRegister: false });
    const api = client(sb);
    const a = phone(1);
    // As a sheet's create sends it: the MAC as the server keeps it.
    const document = { ...documentOf(a), mac_address: a.mac.replaceAll(':', '') };
    const created = await put(api, { ...document, id: newId() });
    await patch(api, created.id, { name: 'Changed by someone else' });
    const replay = replayOf([{ ...device(a.name), action: 'create', id: created.id, document }]);
    done(replay, 0, 'created', created.id, created);

    const { plan } = value(await planUndo({ replay, earlierUndos: [], client: api, sealer, now: new Date(AT) }));
    expect(plan.items).toEqual([
      expect.objectContaining({
        key: '0.0',
        action: 'delete',
        conflict: { message: 'Changed since this batch: name reads otherwise now.', fields: ['name'] },
      }),
    ]);
    expect(plan.counts.conflicts).toBe(1);
  });

  it('reads a journal written before undo existed: no after-image is a conflict to tick, no before-image nothing to put back', async () => {
    const sb = await sandbox({ autoRegister: false });
    const api = client(sb);
    const [a, b] = [1, 2].map((n) => phone(n));
    const created = await put(api, { ...documentOf(a!), id: newId() });
    const updated = await put(api, documentOf(b!));
    await patch(api, updated.id, { name: 'B renamed' });
    const replay = replayOf([
      { ...device(a!.name), action: 'create', id: created.id, document: documentOf(a!) },
      { ...device(b!.name), action: 'update', id: updated.id, changes: { name: 'B renamed' }, changedColumns: ['name'] },
    ]);
    done(replay, 0, 'created', created.id);
    done(replay, 1, 'updated', updated.id);

    const { plan } = value(await planUndo({ replay, earlierUndos: [], client: api, sealer, now: new Date(AT) }));
    expect(plan.items.map((item) => [item.action, item.conflict?.message ?? null, item.note])).toEqual([
      ['delete', 'The batch did not record how it left this document, so a change since cannot be ruled out.', null],
      ['nothing', null, 'The batch did not record this document as it was before, so it cannot be put back.'],
    ]);
  });
});
