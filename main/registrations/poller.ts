import type { DeviceSummary } from '../../common/devices';
import type { AppError, Result } from '../../common/ipc/result';
import type { PollStatus, RegistrationChange, RegistrationCounts, RegistrationRow } from '../../common/registrations';
import type { KazooClient } from '../api/client';
import { listDevices } from '../api/devices';
import { deviceStates, listRegistrations, type Registration } from '../api/registrations';
import type { Clock } from '../clock';
import { RegistrationTracker } from './tracker';

export interface PollerOptions {
  intervalMs?: number;
  /** While the window is hidden nobody looks: poll gently. */
  hiddenIntervalMs?: number;
  maxBackoffMs?: number;
  /** The device list changes rarely; it is fetched again every this many cycles (or when told). */
  deviceListEvery?: number;
}

export type PollerEvent = { type: 'cycle'; changes: RegistrationChange[] } | { type: 'status'; status: PollStatus };
export type PollerListener = (event: PollerEvent) => void;

const DEFAULTS: Required<PollerOptions> = { intervalMs: 5_000, hiddenIntervalMs: 30_000, maxBackoffMs: 60_000, deviceListEvery: 10 };
/**
 * Polling waits behind interactive and import requests for a rate-limit token, and a lost
 * connection is not retried inside the cycle: the next cycle is the retry, and the status says
 * at once that the server cannot be reached instead of after a minute of hidden attempts.
 */
const background = { priority: 'background', retryOnTransportError: false } as const;
const seconds = (ms: number) => Math.round(ms / 1000);

function failureWords(error: AppError, retryMs: number): string {
  const retry = `retrying in ${seconds(retryMs)} s`;
  if (error.kind === 'rate_limited') return `The server asks us to slow down, ${retry}`;
  if (error.kind === 'network' || error.kind === 'timeout' || error.kind === 'server' || error.kind === 'tls')
    return `Server unreachable, ${retry}`;
  return `${error.message.replace(/\.$/, '')}; ${retry}`;
}

/**
 * One connection's registration poller, shared by every view that watches: it runs while anyone
 * subscribes. A cycle costs two requests for the whole account (KAZOO pushes no registration
 * events), never one per device, so watching a thousand phones costs what watching one does.
 */
export class RegistrationPoller {
  readonly tracker = new RegistrationTracker();
  private readonly options: Required<PollerOptions>;
  private readonly listeners = new Set<PollerListener>();
  private cancelTimer: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private devices: readonly DeviceSummary[] | null = null;
  private cyclesSinceList = 0;
  private failures = 0;
  private hidden = false;
  private polled = false;
  private current: PollStatus = { state: 'stopped', message: 'Not watching.', nextPollInSeconds: null };

  constructor(
    private readonly client: KazooClient,
    private readonly clock: Clock,
    options: PollerOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
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

  /** The device list is refetched on the next cycle (a device was created, edited or deleted). */
  devicesChanged(): void {
    this.devices = null;
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

  private scheduleNext(ms: number): void {
    this.cancelTimer?.();
    this.cancelTimer = this.clock.schedule(ms, () => this.poll());
  }

  private async cycle(): Promise<void> {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    const refreshList = this.devices === null || this.cyclesSinceList >= this.options.deviceListEvery;
    const fetched = await this.fetch(refreshList);
    if (this.listeners.size === 0) return;
    if (!fetched.ok) {
      this.failures += 1;
      const wait = Math.min(this.options.maxBackoffMs, this.options.intervalMs * 2 ** this.failures);
      this.setStatus({ state: 'backing_off', message: failureWords(fetched.error, wait), nextPollInSeconds: seconds(wait) });
      this.scheduleNext(wait);
      return;
    }
    const { devices, registeredIds, disabledIds, registrations } = fetched.value;
    if (devices) {
      this.devices = devices;
      this.cyclesSinceList = 0;
    } else this.cyclesSinceList += 1;
    const changes = this.tracker.update({ devices, registeredIds, disabledIds, registrations, now: this.clock.now() });
    this.polled = true;
    const wait = this.interval();
    if (this.failures > 0 || this.current.state !== 'ok' || this.current.nextPollInSeconds !== seconds(wait)) {
      this.failures = 0;
      this.setStatus({ state: 'ok', message: `Watching ${this.tracker.size} devices.`, nextPollInSeconds: seconds(wait) });
    }
    this.scheduleNext(wait);
    for (const listener of this.listeners) listener({ type: 'cycle', changes });
  }

  private async fetch(refreshList: boolean): Promise<
    Result<{
      devices: DeviceSummary[] | null;
      registeredIds: Set<string>;
      disabledIds: Set<string>;
      registrations: Registration[];
    }>
  > {
    const [devices, states, registrations] = await Promise.all([
      refreshList ? listDevices(this.client, {}, background) : null,
      deviceStates(this.client, background),
      listRegistrations(this.client, background),
    ]);
    if (devices && !devices.ok) return devices;
    if (!states.ok) return states;
    if (!registrations.ok) return registrations;
    const idsIn = (state: string) => new Set([...states.value].flatMap(([id, said]) => (said === state ? [id] : [])));
    return {
      ok: true,
      value: {
        devices: devices?.value ?? null,
        registeredIds: idsIn('registered'),
        disabledIds: idsIn('disabled'),
        registrations: registrations.value,
      },
    };
  }

  private setStatus(status: PollStatus): void {
    this.current = status;
    for (const listener of this.listeners) listener({ type: 'status', status });
  }
}
