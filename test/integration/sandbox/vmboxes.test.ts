import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../main/sandbox/server';
import { startSandbox } from '../../../main/sandbox/server';
import { call, callflowsPath, hexId, login, started, usersPath, vmboxesPath } from './helpers';

let sb: Sandbox;
let token: string;

beforeAll(async () => {
  ({ sb, token } = await started());
});
afterAll(() => sb.close());

type Data = Record<string, unknown>;
const create = (data: Data) => call(sb, 'PUT', vmboxesPath(sb), { token, data });

/** The mailbox clash as cb_vmboxes:704-705 words it (research notes on voicemail boxes, §3.3): no `cause`. */
const MAILBOX_NOT_UNIQUE = { mailbox: { unique: { message: 'Invalid mailbox number or already exists' } } };

describe('voicemail boxes: the real server’s bodies', () => {
  const boxId = hexId(0x9ab0);
  const owner = hexId(0xa11ce);
  /** What SmartPBX sends for a person's box (research notes, §6), with a client-chosen id. */
  const aliceBox = { id: boxId, mailbox: '1001', name: "Alice Smith's VMBox", owner_id: owner, ui_metadata: { ui: 'monster-ui' } };

  beforeAll(async () => {
    const created = await create(aliceBox);
    expect(created.status, created.text).toBe(201);
  });

  it('honours the client’s id and lists the box as the crossbar_listing view row', async () => {
    const listed = await call(sb, 'GET', `${vmboxesPath(sb)}?filter_owner_id=${owner}`, { token });
    // KAZOO 4.3 views/vmboxes.json `crossbar_listing` with cb_vmboxes' message count (§3.1), ids filled in.
    expect(listed.body.data).toEqual([
      { id: boxId, name: "Alice Smith's VMBox", mailbox: '1001', owner_id: owner, messages: 0, flags: [] },
    ]);
  });

  it('refuses a mailbox already in use with the real error, which has no cause', async () => {
    const clash = await create({ mailbox: '1001', name: 'Other' });
    expect(clash.status).toBe(400);
    expect({ data: clash.body.data, error: clash.body['error'], message: clash.body['message'], status: clash.body['status'] }).toEqual({
      data: MAILBOX_NOT_UNIQUE,
      error: '400',
      message: 'validation error',
      status: 'error',
    });
  });

  it('a resent create that already succeeded meets `unique`, so the client reads its own id back', async () => {
    const again = await create(aliceBox);
    expect(again.status).toBe(400);
    expect(again.body.data).toEqual(MAILBOX_NOT_UNIQUE);
    expect((await call(sb, 'GET', vmboxesPath(sb, `/${boxId}`), { token })).body.data).toMatchObject({ id: boxId, mailbox: '1001' });
  });
});

describe('voicemail boxes: the sandbox’s behaviour', () => {
  it('stores the schema defaults and the PIN as sent', async () => {
    const res = await create({ mailbox: '2001', name: 'Defaults', pin: '4821' });
    expect(res.status).toBe(201);
    // research notes on voicemail boxes, §3.2.
    expect(res.body.data).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
      mailbox: '2001',
      name: 'Defaults',
      pin: '4821',
      announcement_only: false,
      check_if_owner: true,
      delete_after_notify: false,
      include_message_on_notify: true,
      include_transcription_on_notify: true,
      is_setup: false,
      is_voicemail_ff_rw_enabled: false,
      media: {},
      media_extension: 'mp3',
      not_configurable: false,
      notify_email_addresses: [],
      oldest_message_first: false,
      require_pin: false,
      save_after_notify: false,
      seek_duration_ms: 10000,
      skip_envelope: false,
      skip_greeting: false,
      skip_instructions: false,
      transcribe: false,
    });
  });

  it('checks the fields the schema constrains', async () => {
    const res = await create({ mailbox: 2002, owner_id: 'short', pin: '12' });
    expect(res.status).toBe(400);
    const data = res.body.data as Data;
    expect(Object.keys(data).sort()).toEqual(['mailbox', 'name', 'owner_id', 'pin']);
    expect(data['mailbox']).toMatchObject({ type: { message: 'Value did not match type(s): string' } });
    expect(data['name']).toMatchObject({ required: {} });
    expect(data['owner_id']).toMatchObject({ minLength: { target: 32 } });
    expect(data['pin']).toMatchObject({ minLength: { target: 4 } });
  });

  it('compares mailboxes as numbers: "0100" clashes with "100"; mailboxes that are not numbers never clash', async () => {
    expect((await create({ mailbox: '100', name: 'Hundred' })).status).toBe(201);
    const padded = await create({ mailbox: '0100', name: 'Padded' });
    expect(padded.status).toBe(400);
    expect(padded.body.data).toEqual(MAILBOX_NOT_UNIQUE);
    expect((await create({ mailbox: 'sales', name: 'Sales 1' })).status).toBe(201);
    expect((await create({ mailbox: 'sales', name: 'Sales 2' })).status).toBe(201);
  });

  it('patches, replaces and deletes softly; the mailbox is free again at once', async () => {
    const created = await create({ mailbox: '4001', name: 'Desk' });
    const id = (created.body.data as Data)['id'] as string;
    const patched = await call(sb, 'PATCH', vmboxesPath(sb, `/${id}`), { token, data: { pin: '9753' } });
    expect(patched.body.data).toMatchObject({ mailbox: '4001', name: 'Desk', pin: '9753' });
    const replaced = await call(sb, 'POST', vmboxesPath(sb, `/${id}`), { token, data: { mailbox: '4001', name: 'Front' } });
    expect(replaced.status).toBe(200);
    expect(replaced.body.data).not.toHaveProperty('pin');
    const removed = await call(sb, 'DELETE', vmboxesPath(sb, `/${id}`), { token });
    expect(removed.body.data).toMatchObject({ id, _read_only: { deleted: true } });
    const missing = await call(sb, 'GET', vmboxesPath(sb, `/${id}`), { token });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ message: 'bad_identifier', data: { cause: id } });
    expect((await create({ mailbox: '4001', name: 'Again' })).status).toBe(201);
    expect(sb.state.vmboxes({ includeDeleted: true }).find((box) => box._id === id)).toMatchObject({
      pvt_deleted: true,
      pvt_type: 'vmbox',
    });
  });

  it('deleting a box leaves the callflow that falls through to it, and deleting that callflow leaves the user', async () => {
    const user = await call(sb, 'PUT', usersPath(sb), { token, data: { first_name: 'Kept', last_name: 'Owner' } });
    const userId = (user.body.data as Data)['id'] as string;
    const box = await create({ mailbox: '4501', name: "Kept Owner's VMBox", owner_id: userId });
    const boxId = (box.body.data as Data)['id'] as string;
    const flow = { module: 'user', data: { id: userId }, children: { _: { module: 'voicemail', data: { id: boxId } } } };
    const callflow = await call(sb, 'PUT', callflowsPath(sb), { token, data: { numbers: ['4501'], owner_id: userId, flow } });
    const callflowId = (callflow.body.data as Data)['id'] as string;

    expect((await call(sb, 'DELETE', vmboxesPath(sb, `/${boxId}`), { token })).status).toBe(200);
    // research notes on voicemail boxes, §3.4: the callflow keeps the dangling id.
    const after = (await call(sb, 'GET', callflowsPath(sb, `/${callflowId}`), { token })).body.data as Data;
    expect(after['flow']).toMatchObject({ children: { _: { module: 'voicemail', data: { id: boxId } } } });
    expect(after['metadata']).not.toHaveProperty(boxId);

    expect((await call(sb, 'DELETE', callflowsPath(sb, `/${callflowId}`), { token })).status).toBe(200);
    expect((await call(sb, 'GET', usersPath(sb, `/${userId}`), { token })).status).toBe(200);
  });

  it('lists in ascending id order, paged', async () => {
    for (let n = 1; n <= 3; n++) await create({ id: hexId(0x7700 + n), mailbox: `77${n}`, name: `Box ${n}`, owner_id: hexId(0x77) });
    const page = await call(sb, 'GET', `${vmboxesPath(sb)}?filter_owner_id=${hexId(0x77)}&page_size=2`, { token });
    expect((page.body.data as Data[]).map((box) => box['id'])).toEqual([hexId(0x7701), hexId(0x7702)]);
    expect(page.body).toHaveProperty('next_start_key');
  });
});

