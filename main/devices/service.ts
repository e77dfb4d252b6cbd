import type { DeviceDocument, DeviceSummary } from '../../common/devices';
import type {
  BulkAction,
  BulkResult,
  DeviceDetail,
  DeviceSaveResult,
  DevicesSnapshot,
  PhoneActionOutcome,
} from '../../common/devices-view';
import { fail, ok, type Result } from '../../common/ipc/result';
import type { DeviceRegistration, RegistrationState } from '../../common/registrations';
import { listCallflows } from '../api/callflows';
import type { RequestOptions } from '../api/client';
import type { AuditSink } from '../audit/audit-sink';
import { audited } from '../audit/audited';
import { deviceFilterQuery, listDevices } from '../api/devices';
import { deviceState } from '../api/registrations';
import { listUsers } from '../api/users';
import type { Connection } from '../profiles/connection';
import type { ProfileStore } from '../profiles/profile-store';
import type { BatchRunResult } from '../import/runner';
import type { BatchSpec } from '../import/operations';
import { bulkResultOf, bulkSpec, rebootPhones } from './bulk';
import { DevicesCache, type ListEntry } from './cache';
import { withTargets } from './callflow-targets';
import { withoutPassword } from './device-revision';
import { duplicateDevice } from './duplicate';
import { exportDevices, type DevicesExport } from './export';
import { callFromPhone, resyncPhone } from './phone';
import { saveDevice, type SaveContext, type SaveInput } from './save';
import { liveDevicesOf, snapshotOf, type LiveDevice } from './snapshot';
import { readDocument } from '../api/documents';

const QUICKCALL_SETTING = 'devices.quickcallNumber';

export interface DevicesServiceDeps {
  profiles: Pick<ProfileStore, 'getSetting' | 'setSetting'>;
  /** Called after every successful write, so views of that connection refresh. */
  onChanged: (connectionId: string) => void;
  /** Each device's registration state where the Live poller runs for that connection, else null. */
  registrationStates: (connectionId: string) => ReadonlyMap<string, DeviceRegistration> | null;
  /**
   * Runs a batch through the import's engine (paced, journaled, resumable, undoable, audited) and
   * resolves once it has settled: how bulk actions that change documents are carried out.
   */
  runBatch: (connection: Connection, spec: BatchSpec) => Promise<Result<BatchRunResult>>;
  /** The audit log of a connection's account: every change this service sends is recorded there. */
  auditFor: (connection: Connection) => AuditSink;
  now?: () => Date;
}

/** Server-side filters for a listing (the command line's `--type`, `--enabled`, `--owner`). */
export interface DeviceListFilter {
  type?: string;
  enabled?: boolean;
  owner?: string;
}

/** Every method acts on the connection it is given, through that connection's shared, paced client. */
export interface DevicesService {
  list(connection: Connection, input: { refresh: boolean; filter?: DeviceListFilter }): Promise<Result<DevicesSnapshot>>;
  /**
   * The Live poller's read: the list fresh from the server, kept as the view's list, answered with
   * only what the Live rows show. A read nobody waits for: behind interactive and import requests,
   * and the poller's next cycle is the retry.
   */
  liveList(connection: Connection): Promise<Result<LiveDevice[]>>;
  /** Devices of this connection changed outside this service (an import): the next list reads the server. */
  forgetList(connectionId: string): void;
  /** Devices another part of this app created (an import) with their own internal numbers, which the list does not carry. */
  created(connectionId: string, devices: ReadonlyArray<{ id: string; extension: string | null }>): void;
  get(connection: Connection, id: string): Promise<Result<DeviceDetail>>;
  revealPassword(connection: Connection, id: string): Promise<Result<{ password: string | null }>>;
  save(connection: Connection, input: SaveInput): Promise<Result<DeviceSaveResult>>;
  duplicate(connection: Connection, input: { id: string; name: string }): Promise<Result<{ id: string }>>;
  bulk(
    connection: Connection,
    input: { ids: string[]; action: BulkAction; ownerId?: string | null; confirm?: boolean },
  ): Promise<Result<BulkResult>>;
  sync(connection: Connection, input: { id: string; reboot: boolean }): Promise<Result<PhoneActionOutcome>>;
  quickcall(connection: Connection, input: { id: string; number: string }): Promise<Result<PhoneActionOutcome>>;
  quickcallNumber(connectionId: string): Promise<Result<{ number: string | null }>>;
  registration(connection: Connection, id: string): Promise<Result<{ state: RegistrationState; checkedAt: string }>>;
  export(connection: Connection, input: { ids?: string[]; includePasswords: boolean }): Promise<Result<DevicesExport>>;
}

