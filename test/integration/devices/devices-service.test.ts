import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceFields } from '../../../common/devices';
import type { DeviceListItem } from '../../../common/devices-view';
import type { ApiTransport } from '../../../common/ipc/api';
import { isRequestChannel } from '../../../common/ipc/channels';
import { requestSchemas } from '../../../common/ipc/contract';
import type { EventName, EventPayloads } from '../../../common/ipc/events';
import { saveSandboxConnection } from '../../support/sandbox-connection';
import { KazooClient } from '../../../main/api/client';

import { createLogger } from '../../../main/log';
import { ManualClock } from '../../support/manual-clock';
import { startSandbox, type Sandbox } from '../../../main/sandbox/server';
import { createMemoryStore } from '../../../main/secrets/memory-store';
import { createServices, type Services } from '../../../main/services';
import { createAudianApi } from '../../../preload/api';
import { defaultDeviceQuery, queryDevices } from '../../../renderer/src/features/devices/deviceQuery';
import { createDevicesStore } from '../../../renderer/src/store/createDevicesStore';
import { value } from '../../support/value';
import { deleteDocument, patchDocument } from '../../../main/api/documents';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** `clock` steps the services (the registrations poller among them) and the sandbox by hand. */
async function setup(clock?: ManualClock) {
  const sb = await startSandbox({
    rateLimit: false,
    demo: true,
    autoRegister: false,
    seed: 3,
    ...(clock ? { clock } : {}),
  });
  open.push(sb);
  const log = createLogger(() => {});
  const events: Array<{ event: EventName; payload: unknown }> = [];
  const listeners = new Set<(event: EventName, payload: unknown) => void>();
  const services: Services = createServices({
    host: 'cli',
    version: 'test',
    platform: 'linux',
    log,
    publish: <E extends EventName>(event: E, payload: EventPayloads[E]) => {
      events.push({ event, payload });
      for (const listener of listeners) listener(event, payload);
    },
    userDataDir: mkdtempSync(path.join(os.tmpdir(), 'devices-service-')),
    secrets: createMemoryStore(log, 'test'),
    ...(clock ? { clock } : {}),
  });
  open.push(services);
  const saved = await saveSandboxConnection(services, sb);
  // Someone else at the same account: another app, Monster UI, a colleague.
  const other = new KazooClient({
    baseUrl: sb.url,
    accountId: sb.account.id,
    credentials: { method: 'api_key', apiKey: sb.credentials.apiKey },
    log,
    rateLimit: null,
  });
  open.push(other);
  const handlers = services.handlers;
  const changes = () => events.filter((entry) => entry.event === 'devices:changed');
  /** The window's side of IPC in-process: requests parsed by the contract as main's router does, pushes as published. */
  const transport: ApiTransport = {
    invoke: (channel, input) => {
      if (!isRequestChannel(channel)) throw new Error(`unknown channel ${channel}`);
      return (handlers[channel] as (input: unknown) => Promise<unknown>)(requestSchemas[channel].parse(input));
    },
    subscribe: (event, listener) => {
      const forward = (published: EventName, payload: unknown) => published === event && listener(payload);
      listeners.add(forward);
      return () => listeners.delete(forward);
    },
  };
  return { sb, services, handlers, other, connectionId: saved.id, changes, transport };
}

/** The stored document (undefined once deleted, which the tests that delete check for). */
const stored = (sb: Sandbox, id: string) => sb.state.devices().find((doc) => doc['_id'] === id) as unknown as DeviceFields;
const byName = (sb: Sandbox, name: string) => {
  const doc = sb.state.devices().find((d) => d['name'] === name);
  if (!doc) throw new Error(`no device ${name}`);
  return String(doc['_id']);
};

