/**
 * An undo's re-create of a deleted document: KAZOO keeps a soft-deleted document's id, so the PUT
 * under it meets a 409; the runner picks a new id, journals it before sending again, and a resume
 * after a kill in between sends under that same new id. Sealed values are opened just before sending.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDevice, newDocumentId } from '../../../../main/api/devices';
import { Journal, readJournal, type BeforeImage, type JournalEntry } from '../../../../main/import/journal';
import type { BatchSpec, Unit } from '../../../../main/import/operations';
import { documentOfFields } from '../../../../main/import/before-image';
import { createSealer } from '../../../../main/secrets/journal-sealer';
import { runUntilKilled } from '../../../support/cli-process';
import { documentOf, phone, specOf } from '../../../support/batch-spec';
import { runBatch } from '../../../support/run-batch';
import { client, journalFolder, quietLog, sandbox } from './helpers';

const sealer = createSealer(randomBytes(32), 'memory');

/** A batch of the given units as an undo builds it: no sheet, one row per unit. */
function undoSpec(units: Array<Omit<Unit, 'rows' | 'key'>>): BatchSpec {
  return {
    ...specOf([]),
    origin: 'undo',
    fileName: '',
    units: units.map((unit, index) => ({
      ...unit,
      key: `row:${index}`,
      rows: [index],
      steps: unit.steps.map((step) => ({ ...step, rows: [index] })),
    })),
    sheetRows: units.map((unit, index) => ({
      row: index,
      line: index + 1,
      name: unit.label,
      identity: { extension: null, macAddress: null, sipUsername: null },
    })),
  };
}

const lines = (file: string): JournalEntry[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as JournalEntry);

