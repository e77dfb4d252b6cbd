/**
 * The runner's side of the audit log: each change it sends is begun before the request (with the
 * fields it changes, secrets as "changed") and ended once settled, under an id stable per batch
 * step, a rollback's delete under its own. A recording sink stands in for the log: it is the seam.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditIntent, AuditOutcome } from '../../../../common/audit';
import { createDevice, newDocumentId } from '../../../../main/api/devices';
import type { AuditSink } from '../../../../main/audit/audit-sink';
import type { BatchSpec } from '../../../../main/import/operations';
import { documentOf, phone, specOf } from '../../../support/batch-spec';
import { runBatch } from '../../../support/run-batch';
import { client, journalFolder, quietLog, sandbox } from './helpers';

function recordingSink() {
  const calls: Array<{ begin: AuditIntent } | { end: string; outcome: AuditOutcome }> = [];
  const sink: AuditSink = {
    begin: (intent) => calls.push({ begin: intent }),
    end: (id, outcome) => calls.push({ end: id, outcome }),
  };
  return { sink, calls };
}

describe('what a batch records in the audit log', () => {
  it('begins each change before it is sent and ends it once settled, rollbacks as their own records', async () => {
    const sb = await sandbox();
    const api = client(sb);
    const [kept, removed] = [phone(1, 'Kept'), phone(2, 'Removed')];
    const ids: string[] = [];
    for (const p of [kept, removed]) {
      const made = await createDevice(api, { ...documentOf(p), id: newDocumentId() });
      if (!made.ok) throw new Error(made.error.message);
      ids.push(made.value.device.id);
    }
    const fresh = phone(3, 'Fresh');
    const doomed = phone(4, 'Doomed');
    const base = specOf([
      { action: 'update', phone: kept, deviceId: ids[0]!, changes: { name: 'Kept (moved)', sip: { password: 'Next-secret-1' } } },
      { action: 'delete', phone: removed, deviceId: ids[1]! },
      { action: 'create', phone: fresh },
      { action: 'create', phone: doomed },
    ]);
    // The last unit's second step updates a device that is not there: its create is rolled back.
    const spec: BatchSpec = {
      ...base,
      origin: 'undo',
      units: base.units.map((unit, index) =>
        index === 3
          ? {
              ...unit,
              steps: [
                ...unit.steps,
                {
                  resource: 'device',
                  rows: [3],
                  label: 'Missing',
                  action: 'update',
                  id: 'a'.repeat(32),
                  changes: { enabled: false },
                  changedColumns: [],
                },
              ],
            }
          : unit,
      ),
    };
    const { sink, calls } = recordingSink();

    const result = await runBatch({ file: path.join(journalFolder(), 'audit.jsonl'), spec }, { client: api, log: quietLog, audit: sink });

    if (!result.ok) throw new Error(result.error.message);
    const id = (key: string) => `${spec.batchId}:${key}`;
    const begun = calls.flatMap((call) => ('begin' in call ? [call.begin] : []));
    const ended = new Map(calls.flatMap((call) => ('end' in call ? [[call.end, call.outcome] as const] : [])));
    expect(begun.map((intent) => intent.id).sort()).toEqual([id('0.0'), id('1.0'), id('2.0'), id('3.0'), id('3.0:rollback')].sort());
    expect(calls.filter((call) => 'end' in call)).toHaveLength(5);
    const intent = (key: string) => begun.find((candidate) => candidate.id === id(key))!;

    expect(intent('0.0')).toMatchObject({
      batchId: spec.batchId,
      action: 'update',
      source: 'undo',
      resource: 'device',
      resourceId: ids[0],
      name: kept.name,
    });
    expect(intent('0.0').fields).toEqual([
      { path: 'name', before: kept.name, after: 'Kept (moved)', secret: false },
      { path: 'sip.password', before: null, after: 'changed', secret: true },
    ]);
    expect(intent('1.0')).toMatchObject({ action: 'delete', resourceId: ids[1] });
    expect(intent('1.0').fields).toContainEqual({ path: 'name', before: removed.name, after: null, secret: false });
    expect(intent('1.0').fields).toContainEqual({ path: 'sip.password', before: null, after: null, secret: true });
    expect(intent('2.0')).toMatchObject({ action: 'create', resourceId: result.value.rows[2]!.deviceId });
    expect(intent('2.0').fields).toContainEqual({ path: 'sip.password', before: null, after: 'changed', secret: true });
    expect(intent('3.0:rollback')).toMatchObject({ action: 'delete', source: 'rollback', resourceId: intent('3.0').resourceId });

    for (const key of ['0.0', '1.0', '2.0', '3.0', '3.0:rollback']) expect(ended.get(id(key))).toMatchObject({ ok: true });
    expect(ended.get(id('2.0'))).toEqual({ ok: true, resourceId: result.value.rows[2]!.deviceId });
    // Begun strictly before it ended, and nothing secret in any record.
    for (const key of ['0.0', '1.0', '2.0', '3.0:rollback']) {
      expect(calls.findIndex((call) => 'begin' in call && call.begin.id === id(key))).toBeLessThan(
        calls.findIndex((call) => 'end' in call && call.end === id(key)),
      );
    }
    const text = JSON.stringify(calls);
    for (const secret of [kept.password, removed.password, fresh.password, doomed.password, 'Next-secret-1'])
      expect(text).not.toContain(secret);
  });

  it('ends a change the server refused with its reason (and records the rollback that makes sure nothing of it is left)', async () => {
    const sb = await sandbox();
    const api = client(sb);
    const taken = phone(9, 'Taken');
    expect((await createDevice(api, { ...documentOf(taken), id: newDocumentId() })).ok).toBe(true);
    const spec = specOf([{ action: 'create', phone: { ...phone(10, 'Clash'), mac: taken.mac } }]);
    const { sink, calls } = recordingSink();

    const result = await runBatch({ file: path.join(journalFolder(), 'refused.jsonl'), spec }, { client: api, log: quietLog, audit: sink });

    expect(result).toMatchObject({ ok: true, value: { progress: { failed: 1 } } });
    expect(calls).toEqual([
      { begin: expect.objectContaining({ id: `${spec.batchId}:0.0`, source: 'import', action: 'create' }) },
      { end: `${spec.batchId}:0.0`, outcome: { ok: false, error: expect.stringMatching(/MAC address already in use/) } },
      // A create sent and refused may still have been made (a lost answer before): its rollback deletes it, and says so.
      { begin: expect.objectContaining({ id: `${spec.batchId}:0.0:rollback`, source: 'rollback', action: 'delete' }) },
      {
        end: `${spec.batchId}:0.0:rollback`,
        outcome: { ok: true, resourceId: spec.units[0]!.steps[0]!.action === 'create' ? spec.units[0]!.steps[0]!.id : '' },
      },
    ]);
  });
});
