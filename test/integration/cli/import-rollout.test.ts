import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli/run';
import type { BatchSpec } from '../../../main/import/operations';
import { startSandbox, type Sandbox } from '../../../main/sandbox/server';
import { capturedRun, sandboxEnv } from '../../support/cli-run';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

async function sandbox(): Promise<Sandbox> {
  const sb = await startSandbox({ rateLimit: false, autoRegister: false, seed: 16 });
  open.push(sb);
  return sb;
}

const io = (sb: Sandbox) => capturedRun(sandboxEnv(sb));

function sheet(lines: string[]): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'audian-rollout-')), 'rollout.csv');
  writeFileSync(file, `${lines.join('\r\n')}\r\n`);
  return file;
}

/** Three people, each with an extension and a desk phone; the sheet names no phone. */
const ROLLOUT = [
  'First Name,Last Name,Email,Extension,MAC Address,Model',
  'Alice,Smith,alice@rollout.example,4101,00:15:65:41:01:01,T46U',
  'Bob,Brown,bob@rollout.example,4102,00:15:65:41:01:02,T46U',
  'Carla,Costa,carla@rollout.example,4103,00:15:65:41:01:03,',
];

describe('audian-provision import: a rollout of people', () => {
  it('creates each person once and complete, prints a line per kind of document, and a second run skips everything', async () => {
    const sb = await sandbox();
    const file = sheet(ROLLOUT);

    const dryRun = io(sb);
    expect(await runCli(['import', file, '--dry-run'], dryRun.io)).toBe(0);
    expect(dryRun.out()).toContain(
      [
        'Alice Smith (ext 4101), row 2:',
        '  user "Alice Smith": to create',
        `  voicemail box "Alice Smith's VMBox": to create`,
        '  phone "Alice Smith T46U": to create',
        '  extension 4101: to create',
      ].join('\n'),
    );
    const rolledOut = () => sb.state.users().filter((user) => String(user['email']).endsWith('@rollout.example'));
    expect(rolledOut()).toHaveLength(0);

    const first = io(sb);
    expect(await runCli(['import', file, '--yes'], first.io)).toBe(0);
    expect(first.out().trim().split('\n').slice(-5)).toEqual([
      'users: created 3, updated 0, skipped 0, failed 0',
      'voicemail boxes: created 3, updated 0, skipped 0, failed 0',
      'devices: created 3, updated 0, skipped 0, failed 0',
      'extensions: created 3, updated 0, skipped 0, failed 0',
      'created 3, updated 0, skipped 0, failed 0',
    ]);

    const users = rolledOut();
    expect(users.map((user) => [user['username'], user['presence_id'], user['first_name']])).toEqual(
      expect.arrayContaining([
        ['alice@rollout.example', '4101', 'Alice'],
        ['bob@rollout.example', '4102', 'Bob'],
        ['carla@rollout.example', '4103', 'Carla'],
      ]),
    );
    expect(sb.state.welcomeEmails()).toEqual([]);
    for (const user of users) {
      const extension = user['presence_id'];
      const boxes = sb.state.vmboxes().filter((box) => box['owner_id'] === user['_id']);
      expect(boxes.map((box) => box['mailbox'])).toEqual([extension]);
      const phones = sb.state.devices().filter((device) => device['owner_id'] === user['_id']);
      expect(phones).toHaveLength(1);
      const callflows = sb.state.callflows().filter((callflow) => callflow['owner_id'] === user['_id']);
      expect(callflows).toEqual([
        expect.objectContaining({
          numbers: [extension],
          type: 'mainUserCallflow',
          flow: expect.objectContaining({
            module: 'user',
            data: expect.objectContaining({ id: user['_id'] }),
            children: { _: expect.objectContaining({ module: 'voicemail', data: expect.objectContaining({ id: boxes[0]?.['_id'] }) }) },
          }),
        }),
      ]);
    }
    expect(sb.state.devices().map((device) => device['name'])).toEqual(
      expect.arrayContaining(['Alice Smith T46U', 'Bob Brown T46U', 'Carla Costa']),
    );

    const second = io(sb);
    expect(await runCli(['import', file, '--yes'], second.io)).toBe(0);
    expect(second.out().trim().split('\n').slice(-5)).toEqual([
      'users: created 0, updated 0, skipped 3, failed 0',
      'voicemail boxes: created 0, updated 0, skipped 3, failed 0',
      'devices: created 0, updated 0, skipped 3, failed 0',
      'extensions: created 0, updated 0, skipped 3, failed 0',
      'created 0, updated 0, skipped 3, failed 0',
    ]);
    expect([rolledOut(), sb.state.vmboxes(), sb.state.devices(), sb.state.callflows()].map((docs) => docs.length)).toEqual([3, 3, 3, 3]);
  });

  it('--on-existing-person update changes what the sheet says differently, old → new in the dry run; --welcome-email asks for the e-mail', async () => {
    const sb = await sandbox();
    expect(await runCli(['import', sheet(ROLLOUT), '--yes', '--welcome-email'], io(sb).io)).toBe(0);
    expect(sb.state.welcomeEmails()).toHaveLength(3);

    const renamed = sheet([ROLLOUT[0] as string, 'Alicia,Smith,alice@rollout.example,4101,00:15:65:41:01:01,T46U']);
    const dryRun = io(sb);
    expect(await runCli(['import', renamed, '--dry-run', '--on-existing-person', 'update'], dryRun.io)).toBe(0);
    expect(dryRun.out()).toContain('  user "Alicia Smith": to update (first_name "Alice" → "Alicia")');
    const run = io(sb);
    expect(await runCli(['import', renamed, '--yes', '--on-existing-person', 'update'], run.io)).toBe(0);
    expect(run.out()).toContain('users: created 0, updated 1, skipped 0, failed 0');
    expect(sb.state.users().find((user) => user['email'] === 'alice@rollout.example')?.['first_name']).toBe('Alicia');
  });

  it('a person changed and then failed, in rollback mode, is incomplete because a rollback does not undo changes, and the message says so', async () => {
    const sb = await sandbox();
    expect(await runCli(['import', sheet(ROLLOUT.slice(0, 2)), '--yes'], io(sb).io)).toBe(0);
    sb.configure({ charges: true });
    // Alice renamed (her user is changed), with a second phone whose create the server bills; the charges are declined.
    const renamed = sheet([
      ROLLOUT[0] as string,
      'Alicia,Smith,alice@rollout.example,4101,00:15:65:41:01:01,T46U',
      'Alicia,Smith,alice@rollout.example,4101,00:15:65:41:01:09,T46U',
    ]);
    const run = io(sb);
    expect(await runCli(['import', renamed, '--yes', '--on-existing-person', 'update'], run.io)).toBe(1);
    expect(run.err()).toContain(
      '1 person is left incomplete: the rollback could not undo everything made or changed for them (the rows above say what is still on the server).',
    );
    expect(run.err()).not.toContain('what was made for them is kept');
  });

  it('--keep-incomplete and --welcome-email are what the batch is started with, as its journal says; without them, roll back and no e-mail', async () => {
    const sb = await sandbox();
    const folder = mkdtempSync(path.join(os.tmpdir(), 'audian-journals-'));
    const specOf = (journal: string) => (JSON.parse(readFileSync(journal, 'utf8').split('\n')[0] as string) as { spec: BatchSpec }).spec;
    const kept = path.join(folder, 'kept.jsonl');
    expect(await runCli(['import', sheet(ROLLOUT), '--yes', '--keep-incomplete', '--welcome-email', '--journal', kept], io(sb).io)).toBe(0);
    expect(specOf(kept)).toMatchObject({ onFailure: 'keep', sendWelcomeEmail: true });
    const plain = path.join(folder, 'plain.jsonl');
    expect(await runCli(['import', sheet(ROLLOUT.slice(0, 2)), '--yes', '--journal', plain], io(sb).io)).toBe(0);
    expect(specOf(plain)).toMatchObject({ onFailure: 'rollback', sendWelcomeEmail: false });
  });

  it('exits 2 on a bad --on-existing-person', async () => {
    const sb = await sandbox();
    const run = io(sb);
    expect(await runCli(['import', sheet(ROLLOUT), '--on-existing-person', 'merge'], run.io)).toBe(2);
    expect(run.err()).toContain('--on-existing-person must be skip or update, not "merge".');
  });
});
