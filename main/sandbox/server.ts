/**
 * The sandbox: a local KAZOO-compatible Audian server for demo mode, tests and benchmarks.
 * `startSandbox` wires the stores, the simulated registrar and phones, and the HTTP pipeline, and
 * hands back the URL, the login and in-process hooks for tests.
 */
import type { EventEmitter } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { authRoutes } from './auth-routes';
import { callflowRoutes } from './callflow-routes';
import { CallflowStore } from './callflows';
import type { App } from './context';
import { controlRoutes } from './control-routes';
import type { DemoSite } from './demo';
import { demoSite } from './demo';
import { deviceRoutes } from './device-routes';
import type { JsonObject } from '../api/device-schema';
import { DeviceStore } from './devices';
import type { Doc } from './docs';
import type { FaultKind } from './faults';
import { FaultInjector } from './faults';
import { newId } from './ids';
import type { ResolvedOptions, RuntimeOptions, SandboxOptions } from './options';
import { resolveOptions } from './options';
import { DebouncedSaver, loadState } from './persistence';
import type { SavedState } from './persistence';
import { PhoneSimulator } from './phones';
import { createRequestHandler } from './pipeline';
import { mulberry32 } from './prng';
import { TokenBuckets } from './rate-limit';
import { registrationRoutes } from './registration-routes';
import type { RegisterDetails, SandboxEvents } from './registrar';
import { Registrar } from './registrar';
import { Router } from './router';
import type { PhoneAction, Stats } from './state';
import { SandboxState } from './state';
import { TokenIssuer } from './tokens';
import { userRoutes } from './user-routes';
import { UserStore } from './users';

export type { SandboxOptions, RuntimeOptions } from './options';
export type { RegistrationChange, SandboxEvents } from './registrar';
export type { PhoneAction, Stats } from './state';
export type { FaultKind } from './faults';

/** Read-only views of the sandbox's world for tests (copies; changing them changes nothing). */
export interface SandboxInspector {
  /** Stored documents with their private fields; soft-deleted ones only when asked. */
  devices(filter?: { includeDeleted?: boolean }): Doc[];
  users(): Doc[];
  /** Stored callflows with their private fields; soft-deleted ones only when asked. */
  callflows(filter?: { includeDeleted?: boolean }): Doc[];
  registrations(): JsonObject[];
  actions(): PhoneAction[];
  stats(): Stats;
}

export interface Sandbox {
  url: string;
  account: { id: string; name: string; realm: string };
  credentials: { apiKey: string; username: string; password: string };
  /** `registration-changed` on every registration and unregistration. */
  events: EventEmitter<SandboxEvents>;
  state: SandboxInspector;
  /** The control API in-process: a phone registering or leaving by SIP username. */
  phones: {
    register(username: string, details?: RegisterDetails): JsonObject | undefined;
    unregister(username: string): boolean;
  };
  /** Resolves once the device is (or is no longer) registered; at once if it already is. */
  waitForRegistration(deviceId: string, registered: boolean): Promise<void>;
  configure(patch: Partial<RuntimeOptions>): void;
  /** The next `count` /v2 requests fail this way, whatever the probabilities. */
  injectFault(kind: FaultKind, count?: number): void;
  close(): Promise<void>;
}

const randomSecret = (bytes: number): string => randomBytes(bytes).toString('base64url');

function freshState(options: ResolvedOptions, demo: DemoSite | undefined): SavedState {
  return {
    version: 1,
    account: {
      id: options.account.id ?? newId(),
      name: options.account.name ?? demo?.account.name ?? 'Sandbox Account',
      realm: options.account.realm ?? demo?.account.realm ?? 'sandbox.sip.audian.local',
      apiKey: options.credentials.apiKey ?? randomBytes(32).toString('hex'),
      created: options.clock.now(),
    },
    tokenSecret: randomSecret(32),
    login: {
      username: options.credentials.username ?? (demo ? String(demo.admin['username']) : 'admin'),
      password: options.credentials.password ?? randomSecret(12),
    },
    users: [],
    devices: [],
    callflows: [],
  };
}

/** What SmartPBX creates for a person's extension (without the voicemail box the sandbox does not keep). */
const mainUserCallflow = (user: Doc): JsonObject => ({
  name: `${String(user['first_name'])} ${String(user['last_name'])} SmartPBX's Callflow`,
  type: 'mainUserCallflow',
  numbers: [user['presence_id']],
  owner_id: user._id,
  contact_list: { exclude: false },
  flow: { module: 'user', data: { id: user._id, can_call_self: false, timeout: 20 }, children: {} },
});

