import { createHash } from 'node:crypto';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { Services } from '../../../main/services';
import { value } from '../../support/value';
import { FIRST, importSheet, setup, undo } from './setup';

/** The report's lines as objects by column name. */
async function reportOf(services: Services, batchId: string, includePasswords: boolean) {
  const { csv } = value(await services.imports.report({ batchId, includePasswords }));
  const [header = [], ...lines] = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
  return { csv, header, lines: lines.map((cells) => Object.fromEntries(header.map((name, index) => [name, cells[index] ?? '']))) };
}

describe('the report of an undo batch, whose documents hold sealed passwords', () => {
  it('gives a re-created phone its SIP password only when passwords are asked for, never as an object or sealed text', async () => {
    const { sb, services, connection } = await setup({ demo: true });
    const billing = sb.state.devices().find((device) => device['name'] === 'Billing')!;
    const password = (billing['sip'] as { password: string }).password;
    value(await services.devices.bulk(connection, { ids: [String(billing['_id'])], action: 'delete', confirm: true }));
    const deleted = services.imports.batches().find((batch) => batch.name === 'Delete 1 device')!.batchId;
    const { batchId } = await undo(services, connection, deleted);

    const withPasswords = await reportOf(services, batchId, true);
    expect(withPasswords.lines).toHaveLength(1);
    expect(withPasswords.lines[0]).toMatchObject({ result: 'created', sip_password: password });

    const without = await reportOf(services, batchId, false);
    expect(without.header).not.toContain('sip_password');
    for (const report of [withPasswords, without]) expect(report.csv).not.toMatch(/\$sealed|\[object Object\]/);
    expect(without.csv).not.toContain(password);
  });

  it('gives a re-created user the new password they were given, so someone can pass it on', async () => {
    const { sb, services, connection } = await setup();
    const imported = await importSheet(services, connection, FIRST, 'skip');
    const undoImport = await undo(services, connection, imported);
    const redo = await undo(services, connection, undoImport.batchId);

    const { lines, csv } = await reportOf(services, redo.batchId, true);
    // The server keeps only hashes of `username:password`: each password the report gives is the one its user logs in with.
    const hashOf = new Map(sb.state.users().map((user) => [String(user['_id']), user]));
    const given = lines.filter((line) => line['user_password'] !== '');
    expect(new Set(given.map((line) => line['result_user_id'])).size).toBe(3);
    for (const line of given) {
      const user = hashOf.get(line['result_user_id']!)!;
      const text = `${String(user['username']).toLowerCase()}:${line['user_password']}`;
      expect(createHash('md5').update(text).digest('hex')).toBe(user['pvt_md5_auth']);
    }
    expect(csv).not.toMatch(/\$sealed|\[object Object\]/);
    expect((await reportOf(services, redo.batchId, false)).header).not.toContain('user_password');
  });
});
