import type { DeviceSummary } from '../../common/devices';
import type {
  BulkAction,
  BulkResult,
  DeviceDetail,
  DeviceSaveResult,
  DevicesSnapshot,
  PhoneActionOutcome,
} from '../../common/devices-view';
import { fail, ok, type Result } from '../../common/ipc/result';
import type { RegistrationState } from '../../common/registrations';
import type { KazooClient } from '../api/client';
import { listDevices } from '../api/devices';
import { deviceRegistered } from '../api/registrations';
import { listUsers } from '../api/users';
import type { ClientRegistry } from '../profiles/client-registry';
import type { ConnectionService } from '../profiles/connection-service';
import type { ProfileStore } from '../profiles/profile-store';
import { runBulk } from './bulk';
import { DevicesCache, type ListEntry } from './cache';
import { readDevice, withoutPassword } from './device-revision';
import { duplicateDevice } from './duplicate';
import { exportDevices, type DevicesExport } from './export';
import { callFromPhone, resyncPhone } from './phone';
import { saveDevice, type SaveContext, type SaveInput } from './save';
import { snapshotOf } from './snapshot';

const QUICKCALL_SETTING = 'devices.quickcallNumber';

export interface DevicesServiceDeps {
  connections: ConnectionService;
  clients: ClientRegistry;
  profiles: ProfileStore;
  /** Called after every successful write, so views of that connection refresh. */
  onChanged: (connectionId: string) => void;
  /** Each device's registration state where the Live poller runs for that connection, else null. */
  registrationStates: (connectionId: string) => ReadonlyMap<string, RegistrationState> | null;
  now?: () => Date;
}

export interface DevicesService {
  list(input: { refresh: boolean }): Promise<Result<DevicesSnapshot>>;
  get(id: string): Promise<Result<DeviceDetail>>;
  revealPassword(id: string): Promise<Result<{ password: string | null }>>;
  save(input: SaveInput): Promise<Result<DeviceSaveResult>>;
  duplicate(input: { id: string; name: string }): Promise<Result<{ id: string }>>;
  bulk(input: { ids: string[]; action: BulkAction; ownerId?: string | null; confirm?: boolean }): Promise<Result<BulkResult>>;
  sync(input: { id: string; reboot: boolean }): Promise<Result<PhoneActionOutcome>>;
  quickcall(input: { id: string; number: string }): Promise<Result<PhoneActionOutcome>>;
  quickcallNumber(): Promise<Result<{ number: string | null }>>;
  registration(id: string): Promise<Result<{ registered: boolean; checkedAt: string }>>;
  export(input: { ids?: string[]; includePasswords: boolean }): Promise<Result<DevicesExport>>;
}

