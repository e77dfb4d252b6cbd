import type { AppError, Result } from '../../common/ipc/result';
import { formatMac } from '../../common/mac';
import type { PollStatus, RegistrationChange, RegistrationCounts, RegistrationRow } from '../../common/registrations';
import type { KazooClient } from '../api/client';
import { listDevices } from '../api/devices';
import { deviceStates, listRegistrations, type Registration } from '../api/registrations';
import type { Clock } from '../clock';
import { RegistrationTracker, type TrackedDevice } from './tracker';

export interface PollerOptions {
  intervalMs?: number;
  /** While the window is hidden nobody looks: poll gently. */
  hiddenIntervalMs?: number;
  maxBackoffMs?: number;
}

/** `listChanged`: the device list read this cycle differs from the one before (devices made, changed or deleted meanwhile). */
export type PollerEvent = { type: 'cycle'; changes: RegistrationChange[]; listChanged: boolean } | { type: 'status'; status: PollStatus };
/** Reads the account's device list for the poller, at background priority. */
export type ReadDevices = () => Promise<Result<TrackedDevice[]>>;
export type PollerListener = (event: PollerEvent) => void;

export const POLL_INTERVAL_MS = 5_000;
const DEFAULTS: Required<PollerOptions> = { intervalMs: POLL_INTERVAL_MS, hiddenIntervalMs: 30_000, maxBackoffMs: 60_000 };
/**
 * At most this long after the last read of the whole `/registrations` the poller reads it again,
 * with the device list: what changes without a phone coming or going (made, renamed, deleted
 * elsewhere; IP, user agent, expiry, renewals: 6.5 MB for 5,000 phones). Counted in time, not
 * cycles, so a hidden window's slow interval does not stretch it: inside the registration
 * intervals phones use (KAZOO's default is 300 s, renewed at about half), so most expiries stay
 * ahead between reads (past one while the status still says registered, the row shows no expiry).
 * Such a read costs about 100 ms and leaves garbage the next two or three cycles collect; one cycle
 * in 24 at the default interval and its aftermath stay under one in ten, so the 90th-percentile
 * cycle reads only `/devices/status` (bench/registrations.bench.ts).
 */
export const REFRESH_MS = 120_000;
/**
 * An import finishes rows four times a second: the list asked for is read at most this often, and
 * the import's `devices:changed` (services.ts) goes out at the same pace.
 */
export const LIST_READ_GAP_MS = 2_000;
/**
 * Polling waits behind interactive and import requests for a rate-limit token, and a lost
 * connection is not retried inside the cycle: the next cycle is the retry, and the status says
 * at once that the server cannot be reached instead of after a minute of hidden attempts.
 */
const background = { priority: 'background', resendWhenUnsure: false } as const;
const seconds = (ms: number) => Math.round(ms / 1000);
function sameMembers(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const id of a) if (!b.has(id)) return false;
  return true;
}

/** The device list straight from the server, without the owners' names and extensions the devices view adds. */
const serverDeviceList =
  (client: KazooClient): ReadDevices =>
  async () => {
    const devices = await listDevices(client, {}, background);
    if (!devices.ok) return devices;
    return {
      ok: true,
      value: devices.value.map(({ id, name, enabled, macAddress }) => ({
        id,
        name,
        enabled,
        ownerName: null,
        extension: null,
        macAddress: macAddress ? formatMac(macAddress) : null,
      })),
    };
  };

function failureWords(error: AppError, retryMs: number): string {
  const retry = `retrying in ${seconds(retryMs)} s`;
  if (error.kind === 'rate_limited') return `The server asks us to slow down, ${retry}`;
  if (error.kind === 'network' || error.kind === 'timeout' || error.kind === 'server' || error.kind === 'tls')
    return `Server unreachable, ${retry}`;
  return `${error.message.replace(/\.$/, '')}; ${retry}`;
}

/**
 * One connection's registration poller, shared by every view that watches: it runs while anyone
 * subscribes. A cycle reads the whole account's `/devices/status` (KAZOO pushes no registration
 * events), never one device at a time, so watching a thousand phones costs what watching one does.
 * The full `/registrations`, large, is read only when the set of registered devices differs from
 * the one its last read saw (a phone came or went: its details come in the same cycle) and every
 * `REFRESH_MS`; between reads each phone keeps the details last read.
 */
