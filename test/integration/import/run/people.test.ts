/**
 * A batch of people against the sandbox over HTTP: each person's user, voicemail box, phones and
 * extension made in that order, exactly once; a person whose step fails rolled back (last made
 * first) or kept and finished by a resume; results and counts that say which.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDocument, deleteDocument } from '../../../../main/api/documents';
import { newDocumentId } from '../../../../main/api/devices';
import { Journal, type JournalEntry } from '../../../../main/import/journal';
import type { BatchSpec } from '../../../../main/import/operations';
import { openBatchRunner } from '../../../../main/import/runner';
import type { Sandbox } from '../../../../main/sandbox/server';
import { runBatch } from '../../../support/run-batch';
import { client, journalFolder, progressLog, quietLog, sandbox } from './helpers';
import { fullName, person, peopleSpec, userDocument, vmboxDocument, type Person } from '../../../support/people-spec';
import { documentOf, phone } from '../../../support/batch-spec';

const entries = (file: string): JournalEntry[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .slice(1)
    .map((line) => JSON.parse(line) as JournalEntry);

const live = (sb: Sandbox) => ({
  users: new Map(sb.state.users().map((doc) => [doc._id, doc])),
  vmboxes: new Map(sb.state.vmboxes().map((doc) => [doc._id, doc])),
  devices: new Map(sb.state.devices().map((doc) => [doc._id, doc])),
  callflows: new Map(sb.state.callflows().map((doc) => [doc._id, doc])),
});

/** The person's four kinds of documents on the server, each exactly as the rollout sends it. */
function expectWhole(sb: Sandbox, p: Person): void {
  const world = live(sb);
  expect(world.users.get(p.ids.user), p.email).toMatchObject({ username: p.email, presence_id: p.extension, first_name: p.first });
  expect(world.vmboxes.get(p.ids.vmbox)).toMatchObject({ mailbox: p.extension, owner_id: p.ids.user });
  for (const id of p.ids.devices) expect(world.devices.get(id)).toMatchObject({ owner_id: p.ids.user });
  expect(world.callflows.get(p.ids.callflow)).toMatchObject({
    numbers: [p.extension],
    owner_id: p.ids.user,
    type: 'mainUserCallflow',
    flow: { module: 'user', data: { id: p.ids.user }, children: { _: { module: 'voicemail', data: { id: p.ids.vmbox } } } },
  });
}

/** A device already on the account with the MAC of person `p`'s first phone: their device create fails (400 mac_address.unique). */
async function clashWith(sb: Sandbox, p: Person): Promise<string> {
  const id = newDocumentId();
  const taken = await createDocument(client(sb), 'devices', { ...documentOf({ ...phone(9_999, 'Taken'), mac: p.phones[0]!.mac }), id });
  if (!taken.ok) throw new Error(taken.error.message);
  return id;
}

