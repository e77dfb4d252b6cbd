import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli/run';
import { startSandbox, type Sandbox } from '../../../main/sandbox/server';
import { capturedRun, sandboxEnv } from '../../support/cli-run';
import { addSampleOwners, SAMPLES_DIR } from '../../support/sample-owners';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

async function sandbox(options: Parameters<typeof startSandbox>[0] = {}): Promise<Sandbox> {
  const sb = await startSandbox({ rateLimit: false, autoRegister: false, seed: 9, ...options });
  open.push(sb);
  await addSampleOwners(sb);
  return sb;
}

const io = (sb: Sandbox) => capturedRun(sandboxEnv(sb));

const sample = (name: string) => path.join(SAMPLES_DIR, name);

describe('audian-provision import', () => {
  it('prints the plan on --dry-run and sends nothing', async () => {
    const sb = await sandbox();
    const run = io(sb);
    const before = sb.state.devices().length;
    expect(await runCli(['import', sample('rollout-basic.csv'), '--dry-run'], run.io)).toBe(0);
    expect(run.out()).toMatch(/^ROW\s+ACTION\s+NAME\s+DETAIL/m);
    expect(run.lastLine()).toBe('plan: create 25, update 0, skip 0, error 0');
    expect(sb.state.devices()).toHaveLength(before);
  });

  it('imports a file exactly once: the second run skips every row', async () => {
    const sb = await sandbox();
    const first = io(sb);
    expect(await runCli(['import', sample('rollout-basic.csv'), '--yes'], first.io)).toBe(0);
    expect(first.lastLine()).toBe('created 25, updated 0, skipped 0, failed 0');
    expect(first.err()).toMatch(/25\/25 done/);
    const second = io(sb);
    expect(await runCli(['import', sample('rollout-basic.csv'), '--yes'], second.io)).toBe(0);
    expect(second.lastLine()).toBe('created 0, updated 0, skipped 25, failed 0');
    expect(sb.state.devices()).toHaveLength(25);
  });

  it('reads European Excel (semicolons, Windows-1252, alias headers) and updates what changed', async () => {
    const sb = await sandbox();
    expect(await runCli(['import', sample('excel-semicolon-1252.csv'), '--yes'], io(sb).io)).toBe(0);
    const names = sb.state.devices().map((doc) => doc.name);
    expect(names).toContain('Réception');
    const edited = path.join(mkdtempSync(path.join(os.tmpdir(), 'csv-')), 'edited.csv');
    const original = readFileSync(sample('excel-semicolon-1252.csv'));
    // "User Email" and "Extension" make each row a person of the account with their extension; the phone's name is the phone's own.
    writeFileSync(edited, Buffer.from(original.toString('latin1').replace('Réception;sip_device', 'Réception desk;sip_device'), 'latin1'));
    const update = io(sb);
    expect(await runCli(['import', edited, '--on-existing', 'update', '--yes'], update.io)).toBe(0);
    expect(update.lastLine()).toMatch(/^created 0, updated 1, skipped \d+, failed 0$/);
  });

  it('exits 1 when rows fail, names them on stderr and writes a report without passwords', async () => {
    const sb = await sandbox();
    const run = io(sb);
    const report = path.join(mkdtempSync(path.join(os.tmpdir(), 'report-')), 'report.csv');
    expect(await runCli(['import', sample('messy-errors.csv'), '--yes', '--report', report], run.io)).toBe(1);
    expect(run.lastLine()).toMatch(/^created \d+, updated 0, skipped 0, failed \d+$/);
    expect(run.err()).toMatch(/Row 3 \(“Bad MAC” · SIP bad_mac\): "00:15:65:zz:00:02" is not a MAC address/);
    const csv = readFileSync(report, 'utf8');
    expect(csv.replace(/^\uFEFF/, '').split('\r\n')[0]).toMatch(/^failure_reason,result,result_phone,device_id,/);
    expect(csv).not.toContain('Secret12345');
  });

  it.each([
    ['an empty file', ''],
    ['a file without a name column', 'mac_address\n001565000001\n'],
  ])('exits 2 for %s, sending nothing', async (_label, content) => {
    const sb = await sandbox();
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'csv-')), 'bad.csv');
    writeFileSync(file, content);
    const run = io(sb);
    const before = sb.state.stats().requests;
    expect(await runCli(['import', file, '--yes'], run.io)).toBe(2);
    expect(run.err().trim()).not.toBe('');
    expect(sb.state.stats().requests - before).toBeLessThanOrEqual(1);
  });

  it('imports the sheet\'s own SIP passwords from a "SIP Pass" column', async () => {
    const sb = await sandbox();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'csv-'));
    const file = path.join(dir, 'sheet.csv');
    writeFileSync(file, 'Device Name,MAC ID,Register Name,SIP Pass,Ext\nFront Desk,00:15:65:aa:10:01,front_1001,Sheet1001pass,1001\n');
    const run = io(sb);
    expect(await runCli(['import', file, '--yes'], run.io)).toBe(0);
    expect(run.err()).not.toMatch(/Ignored columns/);
    const [device] = sb.state.devices();
    expect(device).toMatchObject({
      name: 'Front Desk',
      mac_address: '001565aa1001',
      sip: { username: 'front_1001', password: 'Sheet1001pass' },
      caller_id: { internal: { number: '1001' } },
    });
  });

  it('never drops a column of passwords silently: without a terminal it stops and names the --mapping entry', async () => {
    const sb = await sandbox();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'csv-'));
    const file = path.join(dir, 'sheet.csv');
    writeFileSync(file, 'name,mac,Phone Secret Code\nFront Desk,00:15:65:aa:10:02,Kq7!mZ2#wx\n');
    const refused = io(sb);
    expect(await runCli(['import', file, '--yes'], refused.io)).toBe(2);
    expect(refused.err()).toContain('"Phone Secret Code" looks like passwords');
    expect(refused.err()).toContain('{"Phone Secret Code": "sip_password"}');
    expect(refused.err()).toContain('{"Phone Secret Code": null}');
    expect(sb.state.devices()).toHaveLength(0);

    const leaveOut = path.join(dir, 'leave-out.json');
    writeFileSync(leaveOut, JSON.stringify({ 'Phone Secret Code': null }));
    const left = io(sb);
    expect(await runCli(['import', file, '--yes', '--mapping', leaveOut], left.io)).toBe(0);
    expect(sb.state.devices()[0]).not.toMatchObject({ sip: { password: 'Kq7!mZ2#wx' } });

    const useIt = path.join(dir, 'use-it.json');
    writeFileSync(useIt, JSON.stringify({ 'Phone Secret Code': 'sip_password' }));
    const used = io(sb);
    expect(await runCli(['import', file, '--yes', '--on-existing', 'update', '--mapping', useIt], used.io)).toBe(0);
    expect(sb.state.devices()[0]).toMatchObject({ sip: { password: 'Kq7!mZ2#wx' } });
  });

  it('exits 2 on bad arguments', async () => {
    const sb = await sandbox();
    expect(await runCli(['import', sample('rollout-basic.csv'), '--match', 'name'], io(sb).io)).toBe(2);
    expect(await runCli(['import', '/nonexistent.csv'], io(sb).io)).toBe(2);
    expect(await runCli(['import', '--resume'], io(sb).io)).toBe(2);
  });

  describe('changes to phones already on the account', () => {
    const HEADER = 'name,device_type,mac_address,sip_username,sip_password,owner,caller_id_internal_number';
    const csvFile = (lines: string[]) => {
      const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'csv-')), 'phones.csv');
      writeFileSync(file, [HEADER, ...lines].join('\n'));
      return file;
    };
    /** Two phones on the account, the front desk registered, as a site is before a second rollout. */
    async function siteWithTwoPhones(): Promise<Sandbox> {
      const sb = await sandbox();
      const first = csvFile([
        'Front desk,sip_device,00:15:65:aa:00:01,front_101,FrontPass101x,alice@example.com,101',
        'Back office,sip_device,00:15:65:aa:00:02,back_102,BackPass102x,bob@example.com,102',
      ]);
      expect(await runCli(['import', first, '--yes'], io(sb).io)).toBe(0);
      expect(sb.phones.register('front_101')).toBeDefined();
      return sb;
    }
    const stored = (sb: Sandbox, mac: string) => sb.state.devices().find((device) => device['mac_address'] === mac);

    it('--dry-run prints each updated row old → new, the device it changes and whether it is registered; passwords only when asked', async () => {
      const sb = await siteWithTwoPhones();
      const file = csvFile([
        'Reception,sip_device,00:15:65:aa:00:01,front_101,NewPass101xy,carla@example.com,101',
        'Back office,sip_device,00:15:65:aa:00:02,back_102,BackPass102x,bob@example.com,112',
      ]);
      const run = io(sb);
      expect(await runCli(['import', file, '--dry-run', '--on-existing', 'update'], run.io)).toBe(0);
      const out = run.out();
      expect(out).toContain('Row 2 updates “Front desk” · ext 101 · MAC 00:15:65:aa:00:01 · SIP front_101 (registered now):');
      expect(out).toContain('  name: "Front desk" → "Reception"');
      expect(out).toContain('  owner: "alice Example" → "carla Example"');
      expect(out).toContain('  sip_password: (hidden; --report-passwords shows it) → (hidden; --report-passwords shows it)');
      expect(out).toContain('Row 3 updates “Back office” · ext 102 · MAC 00:15:65:aa:00:02 · SIP back_102 (not registered):');
      expect(out).toContain('  caller_id_internal_number: "102" → "112"');
      expect(out).toContain(
        '1 of these updates change the SIP credentials or owner of a registered phone: a real run needs --confirm-registered.',
      );
      expect(out).not.toContain('FrontPass101x');
      expect(out).not.toContain('NewPass101xy');
      expect(run.lastLine()).toBe('plan: create 0, update 2, skip 0, error 0');

      const revealed = io(sb);
      expect(await runCli(['import', file, '--dry-run', '--on-existing', 'update', '--report-passwords'], revealed.io)).toBe(0);
      expect(revealed.out()).toContain('  sip_password: "FrontPass101x" → "NewPass101xy"');
      expect(stored(sb, '001565aa0001')).toMatchObject({ name: 'Front desk' });
    });

    it('refuses to change the SIP credentials or owner of a registered phone without --confirm-registered, naming it and the flag', async () => {
      const sb = await siteWithTwoPhones();
      const file = csvFile(['Front desk,sip_device,00:15:65:aa:00:01,front_101b,FrontPass101x,alice@example.com,101']);
      const refused = io(sb);
      expect(await runCli(['import', file, '--yes', '--on-existing', 'update'], refused.io)).toBe(2);
      expect(refused.err()).toContain('Row 2 updates “Front desk” · ext 101 · MAC 00:15:65:aa:00:01 · SIP front_101 (registered now):');
      expect(refused.err()).toContain('  sip_username: "front_101" → "front_101b"');
      expect(refused.err()).toContain('add --confirm-registered to make these changes');
      expect(stored(sb, '001565aa0001')).toMatchObject({ sip: { username: 'front_101' } });

      const confirmed = io(sb);
      expect(await runCli(['import', file, '--yes', '--on-existing', 'update', '--confirm-registered'], confirmed.io)).toBe(0);
      expect(confirmed.lastLine()).toBe('created 0, updated 1, skipped 0, failed 0');
      expect(stored(sb, '001565aa0001')).toMatchObject({ sip: { username: 'front_101b' } });
    });

    it.each([
      ['mac', 'skip'],
      ['mac', 'update'],
      ['sip_username', 'skip'],
      ['sip_username', 'update'],
    ])(
      'a row whose MAC is one phone and SIP username another is an error naming both (--match %s, --on-existing %s)',
      async (match, onExisting) => {
        const sb = await siteWithTwoPhones();
        const before = JSON.stringify(sb.state.devices());
        const file = csvFile(['Swapped,sip_device,00:15:65:aa:00:01,back_102,Whatever123x,,101']);
        const run = io(sb);
        expect(await runCli(['import', file, '--yes', '--match', match, '--on-existing', onExisting, '--confirm-registered'], run.io)).toBe(
          1,
        );
        expect(run.err()).toMatch(
          /Row 2 \(“Swapped” · ext 101 · MAC 00:15:65:aa:00:01 · SIP back_102\): This MAC belongs to "Front desk" \(MAC 00:15:65:aa:00:01\) but the SIP username "back_102" to "Back office" \(MAC 00:15:65:aa:00:02\) on the PBX/,
        );
        expect(run.err()).toContain('plan: create 0, update 0, skip 0, error 1');
        expect(JSON.stringify(sb.state.devices())).toBe(before);
      },
    );
  });
});
