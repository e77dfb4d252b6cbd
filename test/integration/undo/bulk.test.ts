import { describe, expect, it } from 'vitest';
import { accountSnapshot } from '../../support/account-setup';
import { value } from '../../support/value';
import { setup, undo } from './setup';

describe('undo of bulk actions', () => {
  it('a bulk delete is undone by re-creating each phone as it was (SIP password included); a bulk disable by enabling them again', async () => {
    const { sb, services, connection } = await setup({ demo: true });
    const idOf = (name: string) => String(sb.state.devices().find((device) => device['name'] === name)!['_id']);
    const [frontDesk, billing] = [idOf('Front Desk 1'), idOf('Billing')];
    const beforeBulk = await accountSnapshot(sb);

    value(await services.devices.bulk(connection, { ids: [frontDesk, billing], action: 'disable' }));
    const beforeDelete = await accountSnapshot(sb);
    value(await services.devices.bulk(connection, { ids: [billing], action: 'delete', confirm: true }));
    const batchNamed = (name: string) => services.imports.batches().find((batch) => batch.name === name)!.batchId;

    const undoDelete = await undo(services, connection, batchNamed('Delete 1 device'));
    expect(undoDelete.plan.items.map((item) => [item.action, item.id, item.name])).toEqual([['recreate', billing, 'Billing']]);
    expect(undoDelete.totals).toEqual({ restored: 0, deleted: 0, recreated: 1, conflicts: 0, failed: 0 });
    // Back under a new id (the server keeps the deleted one), every field as it was.
    const billingNow = idOf('Billing');
    expect(billingNow).not.toBe(billing);
    const withOldId = (text: string) => JSON.parse(text.replaceAll(billingNow, billing)) as unknown;
    expect(withOldId(JSON.stringify(await accountSnapshot(sb)))).toEqual(beforeDelete);

    // The disable named the deleted id; the re-created phone is another document now, so only Front Desk 1 is enabled again.
    const undoDisable = await undo(services, connection, batchNamed('Disable 2 devices'));
    expect(
      undoDisable.plan.items.map((item) => [
        item.action,
        item.id,
        item.fields.map((field) => `${field.path}: ${field.now} → ${field.back}`),
        item.note,
      ]),
    ).toEqual([
      ['restore', frontDesk, ['enabled: false → true'], null],
      ['nothing', billing, [], 'Deleted since the batch: there is nothing to put back.'],
    ]);
    expect(undoDisable.totals).toEqual({ restored: 1, deleted: 0, recreated: 0, conflicts: 0, failed: 0 });
    const after = withOldId(JSON.stringify(await accountSnapshot(sb))) as typeof beforeBulk;
    expect(after).toEqual({ ...beforeBulk, devices: { ...beforeBulk.devices, [billing]: beforeDelete.devices[billing] } });
  });
});
