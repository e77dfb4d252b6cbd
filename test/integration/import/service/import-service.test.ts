import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventName, EventPayloads } from '../../../../common/ipc/events';
import type { BatchProgress, CellIssue } from '../../../../common/import/types';
import { loadDraft } from '../../../../common/import/load';
import { fail } from '../../../../common/ipc/result';
import { createLogger } from '../../../../main/log';
import { startSandbox } from '../../../../main/sandbox/server';
import { createMemoryStore } from '../../../../main/secrets/memory-store';
import { createServices, type Services } from '../../../../main/services';
import { realisticCsv } from '../../../fixtures/csv/realistic';
import { putOnAccount } from '../../../support/account-setup';
import { addSampleOwners, SAMPLES_DIR } from '../../../support/sample-owners';
import { saveSandboxConnection } from '../../../support/sandbox-connection';
import { finish } from '../../../../common/steps';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

async function setup(sandboxOptions: Parameters<typeof startSandbox>[0] = {}) {
  const sb = await startSandbox({ rateLimit: false, autoRegister: false, seed: 4, ...sandboxOptions });
  open.push(sb);
  await addSampleOwners(sb);
  const log = createLogger(() => {});
  const progress: BatchProgress[] = [];
  const waiters: Array<(p: BatchProgress) => void> = [];
  const services: Services = createServices({
    host: 'cli',
    version: 'test',
    platform: 'linux',
    log,
    publish: <E extends EventName>(event: E, payload: EventPayloads[E]) => {
      if (event !== 'import:progress') return;
      progress.push(payload as BatchProgress);
      for (const waiter of waiters.splice(0)) waiter(payload as BatchProgress);
    },
    userDataDir: mkdtempSync(path.join(os.tmpdir(), 'import-service-')),
    secrets: createMemoryStore(log, 'test'),
  });
  open.push(services);
  const saved = await saveSandboxConnection(services, sb);
  const connection = await services.connections.open({ kind: 'saved', id: saved.id });
  if (!connection.ok) throw new Error(connection.error.message);
  const finished = (batchId: string) =>
    new Promise<BatchProgress>((resolve) => {
      const check = (p: BatchProgress) => (p.batchId === batchId && p.state === 'finished' ? resolve(p) : waiters.push(check));
      const last = [...progress].reverse().find((p) => p.batchId === batchId);
      if (last) check(last);
      else waiters.push(check);
    });
  return { sb, imports: services.imports, connection: connection.value, finished };
}

const sample = (name: string) => new Uint8Array(readFileSync(path.join(SAMPLES_DIR, name)));

