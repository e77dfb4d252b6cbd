/**
 * An undo's steps through the engine while the sandbox fails requests on purpose: a bulk batch
 * deletes and updates phones, and the batch an undo makes of it (re-create each deleted phone from
 * its before-image, restore each updated one) runs through seeded 503s, connection resets and
 * lost answers. KAZOO keeps a deleted document's id, so each re-create meets a 409 and goes again
 * under a new id; when the answer to that new create is lost, the phone is still made once.
 * Afterwards the account is the one before the bulk batch (ids of re-created phones aside), the
 * server carried out each change once (a second only where an answer was lost), and the audit
 * log holds one record per change of each batch.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAuditLog } from '../../../main/audit/audit-log';
import type { KazooClient } from '../../../main/api/client';
import { documentOfFields } from '../../../main/import/before-image';
import { readJournal, stepKey } from '../../../main/import/journal';
import type { BatchSpec, Step } from '../../../main/import/operations';
import type { Sandbox } from '../../../main/sandbox/server';
import { createSealer } from '../../../main/secrets/journal-sealer';
import { expectSameAccount } from '../../support/account-differences';
import { accountSnapshot } from '../../support/account-setup';
import { expectAuditComplete } from '../../support/audit-check';
import { creates, specOf, type RowPlan } from '../../support/batch-spec';
import { runBatch } from '../../support/run-batch';
import { client, journalFolder, quietLog, sandbox } from '../import/run/helpers';

const sealer = createSealer(randomBytes(32), 'memory');
/** About 3 s on a quiet machine, most of it back-off waits after the injected faults. */
const TIMEOUT_MS = 60_000;
const FAULTS = { unavailable: 0.1, reset: 0.08, lost: 0.1 };

/** A client, an audit log and a journal folder, and a way to run a batch with all three. */
function engine(sb: Sandbox) {
  const api: KazooClient = client(sb);
  const dir = journalFolder();
  const audit = createAuditLog({
    dir: mkdtempSync(path.join(os.tmpdir(), 'audit-')),
    desktopUser: 'tech',
    now: () => new Date(),
    log: quietLog,
  });
  const sink = audit.forConnection({ id: 'conn-test', name: 'Site', accountId: sb.account.id });
  const run = async (name: string, spec: BatchSpec) => {
    const file = path.join(dir, `${name}.jsonl`);
    const result = await runBatch({ file, spec }, { client: api, log: quietLog, sealer: Promise.resolve(sealer), audit: sink });
    if (!result.ok) throw new Error(result.error.message);
    return { file, result: result.value };
  };
  return { run, records: () => audit.list(sb.account.id, {}).records };
}

/**
 * The batch an undo makes of a finished one (as the design has it): per unit, its steps in
 * reverse; a deleted document re-created from its before-image (new id on a 409), an updated one
 * restored to its before-values.
 */
function undoOf(file: string): BatchSpec {
  const replay = readJournal(file);
  if (!replay.ok) throw new Error(replay.error.message);
  const { spec, before } = replay.value;
  const units = spec.units.map((unit, u) => ({
    ...unit,
    steps: unit.steps
      .map((step, s): Step => {
        const image = before.get(stepKey(u, s));
        if (step.action === 'delete' && image?.kind === 'document') {
          return { ...step, action: 'create', document: image.document, newIdOnConflict: true };
        }
        if (step.action === 'update' && image?.kind === 'fields') {
          return { ...step, changes: documentOfFields(image.fields), changedColumns: [] };
        }
        throw new Error(`step ${stepKey(u, s)} of the batch has no before-image to undo it with`);
      })
      .reverse(),
  }));
  return {
    ...spec,
    batchId: randomBytes(16).toString('hex'),
    name: `Undo of ${spec.name}`,
    origin: 'undo',
    undoes: spec.batchId,
    onFailure: 'keep',
    units,
  };
}

/** The snapshot with each re-created id read as the id it replaced. */
function withOldIds<T>(snapshot: T, newToOld: Map<string, string>): T {
  let text = JSON.stringify(snapshot);
  for (const [newId, oldId] of newToOld) text = text.replaceAll(newId, oldId);
  return JSON.parse(text) as T;
}

const answerless = (change: string): string => change.replace(' (answer lost)', '');

/** The document changes the server carried out for an id: method, and whether the answer got back. */
const changesOf = (sb: Sandbox, id: string, since: number) =>
  sb.state
    .documentChanges()
    .slice(since)
    .filter((change) => change.id === id)
    .map((change) => `${change.method}${change.answered ? '' : ' (answer lost)'}`);