describe('re-creating a deleted document', () => {
  it('meets the id the server kept, goes again under a new one, and puts the sealed SIP password back', async () => {
    const sb = await sandbox();
    const api = client(sb);
    const p = phone(1, 'Lobby');
    const made = await createDevice(api, { ...documentOf(p), id: newDocumentId() });
    if (!made.ok) throw new Error(made.error.message);
    const oldId = made.value.device.id;
    const deleting = specOf([{ action: 'delete', phone: p, deviceId: oldId }]);
    const first = path.join(journalFolder(), 'delete.jsonl');
    expect(await runBatch({ file: first, spec: deleting }, { client: api, log: quietLog, sealer: Promise.resolve(sealer) })).toMatchObject({
      ok: true,
      value: { progress: { deleted: 1 } },
    });
    const replay = readJournal(first);
    if (!replay.ok) throw new Error(replay.error.message);
    const image = replay.value.before.get('0.0') as Extract<BeforeImage, { kind: 'document' }>;
    // A value sealed under another key (an earlier run's memory key) cannot be opened: it is left out of the request.
    const other = phone(2, 'Porch');
    const otherSealer = createSealer(randomBytes(32), 'memory');
    const spec = undoSpec([
      {
        label: p.name,
        steps: [
          { resource: 'device', rows: [], label: p.name, action: 'create', id: oldId, document: image.document, newIdOnConflict: true },
        ],
      },
      {
        label: other.name,
        steps: [
          {
            resource: 'device',
            rows: [],
            label: other.name,
            action: 'create',
            id: newDocumentId(),
            document: { ...documentOf(other), sip: { username: other.username, password: otherSealer.seal(other.password) } },
          },
        ],
      },
    ]);
    const file = path.join(journalFolder(), 'recreate.jsonl');

    const result = await runBatch({ file, spec }, { client: api, log: quietLog, sealer: Promise.resolve(sealer) });

    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.progress).toMatchObject({ origin: 'undo', created: 2, failed: 0 });
    const newId = result.value.rows[0]!.deviceId!;
    expect(newId).toMatch(/^[0-9a-f]{32}$/);
    expect(newId).not.toBe(oldId);
    const journal = lines(file);
    const reassigned = journal.findIndex((line) => line.kind === 'reassigned');
    expect(journal[reassigned]).toMatchObject({ kind: 'reassigned', unit: 0, step: 0, id: newId });
    // Journaled before the create went again under it.
    expect(journal.findIndex((line) => line.kind === 'sent' && line.unit === 0 && line.attempt === 2)).toBeGreaterThan(reassigned);
    const replayed = readJournal(file);
    expect(replayed.ok && replayed.value.done.get('0.0')?.id).toBe(newId);
    const live = sb.state.devices();
    const recreated = live.find((doc) => doc._id === newId);
    expect(recreated).toMatchObject({
      name: p.name,
      sip: { username: p.username, password: p.password },
      mac_address: made.value.device.mac_address,
    });
    expect(live.filter((doc) => doc['name'] === p.name)).toHaveLength(1);
    expect(sb.state.devices({ includeDeleted: true }).find((doc) => doc._id === oldId)).toMatchObject({ pvt_deleted: true });
    const porch = live.find((doc) => doc['name'] === other.name);
    expect(porch?.['sip']).toMatchObject({ username: other.username });
    expect((porch?.['sip'] as Record<string, unknown>)['password']).not.toEqual(expect.objectContaining({ $sealed: expect.anything() }));
    expect(JSON.stringify(porch)).not.toContain(other.password);
  });

  it('killed between journaling the new id and sending under it, resumes under that same id: one document', async () => {
    const sb = await sandbox({ latencyMs: 40 });
    const api = client(sb);
    const p = phone(3, 'Hall');
    const made = await createDevice(api, { ...documentOf(p), id: newDocumentId() });
    if (!made.ok) throw new Error(made.error.message);
    const oldId = made.value.device.id;
    expect((await api.account('DELETE', `/devices/${oldId}`)).ok).toBe(true);
    const spec = undoSpec([
      {
        label: p.name,
        steps: [
          { resource: 'device', rows: [], label: p.name, action: 'create', id: oldId, document: documentOf(p), newIdOnConflict: true },
        ],
      },
    ]);
    const file = path.join(journalFolder(), 'killed.jsonl');
    const journal = Journal.create(file, spec);
    if (!journal.ok) throw new Error(journal.error.message);
    journal.value.close();

    await runUntilKilled(
      'test/support/resume-batch.ts',
      [file, sb.url, sb.account.id, sb.credentials.apiKey],
      {},
      { file },
      1,
      'reassigned',
    );
    const killed = readJournal(file);
    if (!killed.ok) throw new Error(killed.error.message);
    const newId = killed.value.reassigned.get('0.0');
    expect(newId).toMatch(/^[0-9a-f]{32}$/);
    expect(killed.value.done.has('0.0')).toBe(false);

    const result = await runBatch({ file }, { client: api, log: quietLog });

    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.progress).toMatchObject({ created: 1, failed: 0 });
    expect(result.value.rows[0]?.deviceId).toBe(newId);
    expect(lines(file).filter((line) => line.kind === 'reassigned')).toHaveLength(1);
    const named = sb.state.devices().filter((doc) => doc['name'] === p.name);
    expect(named.map((doc) => doc._id)).toEqual([newId]);
  }, 60_000);

  it("an undo's restore puts a changed SIP password back from its sealed before-value", async () => {
    const sb = await sandbox();
    const api = client(sb);
    const p = phone(5, 'Office');
    const made = await createDevice(api, { ...documentOf(p), id: newDocumentId() });
    if (!made.ok) throw new Error(made.error.message);
    const id = made.value.device.id;
    const changing = specOf([
      { action: 'update', phone: p, deviceId: id, changes: { name: 'Office (new)', sip: { password: 'Replaced-1' } } },
    ]);
    const first = path.join(journalFolder(), 'change.jsonl');
    expect(await runBatch({ file: first, spec: changing }, { client: api, log: quietLog, sealer: Promise.resolve(sealer) })).toMatchObject({
      ok: true,
    });
    expect(sb.state.devices().find((doc) => doc._id === id)).toMatchObject({ sip: { password: 'Replaced-1' } });
    const replay = readJournal(first);
    if (!replay.ok) throw new Error(replay.error.message);
    const image = replay.value.before.get('0.0') as Extract<BeforeImage, { kind: 'fields' }>;
    const restore = undoSpec([
      {
        label: p.name,
        steps: [
          {
            resource: 'device',
            rows: [],
            label: p.name,
            action: 'update',
            id,
            changes: documentOfFields(image.fields),
            changedColumns: [],
          },
        ],
      },
    ]);
    const file = path.join(journalFolder(), 'restore.jsonl');

    const result = await runBatch({ file, spec: restore }, { client: api, log: quietLog, sealer: Promise.resolve(sealer) });

    expect(result).toMatchObject({ ok: true, value: { progress: { updated: 1, failed: 0 } } });
    expect(sb.state.devices().find((doc) => doc._id === id)).toMatchObject({
      name: p.name,
      sip: { username: p.username, password: p.password },
    });
    // The restore's own before-image (an undo can be undone) keeps the password it replaced, sealed, at the same path.
    const own = readJournal(file);
    const fields = own.ok ? (own.value.before.get('0.0') as Extract<BeforeImage, { kind: 'fields' }>).fields : {};
    expect(Object.keys(fields).sort()).toEqual(['name', 'sip.password']);
    expect(sealer.unseal(fields['sip.password'] as never)).toBe('Replaced-1');
    expect(readFileSync(file, 'utf8')).not.toContain('Replaced-1');
  });
});