describe('devices service', () => {
  it('lists every device with owner names, colon MACs and the users, from cache until refreshed', async () => {
    const { sb, handlers } = await setup();
    const first = value(await handlers['devices:list']({ refresh: false }));
    expect(first.devices).toHaveLength(sb.state.devices().length);
    const desk = first.devices.find((device) => device.name === 'Front Desk 1');
    expect(desk).toMatchObject({
      ownerName: 'Tom Becker',
      macAddress: expect.stringMatching(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/),
      // The device list has no caller ID: the extension is the number of Tom's callflow.
      extension: '103',
      extensionSource: 'owner_callflow',
      // Nothing polls registrations yet.
      registration: null,
    });
    // A shared phone no one owns: the callflow that rings it names its number.
    expect(first.devices.find((device) => device.name === 'Hygiene Room 1')).toMatchObject({
      extension: '110',
      extensionSource: 'device_callflow',
    });
    expect(first.devices.find((device) => device.name === 'Break Room')).toMatchObject({ extension: null, extensionSource: null });
    expect(first.users.map((user) => user.name)).toContain('Priya Raman');
    expect(first.users[0]).toEqual({
      id: expect.any(String),
      name: expect.any(String),
      username: expect.any(String),
      email: expect.any(String),
    });

    const requests = sb.state.stats().requests;
    const cached = value(await handlers['devices:list']({ refresh: false }));
    expect(cached.fetchedAt).toBe(first.fetchedAt);
    expect(sb.state.stats().requests).toBe(requests);
    value(await handlers['devices:list']({ refresh: true }));
    expect(sb.state.stats().requests).toBeGreaterThan(requests);
  });

  it('fills every extension from one listing of callflows, reading a callflow only when it is new or changed', async () => {
    const { sb, handlers, other } = await setup();
    value(await handlers['devices:list']({ refresh: false }));
    const requests = () => sb.state.stats().requests;
    let before = requests();
    value(await handlers['devices:list']({ refresh: true }));
    // Devices, users and callflows: nothing per device, and the callflows ringing devices were read once already.
    expect(requests() - before).toBe(3);

    const id = byName(sb, 'Break Room');
    expect(
      (await other.account('PUT', '/callflows', { body: { data: { numbers: ['130'], flow: { module: 'device', data: { id } } } } })).ok,
    ).toBe(true);
    before = requests();
    const list = value(await handlers['devices:list']({ refresh: true }));
    expect(requests() - before).toBe(4);
    expect(list.devices.find((device) => device.id === id)).toMatchObject({ extension: '130', extensionSource: 'device_callflow' });
    expect(queryDevices(list.devices, { ...defaultDeviceQuery, search: '130' }).map((device) => device.name)).toEqual(['Break Room']);
    expect(queryDevices(list.devices, { ...defaultDeviceQuery, sort: 'extension' }).map((device) => device.extension)).toEqual([
      '100',
      '101',
      '102',
      '103',
      '104',
      '105',
      '110',
      '130',
      '190',
    ]);
  });

  it("a callflow ringing the device or its owner wins over the device's own caller ID number, which wins over the owner's presence ID", async () => {
    const { sb, handlers, other } = await setup();
    const id = byName(sb, 'Front Desk 1');
    const detail = value(await handlers['devices:get']({ id }));
    value(
      await handlers['devices:save']({ id, baseRevision: detail.revision ?? undefined, fields: { caller_id_internal_number: '1103' } }),
    );
    const extensionOf = async () => {
      const list = value(await handlers['devices:list']({ refresh: true }));
      const device = list.devices.find((item) => item.id === id)!;
      return { extension: device.extension, extensionSource: device.extensionSource };
    };
    expect(await extensionOf()).toEqual({ extension: '103', extensionSource: 'owner_callflow' });

    const ownCallflow = await other.account<{ id: string }>('PUT', '/callflows', {
      body: { data: { numbers: ['+12125550103', '3103'], flow: { module: 'device', data: { id } } } },
    });
    expect(await extensionOf()).toEqual({ extension: '3103', extensionSource: 'device_callflow' });
    const search = queryDevices(value(await handlers['devices:list']({ refresh: false })).devices, {
      ...defaultDeviceQuery,
      search: '3103',
    });
    expect(search.map((device) => device.name)).toEqual(['Front Desk 1']);

    const owners = await other.account<Array<{ id: string }>>('GET', '/callflows', {
      query: { filter_owner_id: String(stored(sb, id).owner_id) },
    });
    for (const callflow of [
      ...(owners.ok ? owners.value.envelope.data : []),
      ...(ownCallflow.ok ? [ownCallflow.value.envelope.data] : []),
    ]) {
      expect((await other.account('DELETE', `/callflows/${callflow.id}`)).ok).toBe(true);
    }
    expect(await extensionOf()).toEqual({ extension: '1103', extensionSource: 'device' });
  });

  it('shows registration states while Live polls, and the store follows the poller row by row', async () => {
    const clock = new ManualClock(Date.now());
    const { sb, handlers, transport } = await setup(clock);
    const username = (name: string) => String(stored(sb, byName(sb, name)).sip?.username);
    const stateOf = (devices: readonly DeviceListItem[], name: string) => devices.find((device) => device.name === name)?.registration;
    sb.phones.register(username('Front Desk 1'), {});

    const store = createDevicesStore(createAudianApi(transport));
    await store.getState().load(false);
    expect(store.getState().snapshot?.devices.every((device) => device.registration === null)).toBe(true);

    value(await handlers['registrations:watch']({}));
    await store.getState().load(false);
    const polled = store.getState().snapshot!.devices;
    expect(stateOf(polled, 'Front Desk 1')).toBe('registered');
    expect(stateOf(polled, 'Front Desk 2')).toBe('not_registered');
    expect(stateOf(polled, 'Break Room')).toBe('disabled');

    sb.phones.register(username('Front Desk 2'), {});
    await clock.step();
    const pushed = store.getState().snapshot!.devices;
    expect(stateOf(pushed, 'Front Desk 2')).toBe('registered');
    // Rows the push did not name keep their identity, so the table's per-row work is not redone.
    expect(pushed.find((device) => device.name === 'Billing')).toBe(polled.find((device) => device.name === 'Billing'));
    const registered = queryDevices(pushed, { ...defaultDeviceQuery, registered: 'registered' });
    expect(registered.map((device) => device.name)).toEqual(['Front Desk 1', 'Front Desk 2']);

    value(await handlers['registrations:unwatch']({}));
    const unpolled = value(await handlers['devices:list']({ refresh: false }));
    expect(unpolled.devices.every((device) => device.registration === null)).toBe(true);
  });

  it('opens a device without its SIP password; revealing returns it', async () => {
    const { sb, handlers } = await setup();
    const id = byName(sb, 'Billing');
    const detail = value(await handlers['devices:get']({ id }));
    expect(detail.document.name).toBe('Billing');
    expect(detail.document.sip).toBeDefined();
    expect(detail.document.sip?.password).toBeUndefined();
    expect(JSON.stringify(detail)).not.toContain(String(stored(sb, id).sip?.password));
    expect(detail.hasPassword).toBe(true);
    expect(detail.revision).toMatch(/^\d+-/);
    expect(value(await handlers['devices:revealPassword']({ id }))).toEqual({ password: stored(sb, id).sip?.password });
  });

  it('saves only the changed fields and leaves everything else on the device alone', async () => {
    const { sb, handlers, other, changes } = await setup();
    const id = byName(sb, 'Break Room');
    value(await patchDocument(other, 'devices', id, { custom_notes: 'set in another tool' }));
    const before = stored(sb, id);
    const detail = value(await handlers['devices:get']({ id }));
    const saved = value(
      await handlers['devices:save']({
        id,
        baseRevision: detail.revision ?? undefined,
        fields: {
          name: 'Break Room',
          enabled: false,
          caller_id_internal_number: '201',
          mac_address: String(before.mac_address).toUpperCase(),
        },
      }),
    );
    expect(saved).toMatchObject({ outcome: 'saved', changedFields: ['caller_id_internal_number'], revision: expect.any(String) });
    const after = stored(sb, id);
    expect(after).toMatchObject({ custom_notes: 'set in another tool', caller_id: { internal: { number: '201' } } });
    expect(after.sip).toEqual(before.sip);
    expect(after.provision).toEqual(before.provision);
    expect(changes()).toHaveLength(1);
    // The list reads again after a write, and shows the extension now that the document was read (no callflow rings this phone).
    const list = value(await handlers['devices:list']({ refresh: false }));
    expect(list.devices.find((device) => device.id === id)).toMatchObject({ extension: '201', extensionSource: 'device' });

    const cleared = value(
      await handlers['devices:save']({ id, baseRevision: saved.revision ?? undefined, fields: { caller_id_internal_number: '' } }),
    );
    expect(cleared).toMatchObject({ outcome: 'saved', changedFields: ['caller_id_internal_number'] });
    expect(stored(sb, id).caller_id?.internal?.number).toBeUndefined();
  });

  it('refuses an invalid MAC with a field error before sending anything', async () => {
    const { sb, handlers } = await setup();
    const id = byName(sb, 'Billing');
    const requests = sb.state.stats().requests;
    const saved = await handlers['devices:save']({ id, fields: { mac_address: '1.565E+09', sip_password: 'abc' } });
    expect(saved.ok).toBe(false);
    if (saved.ok) return;
    expect(saved.error.kind).toBe('validation');
    expect(saved.error.fields?.map((field) => field.path).sort()).toEqual(['mac_address', 'sip_password']);
    expect(saved.error.fields?.find((field) => field.path === 'mac_address')?.message).toMatch(/Excel/);
    expect(sb.state.stats().requests).toBe(requests);
  });

  it('reports what someone else changed meanwhile, and saves over it only when forced', async () => {
    const { sb, handlers, other } = await setup();
    const id = byName(sb, 'Front Desk 2');
    const detail = value(await handlers['devices:get']({ id }));
    value(await patchDocument(other, 'devices', id, { name: 'Front Desk 2 (moved)', enabled: false }));
    const attempt = value(
      await handlers['devices:save']({ id, baseRevision: detail.revision ?? undefined, fields: { name: 'Reception 2', enabled: true } }),
    );
    expect(attempt.outcome).toBe('conflict');
    if (attempt.outcome !== 'conflict') return;
    expect(attempt.changes).toEqual([
      { field: 'name', yours: 'Reception 2', theirs: 'Front Desk 2 (moved)' },
      { field: 'enabled', yours: 'true', theirs: 'false' },
    ]);
    expect(stored(sb, id).name).toBe('Front Desk 2 (moved)');

    const forced = value(
      await handlers['devices:save']({
        id,
        baseRevision: detail.revision ?? undefined,
        force: true,
        fields: { name: 'Reception 2', enabled: true },
      }),
    );
    expect(forced).toMatchObject({ outcome: 'saved', changedFields: ['name', 'enabled'] });
    expect(stored(sb, id)).toMatchObject({ name: 'Reception 2', enabled: true });
  });

  it('saves without asking when only fields the editor does not show changed meanwhile; a type change is refused', async () => {
    const { sb, handlers, other } = await setup();
    const id = byName(sb, 'Front Desk 1');
    const detail = value(await handlers['devices:get']({ id }));
    value(await patchDocument(other, 'devices', id, { custom_notes: 'rack 3' }));
    const saved = value(
      await handlers['devices:save']({ id, baseRevision: detail.revision ?? undefined, fields: { name: 'Reception 1' } }),
    );
    expect(saved).toMatchObject({ outcome: 'saved', changedFields: ['name'] });
    expect(stored(sb, id)).toMatchObject({ name: 'Reception 1', custom_notes: 'rack 3' });
    const retyped = await handlers['devices:save']({ id, fields: { device_type: 'softphone' } });
    expect(retyped.ok === false && retyped.error.fields?.[0]?.path).toBe('device_type');
  });

  it('says clearly when the device was deleted underneath the editor', async () => {
    const { sb, handlers, other } = await setup();
    const id = byName(sb, 'Break Room');
    const detail = value(await handlers['devices:get']({ id }));
    value(await deleteDocument(other, 'devices', id));
    const saved = await handlers['devices:save']({ id, baseRevision: detail.revision ?? undefined, fields: { name: 'Kitchen' } });
    expect(saved.ok).toBe(false);
    if (saved.ok) return;
    expect(saved.error).toMatchObject({ kind: 'not_found', message: expect.stringMatching(/deleted/) });
  });

  it('creates a device with generated SIP credentials, and a server field error comes back on its field', async () => {
    const { sb, handlers } = await setup();
    const created = value(
      await handlers['devices:save']({ fields: { name: 'Lab Phone', device_type: 'sip_device', mac_address: '00-15-65-12-34-56' } }),
    );
    expect(created).toMatchObject({ outcome: 'saved', created: true });
    expect(stored(sb, created.id)).toMatchObject({
      name: 'Lab Phone',
      mac_address: '001565123456',
      sip: { username: expect.stringMatching(/^user_/), password: expect.stringMatching(/^.{20}$/) },
    });
    const taken = await handlers['devices:save']({ fields: { name: 'Lab Phone 2', mac_address: '001565123456' } });
    expect(taken.ok).toBe(false);
    if (taken.ok) return;
    expect(taken.error.kind).toBe('validation');
    expect(taken.error.fields?.[0]?.path).toBe('mac_address');
  });

  it('duplicates a device with a new name, new SIP credentials and no MAC', async () => {
    const { sb, handlers } = await setup();
    const id = byName(sb, 'Dr. Oyelaran Office');
    const copy = value(await handlers['devices:duplicate']({ id, name: 'Dr. Oyelaran Office 2' }));
    const source = stored(sb, id);
    const twin = stored(sb, copy.id);
    expect(twin).toMatchObject({
      name: 'Dr. Oyelaran Office 2',
      provision: source.provision,
      owner_id: source.owner_id,
      device_type: 'sip_device',
    });
    expect(twin.mac_address ?? '').toBe('');
    expect(twin.sip?.username).not.toBe(source.sip?.username);
    expect(twin.sip?.password).not.toBe(source.sip?.password);
  });

  it('disables three devices in bulk and deletes only with confirmation', async () => {
    const { sb, handlers, changes } = await setup();
    value(await handlers['devices:list']({ refresh: false }));
    const ids = ['Front Desk 1', 'Front Desk 2', 'Billing'].map((name) => byName(sb, name));
    const disabled = value(await handlers['devices:bulk']({ ids, action: 'disable' }));
    expect(disabled.counts).toEqual({ ok: 3, failed: 0 });
    expect(disabled.results.map((item) => item.name)).toEqual(['Front Desk 1', 'Front Desk 2', 'Billing']);
    expect(ids.map((id) => stored(sb, id).enabled)).toEqual([false, false, false]);

    const refused = await handlers['devices:bulk']({ ids, action: 'delete' });
    expect(refused.ok === false && refused.error.kind).toBe('invalid_request');
    expect(ids.every((id) => stored(sb, id))).toBe(true);
    const deleted = value(await handlers['devices:bulk']({ ids: [...ids, 'f'.repeat(32)], action: 'delete', confirm: true }));
    expect(deleted.counts).toEqual({ ok: 4, failed: 0 });
    expect(ids.map((id) => stored(sb, id))).toEqual([undefined, undefined, undefined]);
    expect(changes()).toHaveLength(2);

    const owner = value(await handlers['devices:list']({ refresh: false })).users[0]!;
    const hygiene = byName(sb, 'Hygiene Room 1');
    const owned = value(await handlers['devices:bulk']({ ids: [hygiene, 'e'.repeat(32)], action: 'set_owner', ownerId: owner.id }));
    expect(owned.counts).toEqual({ ok: 1, failed: 1 });
    expect(owned.results[1]?.message).toMatch(/no longer exists/);
    expect(stored(sb, hygiene).owner_id).toBe(owner.id);
  });

  it('asks phones to resync or reboot, and remembers the quickcall number per connection', async () => {
    const { sb, handlers } = await setup();
    const id = byName(sb, 'Billing');
    expect(value(await handlers['devices:sync']({ id, reboot: false })).message).toMatch(/read its settings/);
    expect(value(await handlers['devices:sync']({ id, reboot: true })).message).toMatch(/restart/);
    value(await handlers['devices:bulk']({ ids: [byName(sb, 'Front Desk 1')], action: 'reboot' }));
    expect(value(await handlers['devices:quickcallNumber']({}))).toEqual({ number: null });
    expect(value(await handlers['devices:quickcall']({ id, number: '+15125550100' })).message).toMatch(/\+15125550100/);
    expect(value(await handlers['devices:quickcallNumber']({}))).toEqual({ number: '+15125550100' });
    expect(sb.state.actions().map(({ kind, deviceId, reboot, number }) => ({ kind, deviceId, reboot, number }))).toEqual([
      { kind: 'sync', deviceId: id, reboot: false, number: undefined },
      { kind: 'sync', deviceId: id, reboot: true, number: undefined },
      { kind: 'sync', deviceId: byName(sb, 'Front Desk 1'), reboot: true, number: undefined },
      { kind: 'quickcall', deviceId: id, reboot: undefined, number: '+15125550100' },
    ]);
    const gone = await handlers['devices:sync']({ id: 'a'.repeat(32), reboot: false });
    expect(gone.ok === false && gone.error.kind).toBe('not_found');
  });

  it('a 404 on a phone-action route of a device that exists is "not offered"; "no longer exists" only when the device is gone too', async () => {
    const { sb, handlers, other } = await setup();
    const id = byName(sb, 'Billing');
    sb.configure({ phoneActions: false });
    const call = await handlers['devices:quickcall']({ id, number: '+15125550100' });
    expect(call).toMatchObject({ ok: false, error: { kind: 'unsupported', message: expect.stringMatching(/does not offer test calls/) } });
    const sync = await handlers['devices:sync']({ id, reboot: true });
    expect(sync).toMatchObject({ ok: false, error: { kind: 'unsupported', message: expect.stringMatching(/does not offer restarting/) } });
    const bulk = value(await handlers['devices:bulk']({ ids: [id], action: 'reboot' }));
    expect(bulk.results[0]?.message).toMatch(/does not offer restarting/);

    value(await deleteDocument(other, 'devices', id));
    const gone = await handlers['devices:quickcall']({ id, number: '+15125550100' });
    expect(gone).toMatchObject({ ok: false, error: { kind: 'not_found', message: 'This device no longer exists on the server.' } });
    expect(sb.state.actions()).toEqual([]);
  });

  it("checks one phone's registration with Audian's per-device status, and with the account's where the server has none", async () => {
    const { sb, handlers } = await setup();
    const id = byName(sb, 'Billing');
    const username = String((stored(sb, id).sip as { username: string }).username);
    sb.phones.unregister(username);
    expect(value(await handlers['devices:registration']({ id })).state).toBe('not_registered');
    sb.phones.register(username);
    expect(value(await handlers['devices:registration']({ id })).state).toBe('registered');
    sb.configure({ perDeviceStatus: false });
    expect(value(await handlers['devices:registration']({ id })).state).toBe('registered');
    sb.phones.unregister(username);
    expect(value(await handlers['devices:registration']({ id })).state).toBe('not_registered');
  });

  it('exports in the import columns, and importing the file with "update" changes nothing', async () => {
    const { sb, handlers } = await setup();
    const before = sb.state.devices();
    const exported = value(await handlers['devices:export']({ includePasswords: false }));
    expect(exported.fileName).toMatch(/^devices-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(exported.omitted).toEqual([]);
    const lines = exported.csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe(
      'name,device_type,owner,sip_username,sip_password,mac_address,caller_id_internal_number,caller_id_internal_name,caller_id_external_number,caller_id_external_name,enabled,call_forward_number,brand,family,model,extension',
    );
    // Every device's extension, as the list shows it, though no document carries one.
    expect(lines.find((line) => line.startsWith('Hygiene Room 1,'))).toMatch(/,110$/);
    expect(lines.find((line) => line.startsWith('Front Desk 1,'))).toMatch(/,103$/);
    expect(lines).toHaveLength(before.length + 2);
    expect(exported.csv).toContain("'+16175550142");
    for (const doc of before)
      expect(exported.csv).not.toContain(String((doc['sip'] as { password?: string } | undefined)?.password ?? '\0'));

    const draft = value(await handlers['import:load']({ fileName: exported.fileName, contentBase64: base64(exported.csv) }));
    expect(draft.issues.filter((issue) => issue.severity === 'error')).toEqual([]);
    const plan = value(
      await handlers['import:plan']({ draftId: draft.id, match: 'sip_username', onExisting: 'update', onExistingPerson: 'skip' }),
    );
    expect(plan.counts).toEqual({ create: 0, update: 0, delete: 0, skip: before.length, error: 0 });

    const withPasswords = value(await handlers['devices:export']({ ids: [byName(sb, 'Billing')], includePasswords: true }));
    expect(withPasswords.csv).toContain(String(stored(sb, byName(sb, 'Billing')).sip?.password));
    const again = value(await handlers['import:load']({ fileName: 'billing.csv', contentBase64: base64(withPasswords.csv) }));
    const replan = value(
      await handlers['import:plan']({ draftId: again.id, match: 'mac', onExisting: 'update', onExistingPerson: 'skip' }),
    );
    expect(replan.counts).toEqual({ create: 0, update: 0, delete: 0, skip: 1, error: 0 });
  });

  it('neutralises formulas in exported names', async () => {
    const { sb, handlers, other } = await setup();
    const id = byName(sb, 'Billing');
    value(await patchDocument(other, 'devices', id, { name: '=HYPERLINK("http://x","y")' }));
    const exported = value(await handlers['devices:export']({ ids: [id], includePasswords: false }));
    expect(exported.csv).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
  });
});