export class RegistrationPoller {
  readonly tracker = new RegistrationTracker();
  private readonly options: Required<PollerOptions>;
  private readonly listeners = new Set<PollerListener>();
  private cancelTimer: (() => void) | undefined;
  private running: Promise<void> | undefined;
  /** The device list is read on the next cycle: none read yet, or a device was made, changed or deleted. */
  private listWanted = true;
  private listReadAt = Number.NEGATIVE_INFINITY;
  /** The ids the last device list named, and the registered ones it did not (deleted, yet still registered). */
  private listed = new Set<string>();
  private unlisted = new Set<string>();
  /** Whether the last cycle read the device list. */
  private listReadLast = false;
  /** The devices `/devices/status` called registered when `/registrations` was last read; null before the first read. */
  private registeredAtDetails: ReadonlySet<string> | null = null;
  /**
   * The devices with a contact at the last read of `/registrations` of whose registration the status
   * said nothing (Audian's shape names only live devices, and a disabled one as disabled): deleted or
   * disabled, their phones still registered. A cycle without the details keeps them registered.
   */
  private contactOnly: ReadonlySet<string> = new Set();
  /** When the last cycle that read `/registrations` began; a failed read is tried again the next cycle. */
  private detailsReadAt = Number.NEGATIVE_INFINITY;
  private failures = 0;
  private hidden = false;
  private polled = false;
  private current: PollStatus = { state: 'stopped', message: 'Not watching.', nextPollInSeconds: null };

  private readonly readDevices: ReadDevices;

  constructor(
    private readonly client: KazooClient,
    private readonly clock: Clock,
    options: PollerOptions = {},
    readDevices?: ReadDevices,
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.readDevices = readDevices ?? serverDeviceList(client);
  }

  get status(): PollStatus {
    return this.current;
  }

  /** Whether a cycle has answered yet: before it, rows are empty for want of knowing, not of phones. */
  get hasData(): boolean {
    return this.polled;
  }

  subscribe(listener: PollerListener): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.start();
    return () => {
      if (!this.listeners.delete(listener) || this.listeners.size > 0) return;
      this.cancelTimer?.();
      this.cancelTimer = undefined;
      this.setStatus({ state: 'stopped', message: 'Not watching.', nextPollInSeconds: null });
    };
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  setVisibility(hidden: boolean): void {
    if (hidden === this.hidden) return;
    this.hidden = hidden;
    // Coming back into view should not wait out the slow hidden interval.
    if (!hidden && this.failures === 0 && this.listeners.size > 0 && !this.running) this.scheduleNext(0);
  }

  pollEvery(ms: number): void {
    this.options.intervalMs = ms;
  }

  /**
   * A device was created, edited or deleted: the next cycle reads the device list again, and
   * starts now (or once the one in flight ends, or the last list read is `LIST_READ_GAP_MS` old)
   * so every view learns of it at once. A poller backing off keeps its wait.
   */
  devicesChanged(): void {
    this.listWanted = true;
    if (this.listeners.size > 0 && this.failures === 0 && !this.running) this.scheduleNext(this.untilListMayBeRead());
  }

  /** Whether the last cycle read the device list. */
  get listIsFresh(): boolean {
    return this.polled && this.listReadLast;
  }

  /** Whether the last device list named this device. */
  lists(deviceId: string): boolean {
    return this.listed.has(deviceId);
  }

  /** Waits for the cycle in flight, if any. */
  async settled(): Promise<void> {
    await this.running;
  }

  rows(): RegistrationRow[] {
    return this.tracker.rows(this.clock.now());
  }

  row(deviceId: string): RegistrationRow | null {
    return this.tracker.row(deviceId, this.clock.now());
  }

  /** The whole account's counts, cheaply: a push after each cycle needs them, not 10,000 rows. */
  counts(): RegistrationCounts {
    return this.tracker.counts();
  }

