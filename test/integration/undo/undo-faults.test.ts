/**
 * An undo through injected faults: people are imported, then a bulk action deletes some of their
 * phones and disables others; its undo (re-create each deleted phone from its before-image, enable
 * each disabled one again) runs through the app's services while the sandbox fails requests on
 * purpose. KAZOO keeps a deleted document's id, so each re-create meets a 409 and goes again under
 * a new id; when the answer to that new create is lost, the phone is still made once. Afterwards
 * the account is the one before the bulk action (re-created ids read as the ones they replace),
 * the server carried out each change once (a PATCH again only where the journal sent it again),
 * and the audit log holds one record per change of each batch.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NO_FAULTS, type FaultRates } from '../../../main/sandbox/options';
import { readJournal } from '../../../main/import/journal';
import { createLogger } from '../../../main/log';
import type { Connection } from '../../../main/profiles/connection';
import { startSandbox, type Sandbox } from '../../../main/sandbox/server';
import { createMemoryStore } from '../../../main/secrets/memory-store';
import { createServices, type Services } from '../../../main/services';
import { expectSameAccount } from '../../support/account-differences';
import { accountSnapshot } from '../../support/account-setup';
import { expectAuditComplete } from '../../support/audit-check';
import { saveSandboxConnection } from '../../support/sandbox-connection';
import { value } from '../../support/value';

const FAULTS: FaultRates = { unavailable: 0.1, reset: 0.08, lost: 0.1 };
/** A few seconds on a quiet machine, most of it the client's back-off after the injected faults. */
const TIMEOUT_MS = 60_000;

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

async function setup(seed: number): Promise<{ sb: Sandbox; services: Services; connection: Connection; batchesDir: string }> {
  const sb = await startSandbox({ rateLimit: false, autoRegister: false, seed, latencyMs: 2 });
  open.push(sb);
  const log = createLogger(() => {});
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'undo-faults-'));
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
  const saved = await saveSandboxConnection(services, sb);
  const connection = value(await services.connections.open({ kind: 'saved', id: saved.id }));
  return { sb, services, connection, batchesDir: path.join(userDataDir, 'batches') };
}

const HEADER = 'First Name,Last Name,Email,Extension,MAC Address,Model';
const sheetOf = (people: number): Uint8Array =>
  new TextEncoder().encode(
    `${[HEADER, ...Array.from({ length: people }, (_, n) => `Person${n},Faults,p${n}@faults.example,45${10 + n},00:15:65:45:00:${(16 + n).toString(16)},T46U`)].join('\r\n')}\r\n`,
  );

async function importPeople(services: Services, connection: Connection, people: number): Promise<string> {
  const draft = value(await services.imports.load({ fileName: 'people.csv', bytes: sheetOf(people), connectionId: null }));
  const plan = value(
    await services.imports.plan(connection, { draftId: draft.id, match: 'mac', onExisting: 'skip', onExistingPerson: 'skip' }),
  );
  const started = value(
    await services.imports.start(connection, {
      draftId: draft.id,
      planId: plan.planId,
      name: 'people.csv',
      confirmedRegisteredDeviceIds: [],
      onFailure: 'rollback',
      sendWelcomeEmail: false,
    }),
  );
  expect(value(await services.imports.settled(started.batchId)).progress.failed).toBe(0);
  return started.batchId;
}

/** Undoes a batch (its conflicts, if any, left alone) and waits for the undo to settle. */
async function undo(services: Services, connection: Connection, batchId: string) {
  const plan = value(await services.undo.plan(connection, batchId));
  const started = value(await services.undo.start(connection, { batchId, planId: plan.planId, includeConflicts: [] }));
  value(await services.imports.settled(started.batchId));
  return { plan, batchId: started.batchId, totals: value(services.undo.totals(started.batchId)) };
}

/** The latest bulk batch: the one a bulk action just ran. */
const lastBulk = (services: Services): string => services.imports.batches().find((batch) => batch.origin === 'bulk')!.batchId;

/** Each re-created id (from the undo's journal) with the id of the document it stands for. */
function recreatedIds(journal: string): Map<string, string> {
  const replay = readJournal(journal);
  if (!replay.ok) throw new Error(replay.error.message);
  const { spec, reassigned } = replay.value;
  return new Map(
    [...reassigned].map(([key, newId]) => {
      const [unit, step] = key.split('.').map(Number);
      const original = spec.units[unit!]!.steps[step!]!;
      if (original.action === 'error') throw new Error(`step ${key} of the undo is not a re-create`);
      return [newId, original.id];
    }),
  );
}

/** The snapshot with each re-created id read as the id it replaced. */
function withOldIds<T>(snapshot: T, newToOld: Map<string, string>): T {
  let text = JSON.stringify(snapshot);
  for (const [newId, oldId] of newToOld) text = text.replaceAll(newId, oldId);
  return JSON.parse(text) as T;
}

/** The changes the server carried out to one document since the change log's `since` entry: method, and whether the answer got back. */
const changesOf = (sb: Sandbox, id: string, since: number): string[] =>
  sb.state
    .documentChanges()
    .slice(since)
    .filter((change) => change.id === id)
    .map((change) => `${change.method}${change.answered ? '' : ' (answer lost)'}`);

const deviceIdsOf = (sb: Sandbox): string[] => sb.state.devices().map((device) => String(device['_id']));