/** The devices view's backend: every call works on the active connection through its shared, paced client. */
export function createDevicesService(deps: DevicesServiceDeps): DevicesService {
  const now = deps.now ?? (() => new Date());
  const cache = new DevicesCache();

  const session = async (): Promise<Result<SaveContext>> => {
    const profile = await deps.connections.active();
    if (!profile.ok) return profile;
    const client = await deps.clients.clientFor(profile.value);
    return client.ok ? ok({ client: client.value, connectionId: profile.value.id, cache }) : client;
  };

  const changed = (connectionId: string) => {
    cache.invalidateList(connectionId);
    deps.onChanged(connectionId);
  };

  const fetchList = async (client: KazooClient, connectionId: string, refresh: boolean): Promise<Result<ListEntry>> => {
    const cached = cache.list(connectionId);
    if (cached && !refresh) return ok(cached);
    const [devices, users] = await Promise.all([listDevices(client), listUsers(client)]);
    if (!devices.ok) return devices;
    if (!users.ok) return users;
    const entry: ListEntry = { devices: devices.value, users: users.value, fetchedAt: now().toISOString() };
    cache.setList(connectionId, entry);
    return ok(entry);
  };

  const nameOf = (connectionId: string): ((id: string) => string) => {
    const names = new Map((cache.list(connectionId)?.devices ?? []).map((device) => [device.id, device.name]));
    return (id) => names.get(id) ?? id;
  };

  const read = async (id: string) => {
    const context = await session();
    if (!context.ok) return context;
    const device = await readDevice(context.value.client, id);
    if (!device.ok) return device;
    cache.setDocument(context.value.connectionId, id, device.value);
    return device;
  };

  return {
    async list({ refresh }) {
      const context = await session();
      if (!context.ok) return context;
      const { client, connectionId } = context.value;
      const list = await fetchList(client, connectionId, refresh);
      if (!list.ok) return list;
      return ok(
        snapshotOf(connectionId, list.value, (id) => cache.document(connectionId, id)?.document, deps.registrationStates(connectionId)),
      );
    },

    async get(id) {
      const device = await read(id);
      if (!device.ok) return device;
      const { document, revision } = device.value;
      return ok({ document: withoutPassword(document), revision, hasPassword: typeof document.sip?.password === 'string' });
    },

    async revealPassword(id) {
      const device = await read(id);
      return device.ok ? ok({ password: device.value.document.sip?.password ?? null }) : device;
    },

    async save(input) {
      const context = await session();
      if (!context.ok) return context;
      const saved = await saveDevice(context.value, input);
      if (saved.ok && saved.value.outcome === 'saved' && (saved.value.created || saved.value.changedFields.length > 0)) {
        changed(context.value.connectionId);
      }
      return saved;
    },

    async duplicate({ id, name }) {
      const context = await session();
      if (!context.ok) return context;
      const created = await duplicateDevice(context.value, id, name);
      if (created.ok) changed(context.value.connectionId);
      return created;
    },

    async bulk({ ids, action, ownerId, confirm }) {
      if (action === 'delete' && confirm !== true) {
        return fail('invalid_request', 'Deleting devices needs a confirmation: ask the user, then send confirm: true.');
      }
      if (action === 'set_owner' && ownerId === undefined) return fail('invalid_request', 'Choose the new owner (or none) for set_owner.');
      const context = await session();
      if (!context.ok) return context;
      const { client, connectionId } = context.value;
      const name = nameOf(connectionId);
      const targets = [...new Set(ids)].map((id) => ({ id, name: name(id) }));
      const result = await runBulk(client, targets, action, ownerId ?? null);
      for (const item of result.results) if (item.ok) cache.forgetDocument(connectionId, item.id);
      if (result.counts.ok > 0 && action !== 'reboot') changed(connectionId);
      return ok(result);
    },

    async sync({ id, reboot }) {
      const context = await session();
      return context.ok ? resyncPhone(context.value.client, id, reboot) : context;
    },

    async quickcall({ id, number }) {
      const context = await session();
      if (!context.ok) return context;
      // Remembered before the call: a technician testing a row of phones dials the same number each time.
      await deps.profiles.setSetting(context.value.connectionId, QUICKCALL_SETTING, number);
      return callFromPhone(context.value.client, id, number);
    },

    async quickcallNumber() {
      const profile = await deps.connections.active();
      if (!profile.ok) return profile;
      const saved = await deps.profiles.getSetting(profile.value.id, QUICKCALL_SETTING);
      return ok({ number: typeof saved === 'string' ? saved : null });
    },

    async registration(id) {
      const context = await session();
      if (!context.ok) return context;
      const registered = await deviceRegistered(context.value.client, id);
      return registered.ok ? ok({ registered: registered.value, checkedAt: now().toISOString() }) : registered;
    },

    async export({ ids, includePasswords }) {
      const context = await session();
      if (!context.ok) return context;
      const { client, connectionId } = context.value;
      const list = await fetchList(client, connectionId, false);
      if (!list.ok) return list;
      const byId = new Map(list.value.devices.map((device) => [device.id, device]));
      // An id the cached list does not know (created since) is still exported; its name comes from its document.
      const devices: DeviceSummary[] = ids
        ? [...new Set(ids)].map(
            (id) => byId.get(id) ?? { id, name: id, deviceType: '', enabled: true, ownerId: null, sipUsername: null, macAddress: null },
          )
        : list.value.devices;
      return ok(
        await exportDevices(client, {
          devices,
          users: list.value.users,
          includePasswords,
          now: now(),
          onRead: (device) => cache.setDocument(connectionId, device.document.id, device),
        }),
      );
    },
  };
}
