/**
 * kill -9 in the middle of people: a batch of people (some with two phones, some whose phone
 * clashes and who are rolled back) runs in a process of its own and is killed with SIGKILL, once
 * right after a rollback journals its first DELETE and then at seeded numbers of answered steps;
 * each time the journal is resumed by a new process. In the end every person is made exactly once
 * and whole, and every person who failed is rolled back completely: nothing half-made is left.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDocument } from '../../../../main/api/documents';
import { newDocumentId } from '../../../../main/api/devices';
import { rollbackPending, unitStatesOf } from '../../../../main/import/batch-results';
import { Journal, readJournal } from '../../../../main/import/journal';
import { mulberry32 } from '../../../../main/sandbox/prng';
import { startSandbox, type Sandbox } from '../../../../main/sandbox/server';
import { runUntilKilled } from '../../../support/cli-process';
import { runBatch } from '../../../support/run-batch';
import { client, quietLog } from '../run/helpers';
import { peopleSpec, person } from '../../../support/people-spec';
import { documentOf, phone } from '../../../support/batch-spec';

const PEOPLE = 30;
/** People whose first phone's MAC is already on the account: their device fails and they are rolled back. */
const CLASHING = new Set([1, 12, 25]);
const TIMEOUT_MS = 120_000;
const random = mulberry32(20_261_206);
/**
 * After the first kill, each process is killed once it has answered this many more steps, counted
 * from what the journal holds when it starts: a running total could already be behind the journal
 * (the mid-rollback kill lands wherever it does), and the process would die on its first write.
 */
const KILL_GAPS = [0, 0, 0, 0].map(() => random.between(10, 30));

/** `done` lines in the journal: every answered step, and every step a rollback deleted. */
const doneLines = (file: string): number =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{"kind":"done"')).length;

const open: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((sb) => sb.close()));
});

describe('a batch of people killed with SIGKILL and resumed each time', () => {
  it(
    `makes every person exactly once, and rolls back every failed one completely (killed mid-rollback, then after ${KILL_GAPS.join(', ')} more answered steps)`,
    async () => {
      const sb = await startSandbox({ rateLimit: false, autoRegister: false, seed: 16, latencyMs: 20 });
      open.push(sb);
      const people = Array.from({ length: PEOPLE }, (_, n) => person(n, n % 7 === 3 ? 2 : 1));
      for (const n of CLASHING) {
        const taken = { ...phone(9_000 + n, 'Taken'), mac: people[n]!.phones[0]!.mac };
        expect((await createDocument(client(sb), 'devices', { ...documentOf(taken), id: newDocumentId() })).ok).toBe(true);
      }
      const spec = peopleSpec(people);
      const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'people-kill-')), 'people.jsonl');
      const journal = Journal.create(file, spec);
      if (!journal.ok) throw new Error(journal.error.message);
      journal.value.close();
      const args = [file, sb.url, sb.account.id, sb.credentials.apiKey];
      const usersBefore = sb.state.users().length;

      await runUntilKilled('test/support/resume-batch.ts', args, {}, { file }, 1, 'deleting');
      // The kill landed while a rollback had documents left to delete (its DELETEs wait 20 ms for their answers).
      const killed = readJournal(file);
      if (!killed.ok) throw new Error(killed.error.message);
      const states = unitStatesOf(killed.value);
      expect(spec.units.some((unit, u) => rollbackPending(unit, states[u]!, 'rollback'))).toBe(true);
      // Each process must answer `gap` steps of its own before its kill (runUntilKilled fails if it ends first).
      for (const gap of KILL_GAPS) await runUntilKilled('test/support/resume-batch.ts', args, {}, { file }, doneLines(file) + gap);
      const last = await runBatch({ file }, { client: client(sb), log: quietLog });

      if (!last.ok) throw new Error(last.error.message);
      const good = people.filter((_, n) => !CLASHING.has(n));
      const goodRows = good.reduce((sum, p) => sum + p.phones.length, 0);
      expect(last.value.progress).toMatchObject({ state: 'finished', created: goodRows, incompletePeople: 0 });
      expect(last.value.progress.failed).toBe(last.value.progress.total - goodRows);

      const users = sb.state.users();
      const vmboxes = sb.state.vmboxes();
      const callflows = sb.state.callflows();
      const devices = sb.state.devices();
      expect(users).toHaveLength(usersBefore + good.length);
      expect(vmboxes).toHaveLength(good.length);
      expect(devices).toHaveLength(goodRows + CLASHING.size);
      for (const p of good) {
        expect(users.filter((user) => user['username'] === p.email).map((user) => user._id)).toEqual([p.ids.user]);
        expect(users.find((user) => user._id === p.ids.user)).toMatchObject({ presence_id: p.extension });
        expect(vmboxes.filter((box) => box['mailbox'] === p.extension).map((box) => box._id)).toEqual([p.ids.vmbox]);
        expect(
          devices
            .filter((device) => device['owner_id'] === p.ids.user)
            .map((device) => device._id)
            .sort(),
        ).toEqual([...p.ids.devices].sort());
        expect(callflows.filter((flow) => (flow['numbers'] as string[]).includes(p.extension)).map((flow) => flow._id)).toEqual([
          p.ids.callflow,
        ]);
      }
      for (const n of CLASHING) {
        const p = people[n]!;
        expect(users.some((user) => user._id === p.ids.user)).toBe(false);
        expect(vmboxes.some((box) => box._id === p.ids.vmbox)).toBe(false);
        expect(callflows.some((flow) => flow._id === p.ids.callflow)).toBe(false);
        const rows = last.value.rows.filter((row) => row.person?.key === `person:${p.email}`);
        for (const row of rows) expect(row.person?.state).toBe('rolled_back');
      }
    },
    TIMEOUT_MS,
  );
});
