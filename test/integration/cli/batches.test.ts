import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli/run';
import { createLogger } from '../../../main/log';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../main/sandbox/server';
import { createMemoryStore } from '../../../main/secrets/memory-store';
import { createServices } from '../../../main/services';
import { accountSnapshot, changeOnAccount, putOnAccount } from '../../support/account-setup';
import { capturedRun, sandboxEnv } from '../../support/cli-run';
import { value } from '../../support/value';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

async function sandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const sb = await startSandbox({ rateLimit: false, autoRegister: false, seed: 18, ...options });
  open.push(sb);
  return sb;
}

function sheet(lines: string[]): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'audian-batches-')), 'rollout.csv');
  writeFileSync(file, `${lines.join('\r\n')}\r\n`);
  return file;
}

const ROLLOUT = [
  'First Name,Last Name,Email,Extension,MAC Address,Model',
  'Alice,Smith,alice@batches.example,4201,00:15:65:42:01:01,T46U',
  'Bob,Brown,bob@batches.example,4202,00:15:65:42:01:02,T46U',
  'Carla,Costa,carla@batches.example,4203,00:15:65:42:01:03,T46U',
];

interface ListedBatch {
  id: string;
  origin: string;
  counts: { created: number; updated: number; deleted: number; skipped: number; failed: number };
  undone: boolean;
  undoes: string | null;
}

/** The command line against the sandbox, one home for every run as on a technician's computer: the batches are shared. */
function commandLine(sb: Sandbox) {
  const env = { ...sandboxEnv(sb), AUDIAN_HOME: mkdtempSync(path.join(os.tmpdir(), 'audian-home-')) };
  const run = async (args: string[]) => {
    const captured = capturedRun(env);
    const code = await runCli(args, captured.io);
    return { code, out: captured.out(), err: captured.err(), last: captured.lastLine() };
  };
  return { env, run };
}