describe('an undo through injected faults', () => {
  it(
    're-creates a deleted phone once when its 409 leads to a new id and the answer to that create is lost',
    async () => {
      const { sb, services, connection, batchesDir } = await setup(43);
      const imported = await importPeople(services, connection, 1);
      const [phoneId] = deviceIdsOf(sb);
      const beforeDelete = await accountSnapshot(sb);
      value(await services.devices.bulk(connection, { ids: [phoneId!], action: 'delete', confirm: true }));
      const deleting = lastBulk(services);

      // The undo's first PUT (under the kept id) meets its 409; the second, under the new id, is made and its answer lost.
      let puts = 0;
      sb.injectFault('lost', 1, ({ method }) => method === 'PUT' && ++puts === 2);
      const since = sb.state.documentChanges().length;
      const undone = await undo(services, connection, deleting);

      expect(undone.totals).toEqual({ restored: 0, deleted: 0, recreated: 1, conflicts: 0, failed: 0 });
      const newToOld = recreatedIds(path.join(batchesDir, `${undone.batchId}.jsonl`));
      const [newId] = [...newToOld.keys()];
      expect(newToOld.get(newId!)).toBe(phoneId);
      expect(sb.state.stats().faults.lost).toBe(1);
      expect(changesOf(sb, newId!, since)).toEqual(['PUT (answer lost)']);
      expect(changesOf(sb, phoneId!, since)).toEqual([]);
      expect(deviceIdsOf(sb)).toEqual([newId]);
      expectSameAccount(withOldIds(await accountSnapshot(sb), newToOld), beforeDelete);
      const { records } = services.audit.list(sb.account.id, {});
      for (const batchId of [imported, deleting, undone.batchId]) expectAuditComplete(records, path.join(batchesDir, `${batchId}.jsonl`));
    },
    TIMEOUT_MS,
  );

  it.each([41, 42])(
    'undoes a bulk delete of 4 phones and a bulk disable of 4 through seeded 503s, resets and lost answers, each change once (seed %i)',
    async (seed) => {
      const { sb, services, connection, batchesDir } = await setup(seed);
      const imported = await importPeople(services, connection, 8);
      const phones = deviceIdsOf(sb).sort();
      const beforeBulk = await accountSnapshot(sb);
      const since = sb.state.documentChanges().length;
      sb.configure({ faults: FAULTS });
      // Whatever the order requests arrive in, a DELETE and PATCHes are carried out with their answers lost.
      sb.injectFault('lost', 1, ({ method }) => method === 'DELETE');
      sb.injectFault('lost', 3, ({ method }) => method === 'PATCH');

      const deleted = value(await services.devices.bulk(connection, { ids: phones.slice(0, 4), action: 'delete', confirm: true }));
      expect(deleted.counts).toMatchObject({ ok: 4, failed: 0 });
      const deleting = lastBulk(services);
      const disabled = value(await services.devices.bulk(connection, { ids: phones.slice(4), action: 'disable' }));
      expect(disabled.counts).toMatchObject({ ok: 4, failed: 0 });
      const disabling = lastBulk(services);
      const undoDisable = await undo(services, connection, disabling);
      const undoDelete = await undo(services, connection, deleting);
      sb.configure({ faults: NO_FAULTS });

      expect(undoDisable.totals).toEqual({ restored: 4, deleted: 0, recreated: 0, conflicts: 0, failed: 0 });
      expect(undoDelete.totals).toEqual({ restored: 0, deleted: 0, recreated: 4, conflicts: 0, failed: 0 });
      const newToOld = recreatedIds(path.join(batchesDir, `${undoDelete.batchId}.jsonl`));
      expect([...newToOld.values()].sort()).toEqual(phones.slice(0, 4));
      for (const [newId, oldId] of newToOld) {
        // Deleted once, re-created once: a second DELETE of a gone phone or a second PUT of a made one is refused, never carried out.
        expect(changesOf(sb, oldId, since).map((change) => change.replace(' (answer lost)', ''))).toEqual(['DELETE']);
        expect(changesOf(sb, newId, since).map((change) => change.replace(' (answer lost)', ''))).toEqual(['PUT']);
      }
      // Disabled, then enabled again: each PATCH answered once; any other was one whose answer was lost, sent again.
      for (const id of phones.slice(4)) expect(changesOf(sb, id, since).filter((change) => change === 'PATCH')).toHaveLength(2);
      expectSameAccount(withOldIds(await accountSnapshot(sb), newToOld), beforeBulk);
      const { records } = services.audit.list(sb.account.id, {});
      for (const batchId of [imported, deleting, disabling, undoDisable.batchId, undoDelete.batchId]) {
        expectAuditComplete(records, path.join(batchesDir, `${batchId}.jsonl`));
      }
      // The faults did happen, and the answers to a DELETE and to PATCHes carried out were lost.
      const { faults } = sb.state.stats();
      expect(Math.min(faults.unavailable, faults.reset, faults.lost)).toBeGreaterThan(0);
      const lost = sb.state
        .documentChanges()
        .slice(since)
        .filter((change) => !change.answered)
        .map((change) => change.method);
      expect(lost).toContain('DELETE');
      expect(lost.filter((method) => method === 'PATCH').length).toBeGreaterThanOrEqual(3);
    },
    TIMEOUT_MS,
  );
});
