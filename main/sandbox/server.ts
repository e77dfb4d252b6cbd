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
import { callflowRules } from './callflows';
import type { App } from './context';
import { controlRoutes } from './control-routes';
import type { DemoSite } from './demo';
import { demoSite, seedDemo } from './demo';
import { deviceRoutes } from './device-routes';
import type { JsonObject } from '../kazoo-schemas/validate';
import { deviceRules } from './devices';
import type { Doc } from './docs';
import { DocumentStore } from './document-store';
import type { FaultKind, FaultTarget } from './faults';
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
import type { DocumentChange, PhoneAction, Stats, WelcomeEmail } from './state';
import { SandboxState } from './state';
import { TokenIssuer } from './tokens';
import { userRoutes } from './user-routes';
import { userRules } from './users';
import { vmboxRoutes } from './vmbox-routes';
import { vmboxRules } from './vmboxes';

export type { SandboxOptions, RuntimeOptions } from './options';
export type { RegistrationChange, SandboxEvents } from './registrar';
export type { DocumentChange, PhoneAction, Stats, WelcomeEmail } from './state';
export type { FaultKind, FaultTarget } from './faults';

/** Which stored documents an inspector call returns: live ones unless soft-deleted ones are asked for too. */
export interface StoredFilter {
  includeDeleted?: boolean;
}

/** Read-only views of the sandbox's world for tests (copies; changing them changes nothing). */
export interface SandboxInspector {
  /** Stored documents with their private fields. */
  devices(filter?: StoredFilter): Doc[];
  users(filter?: StoredFilter): Doc[];
  vmboxes(filter?: StoredFilter): Doc[];
  callflows(filter?: StoredFilter): Doc[];
  registrations(): JsonObject[];
  actions(): PhoneAction[];
  /** The new-user e-mails KAZOO would have sent (`send_email_on_creation` not false). */
  welcomeEmails(): WelcomeEmail[];
  stats(): Stats;
  /** Every document change the server carried out, in order, answered or not. */
  documentChanges(): DocumentChange[];
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
  /** The next `count` /v2 requests (those `target` picks, by method and path) fail this way, whatever the probabilities. */
  injectFault(kind: FaultKind, count?: number, target?: FaultTarget): void;
  close(): Promise<void>;
}

const randomSecret = (bytes: number): string => randomBytes(bytes).toString('base64url');

/** The four document collections of the account. */
type Stores = Pick<App, 'users' | 'devices' | 'vmboxes' | 'callflows'>;

const copies = (store: DocumentStore, filter: StoredFilter = {}): Doc[] =>
  store
    .stored()
    .filter((doc) => filter.includeDeleted || doc['pvt_deleted'] !== true)
    .map((doc) => structuredClone(doc));

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
    vmboxes: [],
  };
}

/** A new world: the admin behind the printed login and, for --demo, the practice's site. */
function seed(saved: SavedState, demo: DemoSite | undefined, stores: Stores): void {
  const adminFields = demo?.admin ?? { first_name: 'Sandbox', last_name: 'Admin', priv_level: 'admin' };
  const admin = stores.users.create({ ...adminFields, username: saved.login.username, password: saved.login.password });
  if (demo) seedDemo(demo, admin, stores, () => randomSecret(12));
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
  const stores: Stores = {
    users: new DocumentStore(userRules, state, resolved.clock, saved.users),
    devices: new DocumentStore(deviceRules(state.account), state, resolved.clock, saved.devices),
    vmboxes: new DocumentStore(vmboxRules, state, resolved.clock, saved.vmboxes),
    callflows: new DocumentStore(callflowRules, state, resolved.clock, saved.callflows),
  };
  if (!loaded) seed(saved, demo, stores);

  const prng = mulberry32(resolved.seed);
  const registrar = new Registrar(state.account, prng, resolved.clock);
  const phones = new PhoneSimulator(
    stores.devices,
    registrar,
    prng,
    resolved.autoRegister,
    resolved.reboot,
    () => resolved.contactsOutliveDevices,
  );
  const app: App = {
    state,
    options: resolved,
    ...stores,
    registrar,
    phones,
    tokens: new TokenIssuer(saved.tokenSecret, resolved.clock, () => resolved.tokenTtlSeconds),
  };
  // Faults get their own stream so phone timing never shifts which request fails.
  const faults = new FaultInjector(mulberry32(resolved.seed ^ 0x5eed), () => resolved.faults);
  const buckets = new TokenBuckets(resolved.clock);

  const snapshot = (): SavedState => ({
    ...saved,
    users: stores.users.stored(),
    devices: stores.devices.stored(),
    vmboxes: stores.vmboxes.stored(),
    callflows: stores.callflows.stored(),
  });
  const saver = resolved.dataFile ? new DebouncedSaver(resolved.dataFile, snapshot, resolved.log) : undefined;
  if (saver) state.onChange(() => saver.schedule());

  const handler = createRequestHandler({
    app,
    api: new Router([
      ...authRoutes(app),
      ...deviceRoutes(app),
      ...userRoutes(app),
      ...vmboxRoutes(app),
      ...callflowRoutes(app),
      ...registrationRoutes(app),
    ]),
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
      devices: (filter) => copies(stores.devices, filter),
      users: (filter) => copies(stores.users, filter),
      vmboxes: (filter) => copies(stores.vmboxes, filter),
      callflows: (filter) => copies(stores.callflows, filter),
      registrations: () => registrar.inAccountRealm().map((entry) => structuredClone(entry)),
      actions: () => structuredClone(state.actions),
      welcomeEmails: () => structuredClone(state.welcomeEmails),
      stats: () => structuredClone(state.stats),
      documentChanges: () => structuredClone(state.documentChanges),
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
    injectFault: (kind, count = 1, target) => faults.queue(kind, count, target),
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
