/**
 * Simulated phones on a customer site: with auto-register on, every enabled device with SIP
 * credentials registers after a random delay, some keep flapping, and a phone told to reboot
 * drops off and comes back a few seconds later. Timers are unref'd (they never keep a process
 * alive) and all cleared on close; delays come from the seeded PRNG.
 */
import type { Doc } from './docs';
import { isObject } from './docs';
import { findBySipUsername } from './devices';
import type { DocumentStore } from './document-store';
import type { AutoRegister, MsRange } from './options';
import type { Prng } from './prng';
import type { RegisterDetails, Registrar } from './registrar';

/** A device a phone can register as: live, enabled, password credentials with a username. */
function canRegister(doc: Doc | undefined): doc is Doc {
  if (!doc || doc['pvt_deleted'] === true || doc['enabled'] === false) return false;
  const sip = isObject(doc['sip']) ? doc['sip'] : {};
  return (sip['method'] ?? 'password') === 'password' && typeof sip['username'] === 'string';
}

const hasPassword = (doc: Doc): boolean => isObject(doc['sip']) && typeof doc['sip']['password'] === 'string';

export class PhoneSimulator {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly flappers = new Set<string>();
  private closed = false;

  constructor(
    private readonly devices: DocumentStore,
    private readonly registrar: Registrar,
    private readonly prng: Prng,
    private readonly auto: Required<AutoRegister> | false,
    private readonly rebootDelay: MsRange,
    /** Whether a device that can no longer register keeps its phone's contact (`contactsOutliveDevices`). */
    private readonly contactsOutliveDevices: () => boolean,
  ) {}

  /** Plugs in every phone already configured (demo data, a loaded data file). */
  start(): void {
    for (const doc of this.devices.live()) this.deviceChanged(doc._id);
  }

  /** A phone registering by hand (the control API); `undefined` when no device can. */
  register(username: string, details: RegisterDetails): { doc: Doc; entry: Record<string, unknown> } | undefined {
    const doc = findBySipUsername(this.devices, username);
    if (!canRegister(doc)) return undefined;
    this.cancel(doc._id);
    return { doc, entry: this.registrar.register(doc, 'control', details) };
  }

  unregister(username: string): boolean {
    const doc = findBySipUsername(this.devices, username);
    if (!doc) return false;
    this.cancel(doc._id);
    return this.registrar.unregister(doc._id, 'control');
  }

  /** Keeps registrations consistent with the stored device after every write. */
  deviceChanged(id: string): void {
    const doc = this.devices.find(id);
    const entry = this.registrar.get(id);
    if (!canRegister(doc)) {
      this.cancel(id);
      if (entry && !this.contactsOutliveDevices()) this.registrar.unregister(id, 'device-changed');
      return;
    }
    const username = String((doc['sip'] as Record<string, unknown>)['username']);
    if (entry && String(entry['username']).toLowerCase() !== username.toLowerCase()) {
      // The phone still holds the old credentials; it drops off until reprovisioned.
      this.registrar.unregister(id, 'device-changed');
    }
    if (this.auto && !this.registrar.isRegistered(id) && !this.timers.has(id) && hasPassword(doc)) {
      this.flappers.delete(id);
      if (this.prng.next() < this.auto.flapShare) this.flappers.add(id);
      this.schedule(id, this.delay(this.auto), () => this.comeUp(id, 'auto'));
    }
  }

  /** After a flush the registrar forgets everyone; auto phones re-register as real ones would. */
  flushed(ids: readonly string[]): void {
    for (const id of ids) this.deviceChanged(id);
  }

  /** check-sync with reboot: a registered phone goes away and registers again shortly. */
  reboot(id: string): void {
    if (!this.registrar.unregister(id, 'reboot')) return;
    this.schedule(id, this.delay(this.rebootDelay), () => this.comeUp(id, 'reboot'));
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private comeUp(id: string, reason: 'auto' | 'reboot' | 'flap'): void {
    const doc = this.devices.find(id);
    if (!canRegister(doc)) return;
    this.registrar.register(doc, reason);
    if (this.auto && this.flappers.has(id)) {
      const auto = this.auto;
      this.schedule(id, this.delay(auto.flapUp), () => {
        this.registrar.unregister(id, 'flap');
        this.schedule(id, this.delay(auto.flapDown), () => this.comeUp(id, 'flap'));
      });
    }
  }

  private schedule(id: string, ms: number, run: () => void): void {
    if (this.closed) return;
    this.cancel(id);
    const timer = setTimeout(() => {
      this.timers.delete(id);
      run();
    }, ms);
    timer.unref();
    this.timers.set(id, timer);
  }

  private cancel(id: string): void {
    const timer = this.timers.get(id);
    if (timer) clearTimeout(timer);
    this.timers.delete(id);
  }

  private delay(range: MsRange): number {
    return this.prng.between(range.minMs, range.maxMs);
  }
}
