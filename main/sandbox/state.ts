/**
 * The sandbox's whole world in memory: one account, its users, devices and callflows (soft-deleted ones
 * kept, as CouchDB keeps them), the phone actions it was asked to perform, and request counters.
 */
import type { Doc } from './docs';

export interface Account {
  id: string;
  name: string;
  realm: string;
  apiKey: string;
  /** Epoch ms. */
  created: number;
}

export interface PhoneAction {
  kind: 'sync' | 'quickcall';
  deviceId: string;
  requestId: string;
  /** Epoch ms. */
  at: number;
  /** sync: whether the phone was told to reboot. */
  reboot?: boolean;
  /** Whether a registered phone was there to receive it (KAZOO only NOTIFYs registered phones). */
  delivered: boolean;
  /** quickcall: the number dialled and the query options. */
  number?: string;
  options?: Record<string, string>;
}

export interface Stats {
  requests: number;
  tooManyRequests: number;
  /** 503s for requests beyond `maxInFlight`. */
  overCapacity: number;
  byStatus: Record<number, number>;
  faults: { unavailable: number; reset: number; lost: number };
}

export class SandboxState {
  readonly users = new Map<string, Doc>();
  readonly devices = new Map<string, Doc>();
  readonly callflows = new Map<string, Doc>();
  readonly actions: PhoneAction[] = [];
  readonly stats: Stats = { requests: 0, tooManyRequests: 0, overCapacity: 0, byStatus: {}, faults: { unavailable: 0, reset: 0, lost: 0 } };
  private readonly changeListeners: (() => void)[] = [];
  private sortedCache: { devices: Doc[]; users: Doc[]; callflows: Doc[] } | undefined;

  constructor(
    readonly account: Account,
    readonly tokenSecret: string,
  ) {}

  /** Live devices in ascending id order, the order of KAZOO's views; cached until the next write. */
  liveDevices(): readonly Doc[] {
    return this.sorted().devices;
  }

  /** Live users in ascending id order; cached until the next write. */
  liveUsers(): readonly Doc[] {
    return this.sorted().users;
  }

  /** Live callflows in ascending id order; cached until the next write. */
  liveCallflows(): readonly Doc[] {
    return this.sorted().callflows;
  }

  liveDevice(id: string): Doc | undefined {
    const doc = this.devices.get(id);
    return doc && doc['pvt_deleted'] !== true ? doc : undefined;
  }

  liveUser(id: string): Doc | undefined {
    const doc = this.users.get(id);
    return doc && doc['pvt_deleted'] !== true ? doc : undefined;
  }

  liveCallflow(id: string): Doc | undefined {
    const doc = this.callflows.get(id);
    return doc && doc['pvt_deleted'] !== true ? doc : undefined;
  }

  onChange(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  /** Call after every committed write. */
  changed(): void {
    this.sortedCache = undefined;
    for (const listener of this.changeListeners) listener();
  }

  private sorted(): { devices: Doc[]; users: Doc[]; callflows: Doc[] } {
    const live = (docs: Map<string, Doc>): Doc[] =>
      [...docs.values()].filter((doc) => doc['pvt_deleted'] !== true).sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
    this.sortedCache ??= { devices: live(this.devices), users: live(this.users), callflows: live(this.callflows) };
    return this.sortedCache;
  }
}
