/**
 * A change's audit record is completed before the journal says the step is done: a kill in
 * between then leaves a step the resume sends again (and whose record it completes again), never
 * a change the journal knows was made whose record reads "unknown" for good.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditSink } from '../../../../main/audit/audit-sink';
import { creates, specOf } from '../../../support/batch-spec';
import { runBatch } from '../../../support/run-batch';
import { client, journalFolder, quietLog, sandbox } from './helpers';

/** An audit sink that notes, as each record is completed, whether the journal already said its step was done. */
function watchingSink(file: string) {
  const doneFirst: Record<string, boolean> = {};
  const sink: AuditSink = {
    begin: () => {},
    end: (id) => {
      const [unit, step] = id.split(':')[1]!.split('.');
      doneFirst[id] = readFileSync(file, 'utf8').includes(`{"kind":"done","unit":${unit},"step":${step},`);
    },
  };
  return { sink, doneFirst };
}

describe('the audit record of a batch step', () => {
  it('is completed before the journal says the step is done (create, update, delete)', async () => {
    const sb = await sandbox({ autoRegister: false });
    const api = client(sb);
    const phones = creates(3, 'Hall');
    const made = path.join(journalFolder(), 'made.jsonl');
    const first = watchingSink(made);
    const imported = await runBatch({ file: made, spec: specOf(phones) }, { client: api, log: quietLog, audit: first.sink });
    if (!imported.ok) throw new Error(imported.error.message);
    const ids = imported.value.rows.map((row) => row.deviceId!);
    const changed = path.join(journalFolder(), 'changed.jsonl');
    const second = watchingSink(changed);
    const spec = specOf([
      { action: 'update', phone: phones[0]!.phone, deviceId: ids[0]!, changes: { name: 'Hall moved' } },
      { action: 'delete', phone: phones[1]!.phone, deviceId: ids[1]! },
    ]);
    const result = await runBatch({ file: changed, spec }, { client: api, log: quietLog, audit: second.sink });
    if (!result.ok) throw new Error(result.error.message);

    expect(result.value.progress).toMatchObject({ updated: 1, deleted: 1, failed: 0 });
    expect(Object.values(first.doneFirst)).toEqual([false, false, false]);
    expect(Object.values(second.doneFirst)).toEqual([false, false]);
  });
});