describe('audian-provision batches', () => {
  it('lists batches, and undoes one: the plan with --dry-run sends nothing, a conflict is left alone until --include-conflicts', async () => {
    const sb = await sandbox();
    const { run } = commandLine(sb);
    const beforeImport = await accountSnapshot(sb);
    expect((await run(['import', sheet(ROLLOUT), '--yes'])).code).toBe(0);

    const listed = JSON.parse((await run(['batches', 'list', '--json'])).out) as ListedBatch[];
    expect(listed).toEqual([
      expect.objectContaining({ origin: 'import', counts: { created: 3, updated: 0, deleted: 0, skipped: 0, failed: 0 }, undone: false }),
    ]);
    const imported = listed[0]!.id;
    const table = await run(['batches', 'list']);
    expect(table.out).toMatch(new RegExp(`${imported} .* AUDIAN_\\* variables +import rollout.csv +finished +created 3, .* +no`));

    // Someone else renames Bob's phone after the import.
    const bobsPhone = sb.state.devices().find((device) => device['mac_address'] === '001565420102')!;
    await changeOnAccount(sb, 'devices', String(bobsPhone['_id']), { name: 'Bob at the front desk' });
    // Alice's phone is up: the plan says so, since deleting it takes a working phone offline.
    const alicesPhone = sb.state.devices().find((device) => device['mac_address'] === '001565420101')!;
    sb.phones.register((alicesPhone['sip'] as { username: string }).username);
    const beforeUndo = await accountSnapshot(sb);

    const dryRun = await run(['batches', 'undo', imported, '--dry-run']);
    expect(dryRun.code).toBe(0);
    expect(dryRun.out).toContain(`delete 12, restore 0, recreate 0, nothing 0, conflicts 1`);
    expect(dryRun.out).toContain(`delete   phone "Bob Brown T46U" (${String(bobsPhone['_id'])}, not registered)`);
    expect(dryRun.out).toContain(
      '    conflict: Changed since this batch: name reads otherwise now. Left alone; --include-conflicts undoes it.',
    );
    expect(dryRun.out).toContain(`delete   phone "Alice Smith T46U" (${String(alicesPhone['_id'])}, registered now)`);
    // Bob's phone is left alone with its conflict: it would still name Bob, whom the undo deletes.
    expect(dryRun.out).toMatch(
      /^delete {3}user "Bob Brown" .*\n {4}Still named by: phone “Bob at the front desk” \(its owner\), if its conflict is left alone\. /m,
    );
    expect(dryRun.out).toMatch(/^delete {3}extension "extension 4201"/m);
    expect(dryRun.last).toBe('restored 0, deleted 11, recreated 0, conflicts 1, failed 0');
    expect(dryRun.out).toContain('Passwords and PINs from before are sealed with a key kept in');
    expect(await accountSnapshot(sb)).toEqual(beforeUndo);

    const unconfirmed = await run(['batches', 'undo', imported]);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.err).toContain('add --yes');
    expect(await accountSnapshot(sb)).toEqual(beforeUndo);

    const undone = await run(['batches', 'undo', imported, '--yes']);
    expect(undone.code).toBe(1);
    expect(undone.last).toBe('restored 0, deleted 11, recreated 0, conflicts 1, failed 0');
    expect(await accountSnapshot(sb)).toEqual({
      ...beforeImport,
      devices: { [String(bobsPhone['_id'])]: beforeUndo.devices[String(bobsPhone['_id'])] },
    });

    const afterUndo = JSON.parse((await run(['batches', 'list', '--json'])).out) as ListedBatch[];
    expect(afterUndo.map((batch) => [batch.origin, batch.undone, batch.undoes])).toEqual([
      ['undo', false, imported],
      // A conflict left alone: partly undone.
      ['import', false, null],
    ]);
    expect(afterUndo[0]!.counts).toEqual({ created: 0, updated: 0, deleted: 3, skipped: 0, failed: 0 });
    const listedAfterUndo = (await run(['batches', 'list'])).out;
    expect(listedAfterUndo).toMatch(new RegExp(`${afterUndo[0]!.id} .* Undo of rollout\\.csv \\(command line\\) +finished`));
    expect(listedAfterUndo).toMatch(new RegExp(`${imported} .* partly, by ${afterUndo[0]!.id}`));

    const included = await run(['batches', 'undo', imported, '--yes', '--include-conflicts']);
    expect(included.code).toBe(0);
    expect(included.last).toBe('restored 0, deleted 1, recreated 0, conflicts 0, failed 0');
    expect(await accountSnapshot(sb)).toEqual(beforeImport);
    const fullyUndone = JSON.parse((await run(['batches', 'list', '--json'])).out) as ListedBatch[];
    expect(fullyUndone.map((batch) => [batch.origin, batch.undone])).toEqual([
      ['undo', false],
      ['undo', false],
      ['import', true],
    ]);

    // Once more: nothing would be sent, so no undo batch is started.
    const nothing = await run(['batches', 'undo', imported, '--yes']);
    expect(nothing).toMatchObject({ code: 0, last: 'restored 0, deleted 0, recreated 0, conflicts 0, failed 0' });
    expect(nothing.err).toContain('Nothing to undo: nothing was sent.');
    expect(JSON.parse((await run(['batches', 'list', '--json'])).out)).toHaveLength(3);
  });

  it('undoes an undo: what it deleted is re-created, the server’s charges for new documents accepted with --accept-charges', async () => {
    const sb = await sandbox();
    const { run } = commandLine(sb);
    expect((await run(['import', sheet(ROLLOUT), '--yes'])).code).toBe(0);
    const [imported] = JSON.parse((await run(['batches', 'list', '--json'])).out) as ListedBatch[];
    expect((await run(['batches', 'undo', imported!.id, '--yes'])).last).toBe('restored 0, deleted 12, recreated 0, conflicts 0, failed 0');
    const [undone] = JSON.parse((await run(['batches', 'list', '--json'])).out) as ListedBatch[];
    const people = () =>
      sb.state
        .users()
        .map((user) => String(user['username']))
        .filter((username) => username.endsWith('@batches.example'))
        .sort();
    expect(people()).toEqual([]);

    sb.configure({ charges: true });
    const redo = await run(['batches', 'undo', undone!.id, '--yes', '--accept-charges']);
    expect(redo).toMatchObject({ code: 0, last: 'restored 0, deleted 0, recreated 12, conflicts 0, failed 0' });
    expect(redo.out).toContain('The server never gives a password back: the user is re-created with a new one.');
    expect(people()).toEqual(['alice@batches.example', 'bob@batches.example', 'carla@batches.example']);
    expect([sb.state.vmboxes(), sb.state.devices(), sb.state.callflows()].map((documents) => documents.length)).toEqual([3, 3, 3]);
  });

  it('an undo the app left unfinished is resumed with import --resume, ending with the undo’s totals', async () => {
    const sb = await sandbox({ latencyMs: 50 });
    const { env, run } = commandLine(sb);
    expect((await run(['import', sheet(ROLLOUT), '--yes'])).code).toBe(0);
    const [imported] = JSON.parse((await run(['batches', 'list', '--json'])).out) as ListedBatch[];

    // The app on the same computer, with the same account, starts the undo and is closed before it ends.
    const log = createLogger(() => {});
    const app = createServices({
      host: 'cli',
      version: 'test',
      platform: 'linux',
      log,
      publish: () => {},
      userDataDir: env.AUDIAN_HOME,
      secrets: createMemoryStore(log, 'test'),
    });
    const connection = value(
      await app.connections.open({
        kind: 'environment',
        baseUrl: sb.url,
        accountId: sb.account.id,
        credentials: { method: 'api_key', apiKey: sb.credentials.apiKey },
      }),
    );
    const plan = value(await app.undo.plan(connection, imported!.id));
    const started = value(await app.undo.start(connection, { batchId: imported!.id, planId: plan.planId, includeConflicts: [] }));
    await app.close();
    expect(sb.state.devices()).not.toEqual([]);

    const resumed = await run(['import', '--resume', '--batch', started.batchId]);
    expect(resumed).toMatchObject({ code: 0, last: 'restored 0, deleted 12, recreated 0, conflicts 0, failed 0' });
    expect(sb.state.devices()).toEqual([]);
  });

  it('the plan prints under a phone it deletes the hand-made callflow that still rings it', async () => {
    const sb = await sandbox();
    const { run } = commandLine(sb);
    expect((await run(['import', sheet(ROLLOUT), '--yes'])).code).toBe(0);
    const imported = (JSON.parse((await run(['batches', 'list', '--json'])).out) as ListedBatch[])[0]!.id;
    const alicesPhone = String(sb.state.devices().find((device) => device['mac_address'] === '001565420101')!['_id']);
    await putOnAccount(sb, 'callflows', {
      name: 'Front desk',
      numbers: ['4300'],
      flow: { module: 'device', data: { id: alicesPhone }, children: {} },
    });

    const dryRun = await run(['batches', 'undo', imported, '--dry-run']);
    expect(dryRun.code).toBe(0);
    expect(dryRun.out).toContain(
      `delete   phone "Alice Smith T46U" (${alicesPhone}, not registered)\n` +
        '    Still named by: extension 4300 (callflow “Front desk”). Those will point at nothing; change them after the undo.\n',
    );
  });

  it('exits 2 on unusable input: no such batch, a malformed id, no subcommand', async () => {
    const sb = await sandbox();
    const run = async (args: string[]) => {
      const captured = capturedRun(sandboxEnv(sb));
      return { code: await runCli(args, captured.io), err: captured.err() };
    };
    expect(await run(['batches', 'undo', 'f'.repeat(32)])).toEqual({ code: 2, err: expect.stringContaining('No batch') });
    expect(await run(['batches', 'undo', 'not-an-id'])).toEqual({ code: 2, err: expect.stringContaining('32 hexadecimal') });
    expect(await run(['batches'])).toEqual({ code: 2, err: expect.stringContaining('batches needs list or undo') });
  });
});
