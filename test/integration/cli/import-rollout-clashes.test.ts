import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KazooClient } from '../../../main/api/client';
import { runCli } from '../../../main/cli/run';
import { createLogger } from '../../../main/log';
import { startSandbox, type Sandbox } from '../../../main/sandbox/server';
import { putOnAccount } from '../../support/account-setup';
import { capturedRun, sandboxEnv } from '../../support/cli-run';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

type Json = Record<string, unknown>;

/** The account as a site has it before the rollout: people, a menu, a queue's pattern, a shared box and two phones. */
async function site(): Promise<Sandbox> {
  const sb = await startSandbox({ rateLimit: false, autoRegister: false, seed: 40 });
  open.push(sb);
  const bob = await putOnAccount(sb, 'users', {
    first_name: 'Bob',
    last_name: 'Brown',
    username: 'bob@clash.example',
    password: 'Portal2026!',
    email: 'bob@clash.example',
    presence_id: '3101',
  });
  const box = await putOnAccount(sb, 'vmboxes', { mailbox: '3101', name: "Bob Brown's VMBox", owner_id: bob });
  await putOnAccount(sb, 'callflows', {
    name: "Bob Brown SmartPBX's Callflow",
    numbers: ['3101'],
    owner_id: bob,
    type: 'mainUserCallflow',
    flow: { module: 'user', data: { id: bob }, children: { _: { module: 'voicemail', data: { id: box }, children: {} } } },
  });
  // Alice logs in with an address that is no longer her email.
  await putOnAccount(sb, 'users', {
    first_name: 'Alice',
    last_name: 'Smith',
    username: 'alice@clash.example',
    password: 'Portal2026!',
    email: 'alice.smith@other.example',
  });
  await putOnAccount(sb, 'callflows', { name: 'Main menu', numbers: ['3000'], flow: { module: 'menu', data: {}, children: {} } });
  await putOnAccount(sb, 'callflows', { name: 'Sales', patterns: ['^35\\d\\d$'], flow: { module: 'ring_group', data: {}, children: {} } });
  await putOnAccount(sb, 'vmboxes', { mailbox: '3200', name: 'Front desk' });
  await putOnAccount(sb, 'devices', {
    name: 'Lobby',
    device_type: 'sip_device',
    mac_address: '001565ee0001',
    sip: { username: 'lobby_sip', password: 'Lobby-2026' },
  });
  await putOnAccount(sb, 'devices', {
    name: 'Back office',
    device_type: 'sip_device',
    mac_address: '001565ee0002',
    sip: { username: 'back_sip', password: 'Back-2026x' },
  });
  return sb;
}

interface SheetPerson {
  first: string;
  last: string;
  email: string;
  username?: string;
  extension: string;
  mac: string;
  sip?: string;
}

const two = (n: number) => n.toString(16).padStart(2, '0');

/** 40 people: 26 who can be made, and 14 whose row clashes with the account or with another row. */
function rollout(): { rows: SheetPerson[]; clashes: Array<{ email: string; message: RegExp }> } {
  const person = (n: number, fields: Partial<SheetPerson> = {}): SheetPerson => ({
    first: `First${n}`,
    last: `Last${n}`,
    email: `p${n}@clash.example`,
    extension: String(4000 + n),
    mac: `00:15:65:40:00:${two(n)}`,
    ...fields,
  });
  const clashing: Array<[SheetPerson, RegExp]> = [
    [person(1, { username: 'bob@clash.example' }), /Username bob@clash\.example belongs to Bob Brown/],
    [
      person(2, { email: 'alice@clash.example' }),
      /Username alice@clash\.example \(the email, used as the username\) belongs to Alice Smith/,
    ],
    [person(3, { extension: '3101' }), /Extension 3101 is already Bob Brown's/],
    [person(4, { extension: '3000' }), /Extension 3000 is already taken by the callflow "Main menu"/],
    [person(5, { extension: '3510' }), /Extension 3510 is already .*its pattern \^35\\d\\d\$ answers it/],
    [person(6, { extension: '3200' }), /Mailbox 3200 is already the voicemail box "Front desk"/],
    [
      person(7, { mac: '00:15:65:ee:00:01', sip: 'back_sip' }),
      /This MAC belongs to "Lobby" .* but the SIP username "back_sip" to "Back office"/,
    ],
    [person(8, { sip: 'lobby_sip' }), /The SIP username "lobby_sip" is already used by "Lobby"/],
    [person(9, { extension: '4150' }), /Extension 4150 is also/],
    [person(10, { extension: '4150' }), /Extension 4150 is also/],
    [person(11, { username: 'sam' }), /Username sam is also/],
    [person(12, { username: 'SAM' }), /Username sam is also/],
    [person(13, { mac: '00:15:65:40:00:99' }), /The MAC address 00:15:65:40:00:99 is also on row/],
    [person(14, { mac: '00:15:65:40:00:99' }), /The MAC address 00:15:65:40:00:99 is also on row/],
  ];
  const fine = Array.from({ length: 26 }, (_, index) => person(15 + index));
  return { rows: [...clashing.map(([row]) => row), ...fine], clashes: clashing.map(([row, message]) => ({ email: row.email, message })) };
}

function sheetFile(rows: SheetPerson[]): string {
  const lines = ['first_name,last_name,email,username,extension,mac_address,sip_username,model'];
  for (const row of rows)
    lines.push([row.first, row.last, row.email, row.username ?? '', row.extension, row.mac, row.sip ?? '', 'T46U'].join(','));
  // Person 15 has a second phone: a row with their email and its own MAC.
  lines.push('First15,Last15,p15@clash.example,,4015,00:15:65:40:01:15,,T48U');
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'audian-rollout-')), 'forty.csv');
  writeFileSync(file, `${lines.join('\r\n')}\r\n`);
  return file;
}