describe('voicemail boxes in the data file', () => {
  const dataFile = (): string => path.join(mkdtempSync(path.join(os.tmpdir(), 'sandbox-vmboxes-')), 'state.json');

  it('starts from a data file written before it kept voicemail boxes', async () => {
    const file = dataFile();
    await (await startSandbox({ rateLimit: false, dataFile: file })).close();
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    delete saved['vmboxes'];
    writeFileSync(file, JSON.stringify(saved));
    const second = await startSandbox({ rateLimit: false, dataFile: file });
    try {
      expect((await call(second, 'GET', vmboxesPath(second), { token: await login(second) })).body.data).toEqual([]);
    } finally {
      await second.close();
    }
  });

  it('keeps users (with their login) and voicemail boxes, deleted ones included, across a restart', async () => {
    const file = dataFile();
    const first = await startSandbox({ rateLimit: false, dataFile: file });
    const firstToken = await login(first);
    const user = { id: hexId(0x5a7e), first_name: 'Kept', last_name: 'User', username: 'kept', password: 'pw-kept1' };
    expect((await call(first, 'PUT', usersPath(first), { token: firstToken, data: user })).status).toBe(201);
    const box = { id: hexId(0x5a7f), mailbox: '6001', name: "Kept User's VMBox", owner_id: user.id };
    expect((await call(first, 'PUT', vmboxesPath(first), { token: firstToken, data: box })).status).toBe(201);
    const gone = await call(first, 'PUT', vmboxesPath(first), { token: firstToken, data: { mailbox: '6002', name: 'Gone' } });
    const goneId = (gone.body.data as Data)['id'] as string;
    expect((await call(first, 'DELETE', vmboxesPath(first, `/${goneId}`), { token: firstToken })).status).toBe(200);
    await first.close();

    const second = await startSandbox({ rateLimit: false, dataFile: file });
    try {
      const secondToken = await login(second);
      expect((await call(second, 'GET', vmboxesPath(second), { token: secondToken })).body.data).toEqual([
        { id: box.id, name: box.name, mailbox: '6001', owner_id: user.id, messages: 0, flags: [] },
      ]);
      expect(second.state.vmboxes({ includeDeleted: true }).map((stored) => stored._id)).toContain(goneId);
      // The uniqueness views are rebuilt from the file.
      const clash = await call(second, 'PUT', vmboxesPath(second), { token: secondToken, data: { mailbox: '6001', name: 'Clash' } });
      expect(clash.body.data).toEqual(MAILBOX_NOT_UNIQUE);
      const again = await call(second, 'PUT', usersPath(second), { token: secondToken, data: { ...user, id: hexId(0x5a80) } });
      expect(again.body.data).toMatchObject({ username: { unique: { cause: 'kept' } } });
    } finally {
      await second.close();
    }
  });
});