  /** One cycle now (the first of a watch, or a test's step); on success the regular rhythm continues. */
  poll(): Promise<void> {
    this.running ??= this.cycle().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private start(): void {
    this.failures = 0;
    this.setStatus({ state: 'ok', message: 'Checking registrations…', nextPollInSeconds: 0 });
    void this.poll();
  }

  private interval(): number {
    return this.hidden ? Math.max(this.options.hiddenIntervalMs, this.options.intervalMs) : this.options.intervalMs;
  }

  private untilListMayBeRead(): number {
    return Math.max(0, this.listReadAt + LIST_READ_GAP_MS - this.clock.now());
  }

  private scheduleNext(ms: number): void {
    this.cancelTimer?.();
    this.cancelTimer = this.clock.schedule(ms, () => this.poll());
  }

  private async cycle(): Promise<void> {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    const refresh = this.clock.now() - this.detailsReadAt >= REFRESH_MS;
    const refreshList = this.listWanted || refresh;
    this.listWanted = false;
    const fetched = await this.fetch(refreshList, refresh);
    if (this.listeners.size === 0) return;
    if (!fetched.ok) {
      if (refreshList) this.listWanted = true;
      this.failures += 1;
      const wait = Math.min(this.options.maxBackoffMs, this.options.intervalMs * 2 ** this.failures);
      this.setStatus({ state: 'backing_off', message: failureWords(fetched.error, wait), nextPollInSeconds: seconds(wait) });
      this.scheduleNext(wait);
      return;
    }
    const { devices, registeredIds, disabledIds, registrations } = fetched.value;
    this.listReadLast = devices !== null;
    const listBefore = this.polled ? this.tracker.listRevision : null;
    const changes = this.tracker.update({ devices, registeredIds, disabledIds, registrations, now: this.clock.now() });
    this.polled = true;
    const wait = this.interval();
    if (this.failures > 0 || this.current.state !== 'ok' || this.current.nextPollInSeconds !== seconds(wait)) {
      this.failures = 0;
      this.setStatus({ state: 'ok', message: `Watching ${this.tracker.size} devices.`, nextPollInSeconds: seconds(wait) });
    }
    // Told of a change while this cycle ran: the next one reads the list at once.
    this.scheduleNext(this.listWanted ? Math.min(wait, this.untilListMayBeRead()) : wait);
    // The first list is where the poller starts, not news.
    const listChanged = listBefore !== null && this.tracker.listRevision !== listBefore;
    for (const listener of this.listeners) listener({ type: 'cycle', changes, listChanged });
  }

  /** `readDetails`: read `/registrations` whatever the status says (the periodic refresh). */
  private async fetch(
    refreshList: boolean,
    readDetails: boolean,
  ): Promise<
    Result<{
      devices: TrackedDevice[] | null;
      registeredIds: Set<string>;
      disabledIds: Set<string>;
      registrations: Registration[] | null;
    }>
  > {
    const startedAt = this.clock.now();
    const [listed, states, refreshed] = await Promise.all([
      refreshList ? this.readDevices() : null,
      deviceStates(this.client, background),
      readDetails ? listRegistrations(this.client, background) : null,
    ]);
    if (listed && !listed.ok) return listed;
    if (!states.ok) return states;
    const registeredIds = new Set<string>();
    const disabledIds = new Set<string>();
    for (const [id, said] of states.value) {
      if (said === 'registered') registeredIds.add(id);
      else if (said === 'disabled') disabledIds.add(id);
    }
    // A phone came or went: its IP, user agent and expiry are read in this same cycle.
    const detailsDue = this.registeredAtDetails === null || !sameMembers(registeredIds, this.registeredAtDetails);
    const registrations = refreshed ?? (detailsDue ? await listRegistrations(this.client, background) : null);
    // Details that did not come (a 429, a timeout) leave the set of their last read as it was, so the
    // next cycle reads them again; this cycle's states, which did come, are shown meanwhile.
    const details = registrations?.ok ? registrations.value : null;
    const silentOn = (id: string) => {
      const said = states.value.get(id);
      return said === undefined || said === 'disabled';
    };
    if (!details) for (const id of this.contactOnly) if (silentOn(id)) registeredIds.add(id);
    let devices = listed?.value ?? null;
    // A phone registered under a device the list does not name was made meanwhile (by the command
    // line, another technician or another tool): read the list now rather than show it by SIP username.
    if (!devices && this.namesNewDevice(registeredIds, details ?? [])) {
      const again = await this.readDevices();
      if (!again.ok) return again;
      devices = again.value;
    }
    if (devices) {
      this.listReadAt = this.clock.now();
      this.listed = new Set(devices.map((device) => device.id));
      this.unlisted = new Set(
        [...registeredIds, ...(details ?? []).map((registration) => registration.deviceId)].filter(
          (id): id is string => id !== null && !this.listed.has(id),
        ),
      );
    }
    if (details) {
      this.detailsReadAt = startedAt;
      this.registeredAtDetails = registeredIds;
      this.contactOnly = new Set(
        details.flatMap((registration) =>
          registration.deviceId !== null && silentOn(registration.deviceId) ? [registration.deviceId] : [],
        ),
      );
    }
    return { ok: true, value: { devices, registeredIds, disabledIds, registrations: details } };
  }

  /** A registered device that neither the last list nor the registrations of its cycle named: new since. */
  private namesNewDevice(registeredIds: ReadonlySet<string>, registrations: readonly Registration[]): boolean {
    const isNew = (id: string | null) => id !== null && !this.listed.has(id) && !this.unlisted.has(id);
    for (const id of registeredIds) if (isNew(id)) return true;
    return registrations.some((registration) => isNew(registration.deviceId));
  }

  private setStatus(status: PollStatus): void {
    this.current = status;
    for (const listener of this.listeners) listener({ type: 'status', status });
  }
}
