/**
 * What a sandbox can be told at start (from tests, the demo mode or the command line) and the
 * defaults that make it behave like a stock Audian/KAZOO account.
 */
import { systemClock, type Clock } from '../clock';
import { createLogger, type Logger } from '../log';

export interface RateLimit {
  burst: number;
  perSecond: number;
}

/** Probabilities per request, drawn from one seeded PRNG in arrival order. */
export interface FaultRates {
  /** 503 `datastore_fault`, nothing committed. */
  unavailable: number;
  /** Connection destroyed before the request is handled. */
  reset: number;
  /** Request handled and committed, then the connection destroyed instead of answering. */
  lost: number;
}

export interface MsRange {
  minMs: number;
  maxMs: number;
}

export interface AutoRegister extends MsRange {
  /** Share of phones (0..1) that keep dropping and coming back. */
  flapShare?: number;
  /** How long a flapping phone stays up, then down. */
  flapUp?: MsRange;
  flapDown?: MsRange;
}

export type DeviceStatusShape = 'registered' | 'status';

/** Settings a running sandbox can change (`sandbox.configure`), so one server serves many tests. */
export interface RuntimeOptions {
  latencyMs: number;
  rateLimit: RateLimit | false;
  /**
   * Each limited answer's envelope carries `tokens: {consumed, remaining}`, as KAZOO 5.4 does;
   * off, the envelope leaves them out, as older KAZOO does (a client then learns only from 429s).
   */
  envelopeTokens: boolean;
  faults: FaultRates;
  /**
   * Creates of billable documents (devices, users, voicemail boxes) answer 402 `accept charges`
   * unless the request carries `accept_charges: true`.
   */
  charges: boolean;
  /** Audian's `GET /devices/{id}/status`; off behaves like stock KAZOO (404). */
  perDeviceStatus: boolean;
  /**
   * How `/devices/status` and `/devices/{id}/status` describe a device: KAZOO's `registered: true`
   * (registered devices only in the list), or the `status: registered | unregistered | disabled`
   * Audian's page documents (every device in the list).
   */
  deviceStatusShape: DeviceStatusShape;
  /**
   * A device deleted or disabled keeps the contact its phone holds, as a registrar does until the
   * phone unregisters or the contact expires; off, the sandbox drops the contact at once.
   */
  contactsOutliveDevices: boolean;
  /**
   * The phone-action sub-routes (`/devices/{id}/sync`, `/devices/{id}/quickcall/{number}`); off
   * answers them 404 `not_found`, as a server without those modules does, for devices that exist.
   */
  phoneActions: boolean;
  tokenTtlSeconds: number;
  /**
   * /v2 requests handled at once; one more is answered 503 at once, before latency, body or
   * token, as the proxy in front of a hosted KAZOO does when it is full (nginx `limit_conn`
   * answers 503 by default). Not a queue: a client that sends more than the server takes finds
   * out, as it would in production. false: no limit (stock sandbox).
   */
  maxInFlight: number | false;
}

export interface SandboxOptions extends Partial<RuntimeOptions> {
  host?: string;
  port?: number;
  seed?: number;
  autoRegister?: AutoRegister | false;
  /** How long a phone told to reboot stays offline. */
  reboot?: MsRange;
  demo?: boolean;
  /** Load the state from this JSON file (if it exists) and save it back on changes and close. */
  dataFile?: string;
  maxBodyBytes?: number;
  /** The server's time: timestamps, token expiry, bucket refill. */
  clock?: Pick<Clock, 'now'>;
  /** Where the sandbox tells what went wrong inside it; stderr unless given. */
  log?: Logger;
  /**
   * The control API under /_sandbox/ (phones by hand, recorded actions, injected faults, every
   * stored device with its SIP password): for tests and `npm run sandbox -- --control` only,
   * never in the app's demo mode.
   */
  controlRoutes?: boolean;
  account?: { id?: string; name?: string; realm?: string };
  credentials?: { apiKey?: string; username?: string; password?: string };
}

export interface ResolvedOptions extends RuntimeOptions {
  host: string;
  port: number;
  seed: number;
  autoRegister: Required<AutoRegister> | false;
  reboot: MsRange;
  demo: boolean;
  dataFile: string | undefined;
  maxBodyBytes: number;
  clock: Pick<Clock, 'now'>;
  log: Logger;
  controlRoutes: boolean;
  account: { id?: string; name?: string; realm?: string };
  credentials: { apiKey?: string; username?: string; password?: string };
}

const DEFAULT_RATE_LIMIT: RateLimit = { burst: 100, perSecond: 10 };
export const NO_FAULTS: FaultRates = { unavailable: 0, reset: 0, lost: 0 };
/** crossbar.max_upload_size */
const MAX_BODY_BYTES = 8_000_000;
const DEMO_AUTO_REGISTER: AutoRegister = { minMs: 2_000, maxMs: 45_000 };

function resolveAutoRegister(auto: AutoRegister | false | undefined, demo: boolean): Required<AutoRegister> | false {
  const chosen = auto ?? (demo ? DEMO_AUTO_REGISTER : false);
  if (!chosen) return false;
  return {
    minMs: chosen.minMs,
    maxMs: chosen.maxMs,
    flapShare: chosen.flapShare ?? 0.15,
    flapUp: chosen.flapUp ?? { minMs: Math.max(chosen.maxMs, 10_000), maxMs: Math.max(chosen.maxMs, 10_000) * 4 },
    flapDown: chosen.flapDown ?? { minMs: 3_000, maxMs: 15_000 },
  };
}

export function resolveOptions(options: SandboxOptions): ResolvedOptions {
  const demo = options.demo ?? false;
  return {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    seed: options.seed ?? 1,
    latencyMs: options.latencyMs ?? 0,
    rateLimit: options.rateLimit ?? DEFAULT_RATE_LIMIT,
    envelopeTokens: options.envelopeTokens ?? true,
    faults: { ...NO_FAULTS, ...options.faults },
    charges: options.charges ?? false,
    perDeviceStatus: options.perDeviceStatus ?? true,
    deviceStatusShape: options.deviceStatusShape ?? 'registered',
    contactsOutliveDevices: options.contactsOutliveDevices ?? false,
    phoneActions: options.phoneActions ?? true,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    maxInFlight: options.maxInFlight ?? false,
    autoRegister: resolveAutoRegister(options.autoRegister, demo),
    reboot: options.reboot ?? { minMs: 3_000, maxMs: 6_000 },
    demo,
    dataFile: options.dataFile,
    maxBodyBytes: options.maxBodyBytes ?? MAX_BODY_BYTES,
    clock: options.clock ?? systemClock,
    log: options.log ?? createLogger((line) => process.stderr.write(`${line}\n`)),
    controlRoutes: options.controlRoutes ?? false,
    account: options.account ?? {},
    credentials: options.credentials ?? {},
  };
}
