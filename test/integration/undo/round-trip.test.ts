import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { accountSnapshot } from '../../support/account-setup';
import { value } from '../../support/value';
import { FIRST, importSheet, setup, undo, UPDATE } from './setup';

describe('undo a batch: the account back to exactly its state before', () => {
  it('undoes an update batch, then the import batch, every field of every document compared through the API', async () => {
    const { sb, services, connection, userDataDir } = await setup();
    const beforeImport = await accountSnapshot(sb);

    const imported = await importSheet(services, connection, FIRST, 'skip');
    // The editor renames Alice's second phone after the import: a change the import's undo must leave alone.
    const edited = sb.state.devices().find((device) => device['mac_address'] === '001565410111')!;
    value(await services.devices.save(connection, { id: String(edited['_id']), fields: { name: 'Reception' } }));
    const beforeUpdate = await accountSnapshot(sb);

    const updated = await importSheet(services, connection, UPDATE, 'update');
    expect(await accountSnapshot(sb)).not.toEqual(beforeUpdate);

    const undoUpdate = await undo(services, connection, updated);
    expect(undoUpdate.plan.counts).toMatchObject({ delete: 0, recreate: 0, conflicts: 0 });
    // The plan crosses IPC: neither Carla's SIP password now nor the one it gets back is in it.
    const carlas = Object.values(beforeUpdate.devices).find((device) => (device as { name: string }).name === 'Carla Costa T46U');
    const carlasPassword = (carlas as { sip: { password: string } }).sip.password;
    expect(carlasPassword).toMatch(/.{12,}/);
    expect(JSON.stringify(undoUpdate.plan)).not.toContain(carlasPassword);
    expect(JSON.stringify(undoUpdate.plan)).not.toContain('Sheet-Pass-4103-xyz');
    // Nor is the one put back in the undo's journal in clear: it stays sealed there, as in the update's before-image.
    expect(readFileSync(path.join(userDataDir, 'batches', `${undoUpdate.batchId}.jsonl`), 'utf8')).not.toContain(carlasPassword);
    // Per person, last made first: Alice's user; Bob's extension, voicemail box, then user; Carla's phone.
    expect(
      undoUpdate.plan.items.map((item) => [
        item.resource,
        item.action,
        item.fields.map((field) => `${field.path}: ${field.now} → ${field.back}`),
      ]),
    ).toEqual([
      ['user', 'restore', ['first_name: Alicia → Alice']],
      ['callflow', 'restore', ['numbers: ["4112"] → ["4102"]']],
      ['vmbox', 'restore', ['mailbox: 4112 → 4102']],
      ['user', 'restore', ['presence_id: 4112 → 4102', 'caller_id.internal.number: 4112 → 4102']],
      // Carla's SIP password is put back from the journal, where it is sealed; the plan shows only that it changes.
      ['device', 'restore', ['sip.password: null → changed']],
    ]);
    expect(undoUpdate.totals).toEqual({ restored: undoUpdate.plan.counts.restore, deleted: 0, recreated: 0, conflicts: 0, failed: 0 });
    expect(await accountSnapshot(sb)).toEqual(beforeUpdate);

    // Everything the import made goes, but the phone the editor changed since: a conflict, left alone and reported.
    const undoImport = await undo(services, connection, imported);
    const conflicts = undoImport.plan.items.filter((item) => item.conflict);
    expect(conflicts).toEqual([
      expect.objectContaining({
        resource: 'device',
        id: String(edited['_id']),
        action: 'delete',
        conflict: expect.objectContaining({ fields: ['name'] }),
      }),
    ]);
    expect(undoImport.totals).toEqual({ restored: 0, deleted: 12, recreated: 0, conflicts: 1, failed: 0 });
    const editedId = String(edited['_id']);
    expect(await accountSnapshot(sb)).toEqual({
      ...beforeImport,
      devices: { ...beforeImport.devices, [editedId]: beforeUpdate.devices[editedId] },
    });
    expect(services.imports.batches().find((batch) => batch.batchId === imported)?.undoneBy).toEqual([undoImport.batchId]);

    // Ticked, the conflict goes too: the account is as it was before the import.
    const again = await undo(services, connection, imported, true);
    expect(again.plan.items.filter((item) => item.action !== 'nothing').map((item) => item.id)).toEqual([editedId]);
    expect(again.totals).toEqual({ restored: 0, deleted: 1, recreated: 0, conflicts: 0, failed: 0 });
    expect(await accountSnapshot(sb)).toEqual(beforeImport);
  });
});

describe('undo of an undo', () => {
  it('re-creates what the undo deleted, under new ids (KAZOO keeps a deleted id), each document as it was and naming the re-created ones', async () => {
    const { sb, services, connection } = await setup();
    const imported = await importSheet(services, connection, FIRST, 'skip');
    const beforeUndo = await accountSnapshot(sb);
    const undoImport = await undo(services, connection, imported);
    expect(undoImport.totals).toMatchObject({ deleted: 13, failed: 0 });

    const redo = await undo(services, connection, undoImport.batchId);
    expect(redo.plan.items.map((item) => item.action)).toEqual(Array(13).fill('recreate'));
    expect(redo.totals).toEqual({ restored: 0, deleted: 0, recreated: 13, conflicts: 0, failed: 0 });

    // Each document is back under a new id; with the new ids read as the old ones, the account is as it was.
    const { rows } = value(services.imports.results(redo.batchId));
    const newIds = rows.flatMap((row) => row.resources.map((resource) => resource.id!));
    const oldIds = redo.plan.items.map((item) => item.id);
    expect(newIds).toHaveLength(13);
    let text = JSON.stringify(await accountSnapshot(sb));
    newIds.forEach((id, index) => (text = text.replaceAll(id, oldIds[index]!)));
    expect(JSON.parse(text)).toEqual(beforeUndo);
    // And what they name (a phone's owner, a box's owner, the user and box an extension rings) is the re-created document.
    const live = new Set(newIds);
    for (const device of sb.state.devices()) expect(live.has(String(device['owner_id']))).toBe(true);
    for (const box of sb.state.vmboxes()) expect(live.has(String(box['owner_id']))).toBe(true);
    for (const callflow of sb.state.callflows())
      expect(live.has(String((callflow['flow'] as { data: { id: string } }).data.id))).toBe(true);
  });
});
