import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY } from '../../../main/api/retry';
import { putOnAccount } from '../../support/account-setup';
import { value } from '../../support/value';
import { FIRST, HEADER, importSheet, setup } from './setup';

const phone = (name: string, index: number) => ({
  name,
  device_type: 'sip_device',
  mac_address: `001565ee000${index}`,
  sip: { username: `reception_${index}`, password: `Reception-2026-${index}` },
});

const LEFT_POINTING = 'Those will point at nothing; change them after the undo.';

describe('undo plan: what outside the undo still names a document it deletes or re-creates', () => {
  it('a bulk delete of phones a hand-made callflow rings: each re-create notes that callflow, at any depth of its flow', async () => {
    const { sb, services, connection } = await setup();
    const reception1 = await putOnAccount(sb, 'devices', phone('Reception 1', 1));
    const reception2 = await putOnAccount(sb, 'devices', phone('Reception 2', 2));
    await putOnAccount(sb, 'callflows', {
      name: 'Front desk',
      numbers: ['4200'],
      flow: {
        module: 'ring_group',
        data: { endpoints: [{ id: reception1, endpoint_type: 'device' }] },
        children: { _: { module: 'device', data: { id: reception2 }, children: {} } },
      },
    });
    value(await services.devices.bulk(connection, { ids: [reception1, reception2], action: 'delete', confirm: true }));
    const batchId = services.imports.batches().find((batch) => batch.name === 'Delete 2 devices')!.batchId;

    const plan = value(await services.undo.plan(connection, batchId));
    expect(plan.items.map((item) => [item.action, item.name, item.note])).toEqual([
      ['recreate', 'Reception 1', `Still named by: extension 4200 (callflow “Front desk”). ${LEFT_POINTING}`],
      ['recreate', 'Reception 2', `Still named by: extension 4200 (callflow “Front desk”). ${LEFT_POINTING}`],
    ]);
  });

  it('an import whose new user an existing phone was moved to after it: the user delete notes that phone', async () => {
    const { sb, services, connection } = await setup();
    const lobby = await putOnAccount(sb, 'devices', phone('Lobby', 3));
    const imported = await importSheet(services, connection, [HEADER, 'Dora,Diaz,dora@undo.example,4301,00:15:65:43:01:01,T46U'], 'skip');
    const dora = String(sb.state.users().find((user) => user['email'] === 'dora@undo.example')!['_id']);
    value(await services.devices.save(connection, { id: lobby, fields: { owner_id: dora } }));

    const plan = value(await services.undo.plan(connection, imported));
    // Dora's own callflow, voicemail box and phone name her too, but go with her: only the Lobby phone is left pointing.
    expect(plan.items.map((item) => [item.resource, item.action, item.note])).toEqual([
      ['callflow', 'delete', null],
      ['device', 'delete', null],
      ['vmbox', 'delete', null],
      ['user', 'delete', `Still named by: phone “Lobby” (its owner). ${LEFT_POINTING}`],
    ]);
  });

  it('a person whose callflow and phones the same undo deletes: nothing is listed', async () => {
    const { services, connection } = await setup();
    const imported = await importSheet(services, connection, FIRST, 'skip');

    const plan = value(await services.undo.plan(connection, imported));
    expect(plan.counts.delete).toBe(plan.items.length);
    expect(plan.items.map((item) => item.note)).toEqual(plan.items.map(() => null));
  });

  it('when the callflows cannot be read, the plan still comes, and its notes say the references could not be checked', async () => {
    const { sb, services, connection } = await setup();
    const lobby = await putOnAccount(sb, 'devices', phone('Lobby', 4));
    value(await services.devices.bulk(connection, { ids: [lobby], action: 'delete', confirm: true }));
    const batchId = services.imports.batches().find((batch) => batch.name === 'Delete 1 device')!.batchId;
    // The listing fails every time the client sends it: the first time and each retry.
    sb.injectFault('unavailable', DEFAULT_RETRY.retries + 1, ({ method, path }) => method === 'GET' && /\/callflows(\?|$)/.test(path));

    const plan = value(await services.undo.plan(connection, batchId));
    expect(plan.items.map((item) => [item.action, item.name])).toEqual([['recreate', 'Lobby']]);
    expect(plan.items[0]!.note).toMatch(/^Could not check whether phones or callflows still name it: The server had a problem .+\.$/);
  });
});
