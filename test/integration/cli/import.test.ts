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
    writeFileSync(edited, Buffer.from(original.toString('latin1').replace(';2001;', ';2101;'), 'latin1'));
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
    expect(run.err()).toMatch(/Row 3 \(Bad MAC\):/);
    const csv = readFileSync(report, 'utf8');
    expect(csv.replace(/^\uFEFF/, '').split('\r\n')[0]).toMatch(/^failure_reason,result,device_id,/);
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
});