describe('import service', () => {
  it('imports the basic rollout sample, then re-running the file creates nothing new', async () => {
    const { sb, imports, connection, finished } = await setup();
    const draft = await imports.load({ connectionId: null, fileName: 'rollout-basic.csv', bytes: sample('rollout-basic.csv') });
    if (!draft.ok) throw new Error(draft.error.message);
    expect(draft.value.rows).toHaveLength(25);
    expect(draft.value.issues.filter((issue) => issue.severity === 'error')).toEqual([]);
    const plan = await imports.plan(connection, { draftId: draft.value.id, match: 'mac', onExisting: 'update', onExistingPerson: 'skip' });
    if (!plan.ok) throw new Error(plan.error.message);
    expect(plan.value.counts).toEqual({ create: 25, update: 0, delete: 0, skip: 0, error: 0 });
    const started = await imports.start(connection, {
      draftId: draft.value.id,
      planId: plan.value.planId,
      name: 'Site rollout',
      confirmedRegisteredDeviceIds: [],
      onFailure: 'rollback',
      sendWelcomeEmail: false,
    });
    if (!started.ok) throw new Error(started.error.message);
    // A second start of the same plan would send the same ids as a second batch.
    const twice = await imports.start(connection, {
      draftId: draft.value.id,
      planId: plan.value.planId,
      name: 'Site rollout again',
      confirmedRegisteredDeviceIds: [],
      onFailure: 'rollback',
      sendWelcomeEmail: false,
    });
    expect(twice).toMatchObject({ ok: false, error: { message: expect.stringMatching(/started already\. Make the plan again/) } });
    const done = await finished(started.value.batchId);
    expect(done).toMatchObject({ total: 25, created: 25, failed: 0 });
    expect(imports.batches()).toHaveLength(1);
    expect(sb.state.devices()).toHaveLength(25);
    const alice = sb.state.devices().find((doc) => doc.name === "Alice's Desk Phone");
    expect(alice).toMatchObject({
      mac_address: '00156500a000',
      owner_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      sip: { username: 'site1_1001' },
    });
    expect((alice?.sip as { password?: string }).password).toMatch(/^.{5,32}$/);

    const again = await imports.load({ connectionId: null, fileName: 'rollout-basic.csv', bytes: sample('rollout-basic.csv') });
    if (!again.ok) throw new Error(again.error.message);
    const replan = await imports.plan(connection, {
      draftId: again.value.id,
      match: 'mac',
      onExisting: 'update',
      onExistingPerson: 'skip',
    });
    expect(replan.ok && replan.value.rows.filter((row) => row.action === 'create')).toEqual([]);
    expect(imports.batches()[0]).toMatchObject({ name: 'Site rollout', created: 25, deviceIds: expect.any(Array) });
  });

  it("shows the messy sample's mistakes on their cells and plans only the good row", async () => {
    const { imports, connection } = await setup();
    const draft = await imports.load({ connectionId: null, fileName: 'messy-errors.csv', bytes: sample('messy-errors.csv') });
    if (!draft.ok) throw new Error(draft.error.message);
    const errorRows = new Set(draft.value.issues.filter((issue) => issue.severity === 'error').map((issue) => issue.row));
    expect(errorRows.size).toBeGreaterThan(5);
    const plan = await imports.plan(connection, { draftId: draft.value.id, match: 'mac', onExisting: 'update', onExistingPerson: 'skip' });
    if (!plan.ok) throw new Error(plan.error.message);
    expect(plan.value.counts.create).toBeGreaterThanOrEqual(1);
    expect(plan.value.rows.find((row) => row.name === 'Good Phone')?.action).toBe('create');
  });

  it('re-checks a fixed cell and refuses to start a plan made before the edit', async () => {
    const { imports, connection } = await setup();
    const draft = await imports.load({
      connectionId: null,
      fileName: 'x.csv',
      bytes: new TextEncoder().encode('name,mac_address\nDesk,00:15:65:zz:00:01\n'),
    });
    if (!draft.ok) throw new Error(draft.error.message);
    expect(draft.value.issues).toEqual([expect.objectContaining({ row: 0, column: 'mac_address', severity: 'error' })]);
    const plan = await imports.plan(connection, { draftId: draft.value.id, match: 'mac', onExisting: 'update', onExistingPerson: 'skip' });
    if (!plan.ok) throw new Error(plan.error.message);
    expect(plan.value.counts.error).toBe(1);
    const edited = imports.editCells({ draftId: draft.value.id, edits: [{ row: 0, sourceColumn: 1, value: '00:15:65:aa:00:01' }] });
    expect(edited.ok && edited.value.issues).toEqual([]);
    expect(
      await imports.start(connection, {
        draftId: draft.value.id,
        planId: plan.value.planId,
        name: 'x',
        confirmedRegisteredDeviceIds: [],
        onFailure: 'rollback',
        sendWelcomeEmail: false,
      }),
    ).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/changed after the plan/) },
    });
  });

  it("checks every row against the account as the file loads, all of a row's problems at once, and again as cells change", async () => {
    const { sb, imports, connection } = await setup();
    const frontDesk = await putOnAccount(sb, 'devices', {
      name: 'Front Desk',
      mac_address: '001565aa0001',
      sip: { username: 'front_1001', password: 'Front1001pass' },
    });
    await putOnAccount(sb, 'devices', {
      name: 'Lobby',
      mac_address: '001565aa0002',
      sip: { username: 'lobby_1002', password: 'Lobby1002pass' },
    });
    await putOnAccount(sb, 'devices', {
      name: 'Kitchen',
      mac_address: '001565aa0003',
      sip: { username: 'kitchen_1003', password: 'Kitchen1003pass' },
    });
    await putOnAccount(sb, 'users', {
      first_name: 'Ana',
      last_name: 'Lima',
      username: 'ana@example.com',
      // KAZOO 4.3 refuses a username without a password.
      password: 'Ana-2001-pass',
      email: 'ana@example.com',
      presence_id: '2001',
    });
    const alice = sb.state.users().find((user) => user['email'] === 'alice@example.com')?._id as string;
    // Alice's extension as SmartPBX makes it (user → voicemail), and a ring group's number.
    await putOnAccount(sb, 'callflows', {
      name: "alice Example SmartPBX's Callflow",
      numbers: ['1001'],
      owner_id: alice,
      type: 'mainUserCallflow',
      flow: { module: 'user', data: { id: alice }, children: {} },
    });
    await putOnAccount(sb, 'callflows', {
      name: 'Sales ring group',
      numbers: ['3001'],
      flow: { module: 'ring_group', data: {}, children: {} },
    });
    const reads = sb.state.stats().requests;
    const csv = [
      'name,owner,mac_address,sip_username,caller_id_internal_number',
      // Every account problem at once: unknown owner, MAC of one phone with the SIP username of another, Ana's extension.
      'Wrong one,nobody@example.com,00-15-65-AA-00-01,lobby_1002,2001',
      // The Kitchen phone itself, as a re-import names it: nothing wrong.
      'Kitchen,,0015.65aa.0003,,',
      // A new phone taking the Lobby phone's SIP username.
      'New phone,alice@example.com,00:15:65:aa:00:09,kitchen_1003,2001',
      // Alice's own extension on Alice's phone is hers; the ring group's number is taken.
      "Alice's phone,alice@example.com,00:15:65:aa:00:10,,1001",
      'Sales desk,,00:15:65:aa:00:11,,3001',
    ].join('\n');
    const draft = await imports.load({
      connectionId: null,
      fileName: 'site.csv',
      bytes: new TextEncoder().encode(csv),
      account: async () => ({ ok: true, value: connection }),
    });
    if (!draft.ok) throw new Error(draft.error.message);
    // One listing each of devices, users, callflows and voicemail boxes, whatever the number of rows.
    expect(sb.state.stats().requests - reads).toBeLessThanOrEqual(5);
    expect(draft.value.account).toMatchObject({
      status: 'checked',
      deviceCount: 3,
      owners: { 'alice@example.com': 'alice Example' },
    });
    const codesOf = (issues: readonly CellIssue[], row: number) =>
      issues
        .filter((issue) => issue.row === row)
        .map((issue) => issue.code)
        .sort();
    expect(codesOf(draft.value.issues, 0)).toEqual(['account_conflict', 'extension_taken', 'owner_unknown']);
    const conflict = draft.value.issues.find((issue) => issue.code === 'account_conflict');
    expect(conflict?.message).toContain('"Front Desk"');
    expect(conflict?.message).toContain('"Lobby"');
    expect(draft.value.issues.find((issue) => issue.code === 'extension_taken')?.message).toContain('Ana Lima');
    expect(codesOf(draft.value.issues, 1)).toEqual([]);
    expect(codesOf(draft.value.issues, 2)).toEqual(['extension_taken', 'sip_username_in_account']);
    expect(draft.value.issues.filter((issue) => issue.row === 3)).toEqual([]);
    expect(codesOf(draft.value.issues, 4)).toEqual(['extension_taken']);
    expect(draft.value.issues.find((issue) => issue.row === 4)?.message).toContain('the callflow "Sales ring group"');
    expect(frontDesk).toMatch(/^[0-9a-f]{32}$/);

    // Fixed cells are checked again against the account read at load, without reading it again.
    const before = sb.state.stats().requests;
    const edited = imports.editCells({
      draftId: draft.value.id,
      edits: [
        { row: 0, sourceColumn: 1, value: 'ana@example.com' },
        { row: 0, sourceColumn: 3, value: 'front_1001' },
        { row: 2, sourceColumn: 3, value: 'new_1009' },
      ],
    });
    if (!edited.ok) throw new Error(edited.error.message);
    expect(codesOf(edited.value.issues, 0)).toEqual([]);
    expect(codesOf(edited.value.issues, 2)).toEqual(['extension_taken']);
    expect(edited.value.account).toMatchObject({ owners: { 'ana@example.com': 'Ana Lima' } });
    expect(sb.state.stats().requests).toBe(before);
  });

  it('checks a file on its own when the account cannot be read, and says why', async () => {
    const { imports } = await setup();
    const draft = await imports.load({
      connectionId: null,
      fileName: 'x.csv',
      bytes: new TextEncoder().encode('name,owner\nDesk,nobody@example.com\n'),
      account: async () => fail('auth', 'The key was refused.'),
    });
    if (!draft.ok) throw new Error(draft.error.message);
    expect(draft.value.account).toEqual({ status: 'unavailable', connectionName: null, message: 'The key was refused.' });
    expect(draft.value.issues).toEqual([]);
  });

  it('flags what only the KAZOO schema knows', async () => {
    const { imports } = await setup();
    const draft = await imports.load({
      connectionId: null,
      fileName: 'x.csv',
      bytes: new TextEncoder().encode('name,call_forward_number,device_type\nCell,12345678901234567890,cellphone\n'),
    });
    if (!draft.ok) throw new Error(draft.error.message);
    expect(draft.value.issues.some((issue) => issue.column === 'call_forward_number' && issue.severity === 'error')).toBe(true);
  });

  it('keeps only the file being prepared: loading another lets the one before go', async () => {
    const { imports } = await setup();
    const bytes = new TextEncoder().encode('name,mac_address\nDesk,00:15:65:aa:00:01\n');
    const first = await imports.load({ connectionId: null, fileName: 'a.csv', bytes });
    const second = await imports.load({ connectionId: null, fileName: 'b.csv', bytes });
    if (!first.ok || !second.ok) throw new Error('both files load');
    expect(await imports.configure({ draftId: first.value.id, headerRow: 0 })).toMatchObject({ ok: false, error: { kind: 'not_found' } });
    expect(await imports.configure({ draftId: second.value.id, headerRow: 0 })).toMatchObject({ ok: true });
  });

  it('keeps answering while a big file is read, with the same draft as reading it at once', async () => {
    const { imports } = await setup();
    const bytes = realisticCsv(20_000);
    const order: string[] = [];
    const loading = imports.load({ connectionId: null, fileName: 'site.csv', bytes }).then((draft) => {
      order.push('file read');
      return draft;
    });
    // Something else main is asked meanwhile: a request from the window, an answer from the server.
    setImmediate(() => order.push('main answered something else'));
    const draft = await loading;
    expect(order).toEqual(['main answered something else', 'file read']);
    const atOnce = finish(loadDraft({ id: 'x', fileName: 'site.csv', bytes }));
    if (!draft.ok || !atOnce.ok) throw new Error('the file loads');
    expect(draft.value.rows).toHaveLength(20_000);
    expect(draft.value.rows).toEqual(atOnce.value.rows);
    expect(draft.value.issues).toEqual(atOnce.value.issues);
  });

  it('refuses unusable files with a message and nothing sent', async () => {
    const { sb, imports } = await setup();
    const before = sb.state.stats().requests;
    for (const bytes of [new Uint8Array(), new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])]) {
      expect(await imports.load({ connectionId: null, fileName: 'bad.csv', bytes })).toMatchObject({
        ok: false,
        error: { kind: 'invalid_request', message: expect.any(String) },
      });
    }
    expect(sb.state.stats().requests).toBe(before);
  });

  describe('updates of phones already on the account', () => {
    const HEADER = 'name,device_type,mac_address,sip_username,sip_password,owner,caller_id_internal_number';
    const bytesOf = (lines: string[]) => new TextEncoder().encode([HEADER, ...lines].join('\n'));

    async function siteWithRegisteredFrontDesk() {
      const site = await setup();
      const { imports, connection, finished, sb } = site;
      const draft = await imports.load({
        connectionId: null,
        fileName: 'first.csv',
        bytes: bytesOf([
          'Front desk,sip_device,00:15:65:aa:00:01,front_101,FrontPass101x,alice@example.com,101',
          'Back office,sip_device,00:15:65:aa:00:02,back_102,BackPass102x,bob@example.com,102',
        ]),
      });
      if (!draft.ok) throw new Error(draft.error.message);
      const plan = await imports.plan(connection, { draftId: draft.value.id, match: 'mac', onExisting: 'skip', onExistingPerson: 'skip' });
      if (!plan.ok) throw new Error(plan.error.message);
      const started = await imports.start(connection, {
        draftId: draft.value.id,
        planId: plan.value.planId,
        name: 'First',
        confirmedRegisteredDeviceIds: [],
        onFailure: 'rollback',
        sendWelcomeEmail: false,
      });
      if (!started.ok) throw new Error(started.error.message);
      await finished(started.value.batchId);
      expect(sb.phones.register('front_101')).toBeDefined();
      return site;
    }

    it('names the device an update changes and each field old → new; main refuses to start until the registered phone is confirmed', async () => {
      const { sb, imports, connection, finished } = await siteWithRegisteredFrontDesk();
      const draft = await imports.load({
        connectionId: null,
        fileName: 'second.csv',
        bytes: bytesOf([
          'Reception,sip_device,00:15:65:aa:00:01,front_101,NewPass101xy,carla@example.com,101',
          'Back office,sip_device,00:15:65:aa:00:02,back_102,BackPass102x,bob@example.com,112',
        ]),
      });
      if (!draft.ok) throw new Error(draft.error.message);
      const plan = await imports.plan(connection, {
        draftId: draft.value.id,
        match: 'mac',
        onExisting: 'update',
        onExistingPerson: 'skip',
      });
      if (!plan.ok) throw new Error(plan.error.message);
      const [front, back] = plan.value.rows;
      expect(front).toMatchObject({
        action: 'update',
        device: { name: 'Front desk', macAddress: '001565aa0001', extension: '101', sipUsername: 'front_101', registered: true },
        disruptsRegisteredPhone: true,
      });
      expect(front?.changes).toEqual([
        { column: 'name', before: 'Front desk', after: 'Reception' },
        { column: 'sip_password', before: null, after: null },
        { column: 'owner', before: 'alice Example', after: 'carla Example' },
      ]);
      expect(back).toMatchObject({
        action: 'update',
        device: { name: 'Back office', registered: false },
        changes: [{ column: 'caller_id_internal_number', before: '102', after: '112' }],
        disruptsRegisteredPhone: false,
      });
      // No secret of the account in what the window is given.
      expect(JSON.stringify(plan.value)).not.toContain('FrontPass101x');

      const frontId = front?.deviceId ?? '';
      const start = (confirmed: string[]) =>
        imports.start(connection, {
          draftId: draft.value.id,
          planId: plan.value.planId,
          name: 'Second',
          confirmedRegisteredDeviceIds: confirmed,
          onFailure: 'rollback',
          sendWelcomeEmail: false,
        });
      const refused = await start([]);
      expect(refused).toMatchObject({ ok: false, error: { kind: 'invalid_request' } });
      if (refused.ok) throw new Error('started without confirmation');
      expect(refused.error.message).toContain('“Front desk” · ext 101 · MAC 00:15:65:aa:00:01 · SIP front_101');
      expect(sb.state.devices().find((device) => device._id === frontId)).toMatchObject({ name: 'Front desk' });

      const started = await start([frontId]);
      if (!started.ok) throw new Error(started.error.message);
      await finished(started.value.batchId);
      expect(sb.state.devices().find((device) => device._id === frontId)).toMatchObject({ name: 'Reception' });
    });

    it('starts only the plan shown: a plan made again meanwhile, or after an edit, is refused', async () => {
      const { imports, connection } = await siteWithRegisteredFrontDesk();
      const draft = await imports.load({
        connectionId: null,
        fileName: 'third.csv',
        bytes: bytesOf(['Lobby,sip_device,00:15:65:aa:00:03,lobby_103,LobbyPass103x,,103']),
      });
      if (!draft.ok) throw new Error(draft.error.message);
      const shown = await imports.plan(connection, { draftId: draft.value.id, match: 'mac', onExisting: 'skip', onExistingPerson: 'skip' });
      const again = await imports.plan(connection, {
        draftId: draft.value.id,
        match: 'mac',
        onExisting: 'update',
        onExistingPerson: 'skip',
      });
      if (!shown.ok || !again.ok) throw new Error('no plan');
      expect(
        await imports.start(connection, {
          draftId: draft.value.id,
          planId: shown.value.planId,
          name: 'x',
          confirmedRegisteredDeviceIds: [],
          onFailure: 'rollback',
          sendWelcomeEmail: false,
        }),
      ).toMatchObject({ ok: false, error: { message: 'The plan was made again after the one shown. Review the new plan, then start.' } });
    });
  });
});
