import { arch, release, type as osType, userInfo } from 'node:os';
import path from 'node:path';
import type { AppInfo } from '../common/ipc/contract';
import type { EventName, EventPayloads } from '../common/ipc/events';
import type { ResourceOutcome, RowResult } from '../common/import/types';
import type { RegistrationAlert } from '../common/registrations';
import { fail, ok } from '../common/ipc/result';
import { createAuditLog, type AuditLog } from './audit/audit-log';
import { createAuditHandlers } from './audit/handlers';
import { systemClock, type Clock } from './clock';
import { PacedChangeNotices } from './devices/change-notices';
import { createDeviceHandlers } from './devices/handlers';
import { createDevicesService, type DevicesService } from './devices/service';
import { createImportHandlers } from './import/handlers';
import { createImportService, type ImportService } from './import/service';
import type { Handlers } from './ipc/router';
import type { Logger } from './log';
import type { ProxySource } from './api/proxy-source';
import type { OnActive } from './profiles/on-active';
import type { Connection } from './profiles/connection';
import { createClientRegistry, type ClientRegistry } from './profiles/client-registry';
import { createConnectionService, type ConnectionService } from './profiles/connection-service';
import { createDemoConnection } from './profiles/demo-connection';
import { createProfileStore, type ProfileStore } from './profiles/profile-store';
import { createRegistrationHandlers } from './registrations/handlers';
import { LIST_READ_GAP_MS } from './registrations/poller';
import { createRegistrationsService, type RegistrationsService } from './registrations/service';
import { openSealer } from './secrets/journal-sealer';
import type { Sealer } from './secrets/sealer';
import type { SecretStore } from './secrets/secret-store';
import { createSupportHandlers, saveInFolder, type ChooseSavePath } from './support/handlers';
import { createUndoHandlers } from './undo/handlers';
import { createUndoService, type UndoService } from './undo/service';
import type { UpdateController } from './updates/update-controller';

/** Outcomes that change what the devices list shows: its devices, their owners (users) and extensions (callflows). */
const LIST_CHANGING: ReadonlySet<ResourceOutcome> = new Set(['created', 'updated', 'deleted', 'rolled_back']);
const changesTheList = (row: RowResult): boolean =>
  LIST_CHANGING.has(row.outcome) || row.resources.some((resource) => LIST_CHANGING.has(resource.outcome));

/** The account name signed in to this computer, as the audit log records it; a locked-down account may not tell. */
function desktopUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env['USER'] ?? process.env['USERNAME'] ?? 'unknown';
  }
}

/** Delivers a push to every renderer that listens: Electron windows or preview clients. */
export type Publish = <E extends EventName>(event: E, payload: EventPayloads[E]) => void;

export interface ServiceDeps {
  host: AppInfo['host'];
  version: string;
  platform: string;
  log: Logger;
  publish: Publish;
  /** The app's user-data folder: saved connections, settings, journals. */
  userDataDir: string;
  secrets: SecretStore;
  /** Shows an alert outside the window (a desktop notification); hosts without one leave it out. */
  notify?: (alert: RegistrationAlert) => void;
  /** Every service's time, the registrations poller's included; tests step it. */
  clock?: Clock;
  /** Where a support bundle goes: the save dialog in the desktop app, the app's `support` folder elsewhere. */
  chooseSavePath?: ChooseSavePath;
  /** Quits and starts the app again; only the desktop app can. */
  restart?: () => void;
  /** Where the proxy to each server comes from; none, straight to the server. */
  proxy?: ProxySource;
  /** The app's own updates: only the packaged desktop app with an update feed has them. */
  updates?: Pick<UpdateController, 'status' | 'restartToUpdate'>;
}

export interface Services {
  /** The function behind every IPC channel. */
  handlers: Handlers;
  profiles: ProfileStore;
  connections: ConnectionService;
  clients: ClientRegistry;
  imports: ImportService;
  devices: DevicesService;
  registrations: RegistrationsService;
  undo: UndoService;
  audit: AuditLog;
  close(): Promise<void>;
}

/**
 * Builds every service once. The Electron shell, the preview bridge and the CLI all go through
 * these, so behaviour is tested once in plain Node. Services act on the connection they are
 * given; the IPC handlers give them the active one, the command line the one it was asked for.
 */