/** The devices view's and the command line's backend. */
export function createDevicesService(deps: DevicesServiceDeps): DevicesService {
  const now = deps.now ?? (() => new Date());
  const cache = new DevicesCache();

  const contextOf = (connection: Connection): SaveContext => ({
    client: connection.client,
    connectionId: connection.id,
    cache,
    audit: deps.auditFor(connection),
  });

  const changed = (connectionId: string) => {
    cache.invalidateList(connectionId);
    deps.onChanged(connectionId);
  };

  const fetchList = async (connection: Connection, refresh: boolean, options: RequestOptions = {}): Promise<Result<ListEntry>> => {
    const cached = cache.list(connection.id);
    if (cached && !refresh) return ok(cached);
    const entry = await readList(connection, undefined, options);
    if (entry.ok) cache.setList(connection.id, entry.value);
    return entry;
  };

  const readList = async (
    { client, id: connectionId }: Connection,
    filter?: DeviceListFilter,
    options: RequestOptions = {},
  ): Promise<Result<ListEntry>> => {
    const [devices, users, callflows] = await Promise.all([
      listDevices(client, filter ? deviceFilterQuery(filter) : {}, options),
      listUsers(client, options),
      listCallflows(client, options),
    ]);
    if (!devices.ok) return devices;
    if (!users.ok) return users;
    // Callflows only add extensions: a key that may not read them still lists its devices.
    const resolved = callflows.ok ? await withTargets(client, callflows.value, cache.callflowTargets(connectionId), options) : [];
    return ok({ devices: devices.value, users: users.value, callflows: resolved, fetchedAt: now().toISOString() });
  };

  const nameOf = (connectionId: string): ((id: string) => string) => {
    const names = new Map((cache.list(connectionId)?.devices ?? []).map((device) => [device.id, device.name]));
    return (id) => names.get(id) ?? id;
  };

  const read = async (connection: Connection, id: string) => {
    const device = await readDocument<DeviceDocument>(connection.client, 'devices', id);
    if (device.ok) cache.setDocument(connection.id, id, device.value);
    return device;
  };

  return {
    async list(connection, { refresh, filter }) {
      // A filtered listing is the command line's one-off question: it neither uses nor replaces the view's cached list.
      const list = filter ? await readList(connection, filter) : await fetchList(connection, refresh);
      if (!list.ok) return list;
      return ok(snapshotOf(connection.id, list.value, (id) => cache.ownNumber(connection.id, id), deps.registrationStates(connection.id)));
    },

    async liveList(connection) {
      const list = await fetchList(connection, true, { priority: 'background', resendWhenUnsure: false });
      return list.ok ? ok(liveDevicesOf(list.value, (id) => cache.ownNumber(connection.id, id))) : list;
    },

    forgetList(connectionId) {
      cache.invalidateList(connectionId);
    },

    created(connectionId, made) {
      for (const { id, extension } of made) if (extension) cache.setWrittenNumber(connectionId, id, extension);
    },

    async get(connection, id) {
      const device = await read(connection, id);
      if (!device.ok) return device;
      const { document, revision } = device.value;
      return ok({ document: withoutPassword(document), revision, hasPassword: typeof document.sip?.password === 'string' });
    },

    async revealPassword(connection, id) {
      const device = await read(connection, id);
      return device.ok ? ok({ password: device.value.document.sip?.password ?? null }) : device;
    },

    async save(connection, input) {
      const saved = await saveDevice(contextOf(connection), input);
      if (saved.ok && saved.value.outcome === 'saved' && (saved.value.created || saved.value.changedFields.length > 0)) {
        changed(connection.id);
      }
      return saved;
    },

    async duplicate(connection, { id, name }) {
      const created = await duplicateDevice(contextOf(connection), id, name);
      if (created.ok) changed(connection.id);
      return created;
    },

    async bulk(connection, { ids, action, ownerId, confirm }) {
      if (action === 'delete' && confirm !== true) {
        return fail('invalid_request', 'Deleting devices needs a confirmation: ask the user, then send confirm: true.');
      }
      if (action === 'set_owner' && ownerId === undefined) return fail('invalid_request', 'Choose the new owner (or none) for set_owner.');
      // The batch, its results and the audit log name each device: the list is read when it is not at hand (a command line's first call).
      if (!cache.list(connection.id)) await fetchList(connection, false, { priority: 'bulk' });
      const name = nameOf(connection.id);
      const targets = [...new Set(ids)].map((id) => ({ id, name: name(id) }));
      if (action === 'reboot') return ok(await rebootPhones(connection.client, targets, deps.auditFor(connection)));
      const spec = bulkSpec({ connectionId: connection.id, targets, action, ownerId: ownerId ?? null, now: now() });
      const run = await deps.runBatch(connection, spec);
      if (!run.ok) return run;
      const result = bulkResultOf(action, targets, run.value.rows);
      for (const item of result.results) if (item.ok) cache.forgetDocument(connection.id, item.id);
      if (result.counts.ok > 0) changed(connection.id);
      return ok(result);
    },

    sync(connection, { id, reboot }) {
      return audited(
        deps.auditFor(connection),
        {
          action: reboot ? 'reboot' : 'resync',
          source: 'phone_action',
          resource: 'device',
          resourceId: id,
          name: nameOf(connection.id)(id),
          fields: [],
        },
        () => resyncPhone(connection.client, id, reboot),
      );
    },

    async quickcall(connection, { id, number }) {
      // Remembered before the call: a technician testing a row of phones dials the same number each time.
      if (connection.saved) await deps.profiles.setSetting(connection.id, QUICKCALL_SETTING, number);
      const dialled = { path: 'number', before: null, after: number, secret: false };
      return audited(
        deps.auditFor(connection),
        {
          action: 'quickcall',
          source: 'phone_action',
          resource: 'device',
          resourceId: id,
          name: nameOf(connection.id)(id),
          fields: [dialled],
        },
        () => callFromPhone(connection.client, id, number),
      );
    },

    async quickcallNumber(connectionId) {
      const saved = await deps.profiles.getSetting(connectionId, QUICKCALL_SETTING);
      return ok({ number: typeof saved === 'string' ? saved : null });
    },

    async registration(connection, id) {
      const state = await deviceState(connection.client, id);
      return state.ok ? ok({ state: state.value, checkedAt: now().toISOString() }) : state;
    },

    async export(connection, { ids, includePasswords }) {
      const list = await fetchList(connection, false);
      if (!list.ok) return list;
      const byId = new Map(list.value.devices.map((device) => [device.id, device]));
      // An id the cached list does not know (created since) is still exported; its name comes from its document.
      const devices: DeviceSummary[] = ids
        ? [...new Set(ids)].map(
            (id) => byId.get(id) ?? { id, name: id, deviceType: '', enabled: true, ownerId: null, sipUsername: null, macAddress: null },
          )
        : list.value.devices;
      return ok(
        await exportDevices(connection.client, {
          devices,
          users: list.value.users,
          callflows: list.value.callflows,
          includePasswords,
          now: now(),
          onRead: (device) => cache.setDocument(connection.id, device.document.id, device),
        }),
      );
    },
  };
}