describe('a batch of people', () => {
  it('makes each person whole (user → voicemail box → devices → callflow, in that order) exactly once', async () => {
    const sb = await sandbox();
    const people = Array.from({ length: 25 }, (_, n) => person(n, n === 3 ? 2 : 1));
    const spec = peopleSpec(people);
    const file = path.join(journalFolder(), 'people.jsonl');
    const usersBefore = sb.state.users().length;
    const result = await runBatch({ file, spec }, { client: client(sb), log: quietLog });

    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.progress).toMatchObject({
      state: 'finished',
      total: 26,
      created: 26,
      failed: 0,
      incompletePeople: 0,
      resources: {
        user: { created: 25, failed: 0 },
        vmbox: { created: 25, failed: 0 },
        device: { created: 26, failed: 0 },
        callflow: { created: 25, failed: 0 },
      },
    });
    for (const p of people) expectWhole(sb, p);
    expect(sb.state.users()).toHaveLength(usersBefore + 25);
    expect(sb.state.vmboxes()).toHaveLength(25);
    expect(sb.state.devices()).toHaveLength(26);
    expect(sb.state.welcomeEmails()).toEqual([]);

    // Within a unit each step is sent only once the one before it is answered.
    const lines = entries(file);
    spec.units.forEach((unit, u) => {
      const sent = lines.flatMap((entry, at) => (entry.kind === 'sent' && entry.unit === u ? [{ step: entry.step, at }] : []));
      expect(sent.map((entry) => entry.step)).toEqual(unit.steps.map((_, s) => s));
      for (const { step, at } of sent.slice(1)) {
        const previousDone = lines.findIndex((entry) => entry.kind === 'done' && entry.unit === u && entry.step === step - 1);
        expect(previousDone).toBeLessThan(at);
      }
    });

    // Each row of the person with two phones names the person's documents and its own phone.
    const two = people[3]!;
    const rows = result.value.rows.filter((row) => row.person?.key === `person:${two.email}`);
    expect(rows.map((row) => row.resources.map((resource) => [resource.resource, resource.label, resource.outcome, resource.id]))).toEqual(
      two.phones.map((ph, k) => [
        ['user', 'First3 PLast3', 'created', two.ids.user],
        ['vmbox', "First3 PLast3's VMBox", 'created', two.ids.vmbox],
        ['device', ph.name, 'created', two.ids.devices[k]],
        ['callflow', 'extension 3003', 'created', two.ids.callflow],
      ]),
    );
    expect(rows.map((row) => [row.outcome, row.deviceId, row.person?.state])).toEqual([
      ['created', two.ids.devices[0], 'complete'],
      ['created', two.ids.devices[1], 'complete'],
    ]);
  });

  it('makes each person exactly once through 503s, resets and lost answers', async () => {
    const sb = await sandbox({ seed: 61, faults: { unavailable: 0.1, reset: 0.05, lost: 0.1 } });
    const people = Array.from({ length: 30 }, (_, n) => person(n));
    const usersBefore = sb.state.users().length;
    const result = await runBatch(
      { file: path.join(journalFolder(), 'faults.jsonl'), spec: peopleSpec(people) },
      { client: client(sb), log: quietLog },
    );

    expect(result).toMatchObject({ ok: true, value: { progress: { state: 'finished', created: 30, failed: 0, incompletePeople: 0 } } });
    for (const p of people) expectWhole(sb, p);
    expect(sb.state.users()).toHaveLength(usersBefore + 30);
    expect(sb.state.vmboxes()).toHaveLength(30);
    expect(sb.state.devices()).toHaveLength(30);
    expect(
      sb.state.callflows().filter((doc) => doc['type'] === 'mainUserCallflow' && people.some((p) => p.ids.callflow === doc._id)),
    ).toHaveLength(30);
    const { faults } = sb.state.stats();
    expect(Math.min(faults.unavailable, faults.reset, faults.lost)).toBeGreaterThan(0);
  });

  it('a first create the server carried out behind a proxy that answered 504 is sent again by the batch, and counts as its own', async () => {
    const sb = await sandbox({});
    const one = person(1);
    const api = client(sb);
    // Signed in first, so the fault meets the batch's first request: the user's PUT, saved, but the proxy in front gave up and answered 504.
    expect((await api.account('GET', '/users')).ok).toBe(true);
    sb.injectFault('gateway_timeout');
    const result = await runBatch(
      { file: path.join(journalFolder(), 'after-commit.jsonl'), spec: peopleSpec([one]) },
      { client: api, log: quietLog },
    );

    expect(result).toMatchObject({ ok: true, value: { progress: { state: 'finished', created: 1, failed: 0 } } });
    expect(result.ok && result.value.rows[0]?.person?.state).toBe('complete');
    expectWhole(sb, one);
  });

  it("sends the server's welcome e-mail only when the batch asks for it", async () => {
    const sb = await sandbox();
    const people = [person(1), person(2)];
    const result = await runBatch(
      { file: path.join(journalFolder(), 'welcome.jsonl'), spec: peopleSpec(people, { sendWelcomeEmail: true }) },
      { client: client(sb), log: quietLog },
    );
    expect(result).toMatchObject({ ok: true, value: { progress: { state: 'finished', created: 2 } } });
    expect(new Set(sb.state.welcomeEmails().map((email) => email.userId))).toEqual(new Set(people.map((p) => p.ids.user)));
  });

  it('rolls back a person whose phone fails: what was made is deleted, last made first, and the rows say so', async () => {
    const sb = await sandbox();
    const people = [person(1), person(2), person(3)];
    await clashWith(sb, people[1]!);
    const spec = peopleSpec(people);
    const file = path.join(journalFolder(), 'rollback.jsonl');
    const result = await runBatch({ file, spec }, { client: client(sb), log: quietLog });

    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.progress).toMatchObject({
      state: 'finished',
      created: 2,
      failed: 1,
      incompletePeople: 0,
      resources: { user: { created: 2, failed: 1 }, vmbox: { created: 2, failed: 1 }, device: { created: 2, failed: 1 } },
    });
    expectWhole(sb, people[0]!);
    expectWhole(sb, people[2]!);
    const failed = people[1]!;
    const world = live(sb);
    expect(world.users.has(failed.ids.user)).toBe(false);
    expect(world.vmboxes.has(failed.ids.vmbox)).toBe(false);
    expect(sb.state.callflows({ includeDeleted: true }).some((doc) => doc._id === failed.ids.callflow)).toBe(false);

    const row = result.value.rows[1]!;
    expect(row).toMatchObject({ outcome: 'failed', deviceId: null, person: { state: 'rolled_back' }, error: { column: 'mac_address' } });
    expect(row.resources.map((resource) => resource.outcome)).toEqual(['rolled_back', 'rolled_back', 'failed', 'not_sent']);
    expect(row.error?.message).toMatch(/mac_address.*Rolled back \(deleted\): First2 PLast2, First2 PLast2's VMBox\./);
    expect(row.resources[3]!.error?.message).toMatch(/^Not sent: Pdesk 20 failed: /);
    // The failed phone's own id first: a create sent may have been applied (here it was not, and its DELETE finds it gone).
    const deletes = entries(file).flatMap((entry) => (entry.kind === 'deleting' ? [[entry.unit, entry.step]] : []));
    expect(deletes).toEqual([
      [1, 2],
      [1, 1],
      [1, 0],
    ]);
  });

  it('keeps a failed person for a resume to finish, when asked: the resume sends the failed step again and carries on', async () => {
    const sb = await sandbox();
    const people = [person(1), person(2)];
    const clash = await clashWith(sb, people[1]!);
    const file = path.join(journalFolder(), 'keep.jsonl');
    const first = await runBatch({ file, spec: peopleSpec(people, { onFailure: 'keep' }) }, { client: client(sb), log: quietLog });

    if (!first.ok) throw new Error(first.error.message);
    expect(first.value.progress).toMatchObject({ state: 'finished', created: 1, failed: 1, incompletePeople: 1 });
    const kept = people[1]!;
    expect(live(sb).users.has(kept.ids.user)).toBe(true);
    expect(live(sb).vmboxes.has(kept.ids.vmbox)).toBe(true);
    const row = first.value.rows[1]!;
    expect(row).toMatchObject({ outcome: 'failed', person: { state: 'incomplete' } });
    expect(row.resources.map((resource) => resource.outcome)).toEqual(['created', 'created', 'failed', 'not_sent']);
    expect(row.error?.message).toMatch(/Kept on the server for a resume to finish: First2 PLast2, First2 PLast2's VMBox\. Resume/);

    // The technician frees the MAC, then resumes.
    expect((await deleteDocument(client(sb), 'devices', clash)).ok).toBe(true);
    const api = client(sb);
    const runner = openBatchRunner({ file }, { client: api, log: quietLog });
    if (!runner.ok) throw new Error(runner.error.message);
    expect(runner.value.state).toBe('running');
    const resumed = await runner.value.run();

    expect(resumed).toMatchObject({ ok: true, value: { progress: { state: 'finished', created: 2, failed: 0, incompletePeople: 0 } } });
    expectWhole(sb, people[0]!);
    expectWhole(sb, kept);
    // Only the device and the callflow were sent: the user and box were already there.
    expect(api.stats.requests - api.stats.authentications).toBe(2);
    expect(resumed.ok && resumed.value.rows[1]!.person?.state).toBe('complete');
  });

  it('a rollback whose delete keeps failing leaves the person incomplete and says what is still on the server', async () => {
    const sb = await sandbox();
    const p = person(1);
    const spec = peopleSpec([p]);
    const file = path.join(journalFolder(), 'stuck.jsonl');
    const api = client(sb, { retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 } });
    // A first run made the user and the box, then the device failed for good (journaled by hand).
    for (const [collection, document, id] of [
      ['users', userDocument(p), p.ids.user],
      ['vmboxes', vmboxDocument(p), p.ids.vmbox],
    ] as const) {
      expect((await createDocument(api, collection, { ...document, id })).ok).toBe(true);
    }
    writeFirstRun(file, spec, [
      { kind: 'done', unit: 0, step: 0, outcome: 'created', id: p.ids.user, error: null, at: new Date().toISOString() },
      { kind: 'done', unit: 0, step: 1, outcome: 'created', id: p.ids.vmbox, error: null, at: new Date().toISOString() },
      {
        kind: 'done',
        unit: 0,
        step: 2,
        outcome: 'failed',
        id: null,
        error: { message: 'The server rejected the data.', column: null, fields: [] },
        at: new Date().toISOString(),
      },
    ]);
    // The box's DELETE meets three 503s: the rollback gives it up and deletes the user.
    sb.injectFault('unavailable', 3);
    const result = await runBatch({ file }, { client: api, log: quietLog });

    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.progress).toMatchObject({ state: 'finished', failed: 1, incompletePeople: 1 });
    const [row] = result.value.rows;
    expect(row!.person?.state).toBe('incomplete');
    expect(row!.resources.map((resource) => resource.outcome)).toEqual(['rolled_back', 'created', 'failed', 'not_sent']);
    expect(row!.resources[1]!.error?.message).toMatch(/^Still on the server: the rollback after Pdesk 10 failed could not delete it/);
    expect(row!.error?.message).toMatch(/Still on the server \(the rollback could not delete them\): First1 PLast1's VMBox\./);
    expect(live(sb).users.has(p.ids.user)).toBe(false);
    expect(live(sb).vmboxes.has(p.ids.vmbox)).toBe(true);
  }, 20_000);

  it('declined charges fail the people without sending them, and leave nothing half-made', async () => {
    const sb = await sandbox({ charges: true });
    const people = [person(1), person(2), person(3)];
    const usersBefore = sb.state.users().map((doc) => doc._id);
    const progress = progressLog();
    const runner = openBatchRunner(
      { file: path.join(journalFolder(), 'declined.jsonl'), spec: peopleSpec(people) },
      { client: client(sb), log: quietLog, onProgress: progress.onProgress },
    );
    if (!runner.ok) throw new Error(runner.error.message);
    const run = runner.value.run();
    await progress.until((p) => p.state === 'waiting_for_charges');
    expect(runner.value.control('decline_charges').ok).toBe(true);
    const result = await run;

    expect(result).toMatchObject({ ok: true, value: { progress: { state: 'finished', created: 0, failed: 3, incompletePeople: 0 } } });
    expect(result.ok && result.value.rows.map((row) => row.person?.state)).toEqual(['rolled_back', 'rolled_back', 'rolled_back']);
    expect(result.ok && result.value.rows[0]!.error?.message).toMatch(/^Charges not accepted/);
    expect(sb.state.users().map((doc) => doc._id)).toEqual(usersBefore);
    expect(sb.state.vmboxes()).toEqual([]);
    expect(sb.state.devices()).toEqual([]);
    expect(sb.state.callflows().some((doc) => people.some((p) => p.ids.callflow === doc._id))).toBe(false);
  });

  it('accepting charges once makes every person whole, creates already out going again with accept_charges', async () => {
    const sb = await sandbox({ charges: true });
    const people = [person(1), person(2), person(3)];
    const progress = progressLog();
    const runner = openBatchRunner(
      { file: path.join(journalFolder(), 'accepted.jsonl'), spec: peopleSpec(people) },
      { client: client(sb), log: quietLog, onProgress: progress.onProgress },
    );
    if (!runner.ok) throw new Error(runner.error.message);
    const run = runner.value.run();
    await progress.until((p) => p.state === 'waiting_for_charges');
    expect(runner.value.control('accept_charges').ok).toBe(true);

    // The other people's creates, sent before the answer, meet their 402 after it: they go again, accepting.
    expect(await run).toMatchObject({ ok: true, value: { progress: { state: 'finished', created: 3, failed: 0 } } });
    for (const p of people) expectWhole(sb, p);
  });

  it("a person already on the account is left as is: their phone's failure rolls back only what the batch made", async () => {
    const sb = await sandbox();
    const existing = person(1);
    expect((await createDocument(client(sb), 'users', { ...userDocument(existing), id: existing.ids.user })).ok).toBe(true);
    await clashWith(sb, existing);
    const spec = peopleSpec([existing]);
    // The plan found the user: skip it, and make their box, phone and extension.
    const [userStep, ...rest] = spec.units[0]!.steps;
    spec.units[0]!.steps = [{ ...userStep!, action: 'skip', id: existing.ids.user, reason: 'Already on the account.' }, ...rest];
    const result = await runBatch({ file: path.join(journalFolder(), 'existing.jsonl'), spec }, { client: client(sb), log: quietLog });

    if (!result.ok) throw new Error(result.error.message);
    const [row] = result.value.rows;
    expect(row!.resources.map((resource) => resource.outcome)).toEqual(['skipped', 'rolled_back', 'failed', 'not_sent']);
    expect(row!.person?.state).toBe('rolled_back');
    expect(live(sb).users.has(existing.ids.user)).toBe(true);
    expect(live(sb).vmboxes.has(existing.ids.vmbox)).toBe(false);
    expect(result.value.progress.resources.user).toEqual({ created: 0, updated: 0, deleted: 0, skipped: 1, failed: 0 });
  });

  it('a person whose user and box were changed before their phone failed reads incomplete: a rollback does not undo changes', async () => {
    const sb = await sandbox();
    const existing = person(1);
    expect((await createDocument(client(sb), 'users', { ...userDocument(existing), id: existing.ids.user })).ok).toBe(true);
    expect((await createDocument(client(sb), 'vmboxes', { ...vmboxDocument(existing), id: existing.ids.vmbox })).ok).toBe(true);
    await clashWith(sb, existing);
    const spec = peopleSpec([existing]);
    // The plan found the user and their box and changes both (update mode); the phone then fails.
    const [userStep, vmboxStep, ...rest] = spec.units[0]!.steps;
    spec.units[0]!.steps = [
      { ...userStep!, action: 'update', id: existing.ids.user, changes: { first_name: 'Changed' }, changedColumns: ['first_name'] },
      { ...vmboxStep!, action: 'update', id: existing.ids.vmbox, changes: { name: 'Changed box' }, changedColumns: ['voicemail'] },
      ...rest,
    ];
    const result = await runBatch({ file: path.join(journalFolder(), 'changed.jsonl'), spec }, { client: client(sb), log: quietLog });

    if (!result.ok) throw new Error(result.error.message);
    const [row] = result.value.rows;
    expect(row!.resources.map((resource) => resource.outcome)).toEqual(['updated', 'updated', 'failed', 'not_sent']);
    expect(row!.person?.state).toBe('incomplete');
    expect(row!.error?.message).toContain(`Changed and not undone: ${fullName(existing)}, ${fullName(existing)}'s VMBox.`);
    expect(result.value.progress.incompletePeople).toBe(1);
    expect(live(sb).users.get(existing.ids.user)).toMatchObject({ first_name: 'Changed' });
  });

  it('rolls back a create that failed after an earlier send of it was applied: its own id is deleted', async () => {
    const sb = await sandbox();
    const api = client(sb, { retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 } });
    expect((await api.authenticate()).ok).toBe(true);
    const usersBefore = sb.state.users().map((doc) => doc._id);
    const p = person(1);
    // The user's first create is applied but its answer lost; every send after it meets a 503 until the step gives up.
    sb.injectFault('lost', 1);
    sb.injectFault('unavailable', 3);
    const result = await runBatch(
      { file: path.join(journalFolder(), 'lost-then-503.jsonl'), spec: peopleSpec([p]) },
      { client: api, log: quietLog },
    );

    if (!result.ok) throw new Error(result.error.message);
    const [row] = result.value.rows;
    expect(row!.resources.map((resource) => [resource.outcome, resource.id])).toEqual([
      ['failed', null],
      ['not_sent', null],
      ['not_sent', null],
      ['not_sent', null],
    ]);
    expect(row!.person?.state).toBe('rolled_back');
    expect(sb.state.users().map((doc) => doc._id)).toEqual(usersBefore);
  });

  it('a cancelled batch says which people it left half-made', async () => {
    const sb = await sandbox({ latencyMs: 5 });
    const people = Array.from({ length: 40 }, (_, n) => person(n));
    const progress = progressLog();
    const runner = openBatchRunner(
      { file: path.join(journalFolder(), 'cancelled.jsonl'), spec: peopleSpec(people) },
      { client: client(sb), log: quietLog, onProgress: progress.onProgress, progressIntervalMs: 10 },
    );
    if (!runner.ok) throw new Error(runner.error.message);
    const run = runner.value.run();
    await progress.until((p) => p.resources.callflow.created >= 3);
    runner.value.control('cancel');
    const result = await run;

    if (!result.ok) throw new Error(result.error.message);
    const halfMade = result.value.rows.filter((row) => row.resources.some((r) => r.outcome === 'created') && row.outcome === 'pending');
    expect(halfMade.length).toBeGreaterThan(0);
    for (const row of halfMade) expect(row.person?.state).toBe('incomplete');
    expect(result.value.progress).toMatchObject({ state: 'cancelled', incompletePeople: halfMade.length });
  });
});

/** A journal as a first run would have left it: the spec, a session, then `lines`. */
function writeFirstRun(file: string, spec: BatchSpec, lines: JournalEntry[]): void {
  const journal = Journal.create(file, spec);
  if (!journal.ok) throw new Error(journal.error.message);
  journal.value.append({ kind: 'session', at: new Date().toISOString() });
  for (const line of lines) journal.value.append(line);
  journal.value.close();
}