export function createServices(deps: ServiceDeps): Services {
  const clock = deps.clock ?? systemClock;
  const now = () => new Date(clock.now());
  const profiles = createProfileStore({ dir: deps.userDataDir, secrets: deps.secrets, log: deps.log, now });
  // Every request on a connection tells the connection service what it learnt, so the frame shows the real state.
  const clients = createClientRegistry({
    secrets: deps.secrets,
    log: deps.log,
    ...(deps.proxy ? { proxy: deps.proxy } : {}),
    onSignal: (connectionId, signal) => connections.learnt(connectionId, signal),
  });
  const demo = createDemoConnection({ userDataDir: deps.userDataDir, profiles, log: deps.log });
  const connections = createConnectionService({
    profiles,
    secrets: deps.secrets,
    clients,
    demo,
    log: deps.log,
    now,
    onChange: (overview) => deps.publish('connections:changed', overview),
  });

  /**
   * Devices of this connection were created, changed or deleted by this app: every view learns of
   * it at once (the devices list reads the server again, the Live poller reads its list now).
   */
  const devicesChanged = (connectionId: string) => {
    registrations.devicesChanged(connectionId);
    deps.publish('devices:changed', { connectionId });
  };

  // An import's changes are told at the pace the Live poller reads its list, and once more when the batch stops.
  const importChanges = new PacedChangeNotices(clock, LIST_READ_GAP_MS, devicesChanged);

  // Opened when the first batch runs, not at start-up: most commands never seal anything, and a keychain may be slow to answer.
  let sealer: Promise<Sealer> | undefined;
  const journalSealer = (): Promise<Sealer> => (sealer ??= openSealer(deps.secrets, deps.log));

  const audit = createAuditLog({ dir: path.join(deps.userDataDir, 'audit'), desktopUser: desktopUser(), now, log: deps.log });
  const auditFor = (connection: Connection) =>
    audit.forConnection({ id: connection.id, name: connection.name, accountId: connection.client.accountId });

  const onActive: OnActive = async (run) => {
    const connection = await connections.open({ kind: 'active' });
    return connection.ok ? run(connection.value) : connection;
  };

  const batchesDir = path.join(deps.userDataDir, 'batches');
  const imports = createImportService({
    connections,
    profiles,
    batchesDir,
    log: deps.log,
    auditFor,
    now,
    sealer: journalSealer,
    onProgress: (progress) => {
      deps.publish('import:progress', progress);
      // The rows' own extensions are known here; the device list carries none, and reading each document back would cost a request per phone.
      devices.created(
        progress.connectionId,
        progress.changed.flatMap((row) =>
          row.outcome === 'created' && row.deviceId ? [{ id: row.deviceId, extension: row.extension }] : [],
        ),
      );
      // A bulk action's batch is told by the devices service once it has settled, as one change.
      if (progress.origin !== 'bulk' && progress.changed.some(changesTheList)) {
        // The devices service forgets its list after its own writes; an import's are told here.
        devices.forgetList(progress.connectionId);
        importChanges.changed(progress.connectionId);
      }
      // Finished, paused, cancelled or waiting for an answer: every view learns the state it stopped in.
      if (progress.state !== 'running') importChanges.flush(progress.connectionId);
    },
  });

  // An undo is a batch: the import service runs it, its progress is an import's.
  const undo = createUndoService({ imports, batchesDir, sealer: journalSealer, now });

  const devices = createDevicesService({
    profiles,
    now,
    auditFor,
    onChanged: devicesChanged,
    // Read on each list, after both services exist.
    registrationStates: (connectionId) => registrations.states(connectionId),
    runBatch: async (connection, spec) => {
      const started = imports.run(connection, spec);
      return started.ok ? imports.settled(spec.batchId) : started;
    },
  });

  const registrations = createRegistrationsService({
    batches: () => imports.batches(),
    onChanged: (update) => deps.publish('registrations:changed', update),
    onStatus: (status) => deps.publish('registrations:status', status),
    onAlert: (alert) => {
      deps.publish('registrations:alert', alert);
      deps.notify?.(alert);
    },
    // The poller reads the devices view's list (extensions included) and so keeps it fresh; what it learns, every view learns.
    deviceList: (connection) => () => devices.liveList(connection),
    onDevicesLearned: (connectionId) => deps.publish('devices:changed', { connectionId }),
    clock,
  });

  const handlers: Handlers = {
    'app:info': async () => ok({ name: 'Audian Provisioner', version: deps.version, host: deps.host, platform: deps.platform }),
    'app:ping': async ({ message }) => {
      const receivedAt = now().toISOString();
      deps.publish('app:pinged', { message, at: receivedAt });
      return ok({ message, receivedAt });
    },
    'app:restart': async () => {
      if (!deps.restart) return fail('unsupported', 'This window cannot restart the app: stop it and start it again.');
      deps.restart();
      return ok({});
    },
    'connections:list': async () => ok(await connections.overview()),
    'connections:save': (input) => connections.save(input),
    'connections:remove': ({ id }) => connections.remove(id),
    'connections:check': ({ id }) => connections.check(id),
    'connections:activate': ({ id }) => connections.activate(id),
    'connections:startDemo': () => connections.startDemo(),
    'connections:pinCertificate': ({ id, sha256 }) => connections.pinCertificate(id, sha256),
    ...createImportHandlers(imports, onActive, async () => (await profiles.getActive())?.id ?? null),
    ...createDeviceHandlers(devices, onActive),
    ...createRegistrationHandlers(registrations, onActive),
    ...createUndoHandlers(undo, onActive),
    ...createAuditHandlers(audit, onActive, now),
    ...createSupportHandlers(
      {
        about: () => ({
          app: { name: 'Audian Provisioner', version: deps.version, host: deps.host },
          versions: { electron: process.versions.electron ?? null, chrome: process.versions.chrome ?? null, node: process.versions.node },
          os: { platform: deps.platform, type: osType(), release: release(), arch: arch() },
        }),
        connections: () => connections.overview(),
        batches: () => imports.batches(),
        logDir: path.join(deps.userDataDir, 'logs'),
        now,
      },
      deps.chooseSavePath ?? saveInFolder(path.join(deps.userDataDir, 'support')),
      deps.log,
    ),
    'updates:status': async () => ok(deps.updates?.status() ?? { state: 'off' }),
    'updates:restart': async () => {
      const restart = deps.updates?.restartToUpdate() ?? fail('unsupported', 'This app has no updates to install.');
      return restart.ok ? ok(null) : restart;
    },
  };

  return {
    handlers,
    profiles,
    connections,
    clients,
    imports,
    devices,
    registrations,
    undo,
    audit,
    close: async () => {
      registrations.close();
      await imports.close();
      importChanges.close();
      await clients.closeAll();
      await demo.stop();
      audit.close();
    },
  };
}