describe('an undo of deletes and updates through injected faults', () => {
  it('re-creates a deleted phone once when its 409 leads to a new id and the answer to that create is lost', async () => {
    const sb = await sandbox({ autoRegister: false });
    const { run, records } = engine(sb);
    const lobby = creates(1, 'Lobby');
    const imported = await run('import', specOf(lobby));
    const oldId = imported.result.rows[0]!.deviceId!;
    const beforeDelete = await accountSnapshot(sb);
    const deleting = await run('delete', { ...specOf([{ action: 'delete', phone: lobby[0]!.phone, deviceId: oldId }]), origin: 'bulk' });
    expect(deleting.result.progress).toMatchObject({ deleted: 1, failed: 0 });

    // The first PUT (under the kept id) meets its 409; the second, under the new id, is made and its answer lost.
    let puts = 0;
    sb.injectFault('lost', 1, ({ method }) => method === 'PUT' && ++puts === 2);
    const since = sb.state.documentChanges().length;
    const undone = await run('undo', undoOf(deleting.file));

    expect(undone.result.progress).toMatchObject({ origin: 'undo', created: 1, failed: 0 });
    const newId = undone.result.rows[0]!.deviceId!;
    expect(newId).not.toBe(oldId);
    expect(sb.state.stats().faults.lost).toBe(1);
    expect(changesOf(sb, newId, since)).toEqual(['PUT (answer lost)']);
    expect(changesOf(sb, oldId, since)).toEqual([]);
    expect(sb.state.devices().map((device) => device['_id'])).toEqual([newId]);
    expectSameAccount(withOldIds(await accountSnapshot(sb), new Map([[newId, oldId]])), beforeDelete);
    for (const batch of [imported, deleting, undone]) expectAuditComplete(records(), batch.file);
    expect(records().find((record) => record.batchId === undone.result.progress.batchId)).toMatchObject({
      resourceId: newId,
      outcome: 'done',
    });
  });

  it.each([41, 42])(
    'undoes 10 deletes and 6 updates through seeded 503s, resets and lost answers exactly once (seed %i)',
    async (seed) => {
      const sb = await sandbox({ autoRegister: false, seed, latencyMs: 2 });
      const { run, records } = engine(sb);
      const phones = creates(16, 'Desk');
      const imported = await run('import', specOf(phones));
      const ids = imported.result.rows.map((row) => row.deviceId!);
      const beforeBulk = await accountSnapshot(sb);
      sb.configure({ faults: FAULTS });
      const since = sb.state.documentChanges().length;

      const bulk = await run('bulk', {
        ...specOf(
          phones.map(({ phone }, n): RowPlan =>
            n < 10
              ? { action: 'delete', phone, deviceId: ids[n]! }
              : {
                  action: 'update',
                  phone,
                  deviceId: ids[n]!,
                  changes: { name: `Moved ${n}`, caller_id: { external: { number: '+15125550000' } } },
                },
          ),
        ),
        origin: 'bulk',
      });
      expect(bulk.result.progress).toMatchObject({ deleted: 10, updated: 6, failed: 0 });
      const undone = await run('undo', undoOf(bulk.file));
      sb.configure({ faults: { unavailable: 0, reset: 0, lost: 0 } });

      expect(undone.result.progress).toMatchObject({ created: 10, updated: 6, failed: 0 });
      const newToOld = new Map(undone.result.rows.slice(0, 10).map((row, n) => [row.deviceId!, ids[n]!]));
      expect(newToOld.size).toBe(10);
      for (const [newId, oldId] of newToOld) {
        expect(newId).not.toBe(oldId);
        // Deleted once, re-created once: a second DELETE of a gone phone or a second PUT of a made one is refused, never carried out.
        expect(changesOf(sb, oldId, since).map(answerless)).toEqual(['DELETE']);
        expect(changesOf(sb, newId, since).map(answerless)).toEqual(['PUT']);
      }
      // Updated once, restored once: only a PATCH whose answer was lost goes again.
      for (const id of ids.slice(10)) {
        const patches = changesOf(sb, id, since);
        expect(patches.filter((change) => change === 'PATCH')).toHaveLength(2);
        expect(patches.every((change) => change.startsWith('PATCH'))).toBe(true);
      }
      expectSameAccount(withOldIds(await accountSnapshot(sb), newToOld), beforeBulk);
      for (const batch of [imported, bulk, undone]) expectAuditComplete(records(), batch.file);
      // The faults did happen, on both batches.
      const { faults } = sb.state.stats();
      expect(Math.min(faults.unavailable, faults.reset, faults.lost)).toBeGreaterThan(2);
    },
    TIMEOUT_MS,
  );
});