function apiClient(sb: Sandbox): KazooClient {
  const client = new KazooClient({
    baseUrl: sb.url,
    accountId: sb.account.id,
    credentials: { method: 'api_key', apiKey: sb.credentials.apiKey },
    log: createLogger(() => undefined),
    rateLimit: null,
  });
  open.push(client);
  return client;
}

async function read(client: KazooClient, route: string): Promise<Json> {
  const answer = await client.account<Json>('GET', route);
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.value.envelope.data as Json;
}

async function list(client: KazooClient, collection: string): Promise<Json[]> {
  const items = await client.listAll<Json>(`/${collection}`);
  if (!items.ok) throw new Error(items.error.message);
  return items.value;
}

describe('audian-provision import: 40 people with clashes of every kind', () => {
  it('refuses each clashing row with its message and makes every other person exactly once and complete, as the API shows', async () => {
    const sb = await site();
    const { rows, clashes } = rollout();
    const file = sheetFile(rows);

    const run = capturedRun(sandboxEnv(sb));
    expect(await runCli(['import', file, '--yes'], run.io)).toBe(1);
    for (const clash of clashes) {
      const line = rows.findIndex((row) => row.email === clash.email) + 2;
      expect(run.err()).toMatch(new RegExp(`^Row ${line} \\(.*\\): .*${clash.message.source}`, 'm'));
    }
    expect(run.out().trim().split('\n').slice(-5)).toEqual([
      'users: created 26, updated 0, skipped 0, failed 14',
      'voicemail boxes: created 26, updated 0, skipped 0, failed 14',
      'devices: created 27, updated 0, skipped 0, failed 14',
      'extensions: created 26, updated 0, skipped 0, failed 14',
      'created 27, updated 0, skipped 0, failed 14',
    ]);

    const client = apiClient(sb);
    const users = await list(client, 'users');
    const vmboxes = await list(client, 'vmboxes');
    const devices = await list(client, 'devices');
    const callflows = await list(client, 'callflows');
    const clashing = new Set(clashes.map((clash) => clash.email));
    expect(users.filter((user) => clashing.has(String(user['email'])))).toEqual([]);
    for (const person of rows.filter((row) => !clashing.has(row.email))) {
      const made = users.filter((user) => user['email'] === person.email);
      expect(made).toHaveLength(1);
      const userId = String(made[0]?.['id']);
      const user = await read(client, `/users/${userId}`);
      expect(user).toMatchObject({
        first_name: person.first,
        last_name: person.last,
        username: person.email,
        presence_id: person.extension,
        caller_id: { internal: { number: person.extension } },
      });
      const boxes = vmboxes.filter((box) => box['owner_id'] === userId);
      expect(boxes.map((box) => box['mailbox'])).toEqual([person.extension]);
      const phones = devices.filter((device) => device['owner_id'] === userId);
      expect(phones).toHaveLength(person.email === 'p15@clash.example' ? 2 : 1);
      const theirs = callflows.filter((callflow) => callflow['owner_id'] === userId);
      expect(theirs).toHaveLength(1);
      const callflow = await read(client, `/callflows/${String(theirs[0]?.['id'])}`);
      expect(callflow).toMatchObject({
        numbers: [person.extension],
        type: 'mainUserCallflow',
        flow: { module: 'user', data: { id: userId }, children: { _: { module: 'voicemail', data: { id: boxes[0]?.['id'] } } } },
      });
    }
    // The sandbox's own admin, Bob, Alice and the 26; Bob's box, the front desk's and 26; the two phones there and 27; Bob's, the menu, Sales and 26.
    expect([users.length, vmboxes.length, devices.length, callflows.length]).toEqual([29, 28, 29, 29]);

    const again = capturedRun(sandboxEnv(sb));
    expect(await runCli(['import', file, '--yes'], again.io)).toBe(1);
    expect(again.out().trim().split('\n').slice(-5)).toEqual([
      'users: created 0, updated 0, skipped 26, failed 14',
      'voicemail boxes: created 0, updated 0, skipped 26, failed 14',
      'devices: created 0, updated 0, skipped 27, failed 14',
      'extensions: created 0, updated 0, skipped 26, failed 14',
      'created 0, updated 0, skipped 27, failed 14',
    ]);
    const counts = await Promise.all(
      ['users', 'vmboxes', 'devices', 'callflows'].map(async (collection) => (await list(client, collection)).length),
    );
    expect(counts).toEqual([29, 28, 29, 29]);
  });
});
