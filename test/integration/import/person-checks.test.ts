import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CellIssue } from '../../../common/import/types';
import { createLogger } from '../../../main/log';
import { startSandbox, type Sandbox } from '../../../main/sandbox/server';
import { createMemoryStore } from '../../../main/secrets/memory-store';
import { createServices } from '../../../main/services';
import { putOnAccount } from '../../support/account-setup';
import { saveSandboxConnection } from '../../support/sandbox-connection';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

async function setup() {
  const sb = await startSandbox({ rateLimit: false, autoRegister: false, seed: 16 });
  open.push(sb);
  const log = createLogger(() => {});
  const services = createServices({
    host: 'cli',
    version: 'test',
    platform: 'linux',
    log,
    publish: () => {},
    userDataDir: mkdtempSync(path.join(os.tmpdir(), 'person-checks-')),
    secrets: createMemoryStore(log, 'test'),
  });
  open.push(services);
  const saved = await saveSandboxConnection(services, sb);
  const connection = await services.connections.open({ kind: 'saved', id: saved.id });
  if (!connection.ok) throw new Error(connection.error.message);
  const load = async (csv: string) => {
    const draft = await services.imports.load({
      connectionId: null,
      fileName: 'rollout.csv',
      bytes: new TextEncoder().encode(csv),
      account: async () => ({ ok: true, value: connection.value }),
    });
    if (!draft.ok) throw new Error(draft.error.message);
    return draft.value;
  };
  return { sb, imports: services.imports, load };
}

/** A person as SmartPBX makes one (kazoo-rollout research, §6): user with presence ID, their box and their main callflow. */
async function smartPbxPerson(sb: Sandbox, first: string, last: string, email: string, extension: string | null): Promise<string> {
  const id = await putOnAccount(sb, 'users', {
    first_name: first,
    last_name: last,
    username: email,
    password: 'Portal2026!',
    email,
    ...(extension ? { presence_id: extension } : {}),
  });
  if (extension === null) return id;
  const box = await putOnAccount(sb, 'vmboxes', { mailbox: extension, name: `${first} ${last}'s VMBox`, owner_id: id });
  await putOnAccount(sb, 'callflows', {
    name: `${first} ${last} SmartPBX's Callflow`,
    numbers: [extension],
    owner_id: id,
    type: 'mainUserCallflow',
    flow: { module: 'user', data: { id }, children: { _: { module: 'voicemail', data: { id: box }, children: {} } } },
  });
  return id;
}

const byCell = (issues: readonly CellIssue[]) =>
  issues
    .filter((issue) => issue.severity === 'error')
    .map((issue) => `${issue.row}:${issue.column}:${issue.code}`)
    .sort();