/** A new world: the admin behind the printed login and, for --demo, the practice's site. */
function seed(
  saved: SavedState,
  demo: DemoSite | undefined,
  stores: { users: UserStore; devices: DeviceStore; callflows: CallflowStore },
): void {
  const { users, devices, callflows } = stores;
  const adminFields = demo?.admin ?? { first_name: 'Sandbox', last_name: 'Admin', priv_level: 'admin' };
  const admin = users.create({ ...adminFields, username: saved.login.username, password: saved.login.password });
  if (!demo) return;
  const people = [admin, ...demo.users.map((user) => users.create({ ...user, password: randomSecret(12) }))];
  const byUsername = new Map(people.map((person) => [String(person['username']), person._id]));
  for (const person of people) callflows.create(mainUserCallflow(person));
  for (const { owner, extension, ...device } of demo.devices) {
    const ownerId = owner === undefined ? undefined : byUsername.get(owner);
    const { doc } = devices.create(ownerId ? { ...device, owner_id: ownerId } : device, () => undefined);
    if (extension) {
      callflows.create({
        name: String(doc['name']),
        numbers: [extension],
        flow: { module: 'device', data: { id: doc._id }, children: {} },
      });
    }
  }
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
const WILDCARD_HOSTS = new Set(['0.0.0.0', '[::]']);

/**
 * Whether a Host header names this server: its bound address or a loopback name, with its port.
 * Bound to every interface (`--host 0.0.0.0`), it was put on the network on purpose and answers
 * any name.
 */
function answersTo(address: AddressInfo, host: string | undefined): boolean {
  const bound = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  if (WILDCARD_HOSTS.has(bound)) return true;
  return host !== undefined && [bound, ...LOOPBACK_NAMES].some((name) => `${name}:${address.port}` === host.toLowerCase());
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const resolved = resolveOptions(options);
  const loaded = resolved.dataFile ? await loadState(resolved.dataFile) : undefined;
  const demo = resolved.demo && !loaded ? demoSite(mulberry32(resolved.seed)) : undefined;
  const saved = loaded ?? freshState(resolved, demo);

  const state = new SandboxState(saved.account, saved.tokenSecret);
  for (const user of saved.users) state.users.set(user._id, user);
  for (const doc of saved.devices) state.devices.set(doc._id, doc);
  for (const doc of saved.callflows ?? []) state.callflows.set(doc._id, doc);
  const users = new UserStore(state, resolved.clock);
  const devices = new DeviceStore(state, resolved.clock);
  const callflows = new CallflowStore(state, resolved.clock);
  if (!loaded) seed(saved, demo, { users, devices, callflows });

  const prng = mulberry32(resolved.seed);
  const registrar = new Registrar(state.account, prng, resolved.clock);
  const phones = new PhoneSimulator(state, devices, registrar, prng, resolved.autoRegister, resolved.reboot);
  const app: App = {
    state,
    options: resolved,
    devices,
    users,
    callflows,
    registrar,
    phones,
    tokens: new TokenIssuer(saved.tokenSecret, resolved.clock, () => resolved.tokenTtlSeconds),
  };
  // Faults get their own stream so phone timing never shifts which request fails.
  const faults = new FaultInjector(mulberry32(resolved.seed ^ 0x5eed), () => resolved.faults);
  const buckets = new TokenBuckets(resolved.clock);

  const snapshot = (): SavedState => ({
    ...saved,
    users: [...state.users.values()],
    devices: [...state.devices.values()],
    callflows: [...state.callflows.values()],
  });
  const saver = resolved.dataFile ? new DebouncedSaver(resolved.dataFile, snapshot, resolved.log) : undefined;
  if (saver) state.onChange(() => saver.schedule());

  const handler = createRequestHandler({
    app,
    api: new Router([...authRoutes(app), ...deviceRoutes(app), ...userRoutes(app), ...callflowRoutes(app), ...registrationRoutes(app)]),
    control: resolved.controlRoutes ? new Router(controlRoutes(app, faults)) : null,
    faults,
    buckets,
    // Requests arrive only once the server listens, when its address is known.
    isOwnHost: (host) => answersTo(server.address() as AddressInfo, host),
  });
  const server = createServer({ keepAliveTimeout: 10_000 }, handler);
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  phones.start();
  if (saver && !loaded) saver.schedule();

  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;

  return {
    url: `http://${host}:${address.port}`,
    account: { id: state.account.id, name: state.account.name, realm: state.account.realm },
    credentials: { apiKey: state.account.apiKey, username: saved.login.username, password: saved.login.password },
    events: registrar.events,
    state: {
      devices: (filter = {}) =>
        [...state.devices.values()]
          .filter((doc) => filter.includeDeleted || doc['pvt_deleted'] !== true)
          .map((doc) => structuredClone(doc)),
      users: () => state.liveUsers().map((user) => structuredClone(user)),
      callflows: (filter = {}) =>
        [...state.callflows.values()]
          .filter((doc) => filter.includeDeleted || doc['pvt_deleted'] !== true)
          .map((doc) => structuredClone(doc)),
      registrations: () => registrar.inAccountRealm().map((entry) => structuredClone(entry)),
      actions: () => structuredClone(state.actions),
      stats: () => structuredClone(state.stats),
    },
    phones: {
      register: (username, details = {}) => phones.register(username, details)?.entry,
      unregister: (username) => phones.unregister(username),
    },
    waitForRegistration: (deviceId, registered) =>
      new Promise<void>((resolve) => {
        if (registrar.isRegistered(deviceId) === registered) {
          resolve();
          return;
        }
        const listener = (change: { deviceId: string; registered: boolean }): void => {
          if (change.deviceId !== deviceId || change.registered !== registered) return;
          registrar.events.off('registration-changed', listener);
          resolve();
        };
        registrar.events.on('registration-changed', listener);
      }),
    configure: (patch) => {
      Object.assign(resolved, patch);
      if (patch.rateLimit !== undefined) buckets.reset();
    },
    injectFault: (kind, count = 1) => faults.queue(kind, count),
    close: () => {
      closing ??= (async () => {
        phones.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await saver?.flush();
      })();
      return closing;
    },
  };
}