describe('a rollout sheet checked against the account as it loads', () => {
  it('names the holder of every username, extension and mailbox someone else has, reading each kind of document once', async () => {
    const { sb, load } = await setup();
    await smartPbxPerson(sb, 'Bob', 'Brown', 'bob@example.com', '3101');
    await smartPbxPerson(sb, 'Alice', 'Smith', 'alice@other.com', null);
    // Alice's username is not her email: a newcomer must not take it.
    await putOnAccount(sb, 'users', {
      first_name: 'Alice',
      last_name: 'Smith',
      username: 'alice@example.com',
      password: 'Portal2026!',
      email: 'alice.smith@other.com',
    });
    const carol = await putOnAccount(sb, 'users', {
      first_name: 'Carol',
      last_name: 'King',
      email: 'carol@example.com',
      username: 'carol@example.com',
      password: 'Portal2026!',
    });
    await putOnAccount(sb, 'vmboxes', { mailbox: '0105', name: "Carol King's VMBox", owner_id: carol });
    await putOnAccount(sb, 'callflows', {
      name: 'Sales',
      patterns: ['^2\\d{3}$', '^(unclosed'],
      flow: { module: 'ring_group', data: {}, children: {} },
    });
    await putOnAccount(sb, 'callflows', { name: 'Main menu', numbers: ['3106'], flow: { module: 'menu', data: {}, children: {} } });
    await putOnAccount(sb, 'users', {
      first_name: 'Jo',
      last_name: 'Old',
      username: 'jo@example.com',
      password: 'Portal2026!',
      email: 'jo.old@example.com',
    });

    const reads = sb.state.stats().requests;
    const draft = await load(
      [
        'first_name,last_name,email,username,extension,voicemail,name,mac_address,owner',
        // 0: Bob himself, on his own extension, box and callflow: nothing wrong.
        'Bob,Brown,bob@example.com,,3101,,Bob desk,00:15:65:16:00:01,',
        // 1: Bob's extension for a newcomer.
        'Dan,Doe,dan@example.com,,3101,,,,',
        // 2: Alice's username for a newcomer.
        'Eve,Ek,eve@example.com,alice@example.com,3102,,,,',
        // 3: an extension the Sales pattern answers.
        'Frank,Fox,frank@example.com,,2500,,,,',
        // 4: Carol's mailbox (0105 is 105 to KAZOO).
        'Gina,Gale,gina@example.com,,105,,,,',
        // 5: the same extension without voicemail takes no box.
        'Hal,Hill,hal@example.com,,105,no,,,',
        // 6: the main menu's number.
        'Ivy,Ito,ivy@example.com,,3106,,,,',
        // 7: an existing user named by email only: their phone, as old owner sheets do.
        ',,alice@other.com,,,,Alice desk,00:15:65:16:00:07,',
        // 8: a newcomer without a last name.
        'Kim,,kim@example.com,,3108,,,,',
        // 9: a phone for a person of the sheet, by name; 10: for nobody.
        ',,,,,,Dan desk,00:15:65:16:00:09,Dan Doe',
        ',,,,,,Spare,00:15:65:16:00:10,nobody@example.com',
        // 11: a newcomer whose email, as their username, is Jo Old's.
        'Jo,New,jo@example.com,,3111,,,,',
        // 12: a newcomer whose email, as their username, has a character KAZOO's username pattern refuses.
        "Ola,OBrien,o'brien@example.com,,3112,,,,",
      ].join('\n'),
    );
    // One listing each of devices, users, callflows and voicemail boxes (and a sign-in), however many rows.
    expect(sb.state.stats().requests - reads).toBeLessThanOrEqual(5);
    expect(draft.account).toMatchObject({ status: 'checked', owners: { 'dan doe': 'Dan Doe' } });
    expect(byCell(draft.issues)).toEqual(
      [
        '1:extension:extension_taken',
        '2:username:username_taken',
        '3:extension:extension_taken',
        '4:extension:mailbox_taken',
        '5:extension:extension_in_file',
        '4:extension:extension_in_file',
        '6:extension:extension_taken',
        '8:last_name:last_name_required',
        '10:owner:owner_unknown',
        '11:email:username_taken',
        '12:email:email_not_username',
        '0:extension:extension_in_file',
        '1:extension:extension_in_file',
      ].sort(),
    );
    const message = (row: number, code: string) => draft.issues.find((issue) => issue.row === row && issue.code === code)?.message;
    expect(message(1, 'extension_taken')).toBe(
      "Extension 3101 is already Bob Brown's (bob@example.com) on the PBX. Give this person a free extension.",
    );
    expect(message(2, 'username_taken')).toContain('Username alice@example.com belongs to Alice Smith (alice.smith@other.com) on the PBX');
    expect(message(3, 'extension_taken')).toContain('taken by the callflow "Sales" on the PBX: its pattern ^2\\d{3}$ answers it');
    expect(message(4, 'mailbox_taken')).toContain("Mailbox 105 is already Carol King's (carol@example.com) voicemail box");
    expect(message(6, 'extension_taken')).toContain('taken by the callflow "Main menu"');
    expect(message(11, 'username_taken')).toContain(
      'Username jo@example.com (the email, used as the username) belongs to Jo Old (jo.old@example.com)',
    );
    expect(message(12, 'email_not_username')).toContain("o'brien@example.com would be the new user's username");
    expect(message(12, 'email_not_username')).toContain('Give this person a username');
  });

  it("re-checks a person's other rows when one of them is edited, without reading the account again", async () => {
    const { sb, imports, load } = await setup();
    await smartPbxPerson(sb, 'Bob', 'Brown', 'bob@example.com', '3101');
    await putOnAccount(sb, 'callflows', { name: 'Main menu', numbers: ['3106'], flow: { module: 'menu', data: {}, children: {} } });
    const draft = await load(
      [
        'first_name,last_name,email,extension,name,owner',
        'Dan,Doe,dan@example.com,3101,Dan desk,',
        ',,dan@example.com,3106,Dan cordless,',
        ',,,,Spare,dan doe',
      ].join('\n'),
    );
    expect(byCell(draft.issues)).toEqual(['0:extension:extension_taken', '1:extension:person_contradiction']);
    const reads = sb.state.stats().requests;
    // Dan's first extension cleared: his second row's is now his, and the main menu has it.
    const cleared = imports.editCells({ draftId: draft.id, edits: [{ row: 0, sourceColumn: 3, value: '' }] });
    if (!cleared.ok) throw new Error(cleared.error.message);
    expect(byCell(cleared.value.issues)).toEqual(['1:extension:extension_taken']);
    // Dan renamed: the spare phone's owner names nobody any more.
    const renamed = imports.editCells({ draftId: draft.id, edits: [{ row: 0, sourceColumn: 0, value: 'Daniel' }] });
    if (!renamed.ok) throw new Error(renamed.error.message);
    expect(byCell(renamed.value.issues)).toEqual(['1:extension:extension_taken', '2:owner:owner_unknown']);
    expect(sb.state.stats().requests).toBe(reads);
  });

  it('an email two users share, or one another user has under another username, is never guessed', async () => {
    const { sb, load } = await setup();
    for (const username of ['front1', 'front2']) {
      await putOnAccount(sb, 'users', {
        first_name: 'Front',
        last_name: 'Desk',
        username,
        password: 'Portal2026!',
        email: 'front@example.com',
      });
    }
    await smartPbxPerson(sb, 'Bob', 'Brown', 'bob@example.com', '3101');
    const draft = await load(
      [
        'first_name,last_name,email,username,extension',
        // Which of the two front desks? Only a username would say.
        ',,front@example.com,,',
        // Bob's email with a username that is nobody's: a second Bob, or Bob with a typo?
        'Bob,Brown,bob@example.com,bobby,3101',
      ].join('\n'),
    );
    expect(byCell(draft.issues)).toEqual(['0:email:email_ambiguous', '1:email:email_taken', '1:extension:extension_taken']);
    expect(draft.issues.find((issue) => issue.code === 'email_ambiguous')?.message).toBe(
      '2 users of the PBX have the email front@example.com. Add a username column with the username of the one this person is.',
    );
    expect(draft.issues.find((issue) => issue.code === 'email_taken')?.message).toContain(
      'bob@example.com is already the email of Bob Brown (bob@example.com) on the PBX, whose username is bob@example.com',
    );
  });
});
