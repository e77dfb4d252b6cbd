import type {
  DeviceRegistration,
  RegistrationChange,
  RegistrationChangeKind,
  RegistrationCounts,
  RegistrationRow,
  RegistrationState,
} from '../../common/registrations';
import { countStates } from '../../common/registrations';
import { gregorianToMs } from '../../common/gregorian';
import type { Registration } from '../api/registrations';

const FLAP_WINDOW_MS = 5 * 60_000;
const FLAP_THRESHOLD = 3;
/** Enough transitions to judge flapping; older ones are dropped so memory stays flat. */
const MAX_TRANSITIONS = 8;

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
/** The collation of `localeCompare`, so a caller sorting the rows by name again finds them in order. */
const byName = new Intl.Collator().compare;

/** A device as the device list describes it: what the Live rows show besides its registration. */
export interface TrackedDevice {
  id: string;
  name: string;
  enabled: boolean;
  ownerName: string | null;
  extension: string | null;
  /** With colons, as the technician reads it on the phone's label. */
  macAddress: string | null;
}

interface Track {
  deviceId: string;
  name: string;
  enabled: boolean;
  /** The server's status says disabled, whatever the device's document says. */
  disabledByServer: boolean;
  ownerName: string | null;
  extension: string | null;
  macAddress: string | null;
  listed: boolean;
  registered: boolean;
  ip: string | null;
  userAgent: string | null;
  expiresSeconds: number | null;
  lastSeenMs: number | null;
  firstRegistrationMs: number | null;
  stale: boolean;
  transitions: number[];
  /** The cycle that last reported the device registered, and its newest contact in that cycle (null between cycles). */
  seenIn: number;
  latest: Registration | null;
  /** The times in words, kept until they change: rows are read often, 10,000 at a time. */
  words: { lastSeen: string | null; expiresAt: string | null; firstRegistration: string | null } | null;
}

const stateOf = (track: Track): RegistrationState =>
  !track.enabled || track.disabledByServer ? 'disabled' : track.registered ? 'registered' : 'not_registered';

export interface CycleInput {
  /** The device list, when it was fetched this cycle; otherwise the last one stays. */
  devices: readonly TrackedDevice[] | null;
  registeredIds: ReadonlySet<string>;
  /** Devices the server's status calls disabled (Audian's `status: disabled`); KAZOO's shape names none. */
  disabledIds?: ReadonlySet<string>;
  /**
   * The contacts, when `/registrations` was read this cycle; otherwise (null) each device keeps
   * the details last read. A device `registeredIds` names without a contact is registered all the
   * same, its details blank until a read names it.
   */
  registrations: readonly Registration[] | null;
  now: number;
}

/**
 * Every device's registration state, fed one poll at a time; each feed answers what changed.
 * The first feed only sets the baseline: phones already up did not just "come online".
 * A feed touches each device once and allocates only for what changed, so a 10,000-device
 * account costs a few milliseconds a cycle.
 */
export class RegistrationTracker {
  private readonly tracks = new Map<string, Track>();
  private baseline = false;
  private cycle = 0;
  /** The tracks in name order, sorted again only when a device arrives, leaves or is renamed. */
  private ordered: Track[] | null = null;
  private listChanges = 0;

  get size(): number {
    return this.tracks.size;
  }

  /** Counts the feeds whose device list differed from the one before (devices added, removed, renamed, re-labelled). */
  get listRevision(): number {
    return this.listChanges;
  }

  update(input: CycleInput): RegistrationChange[] {
    const { now } = input;
    const cycle = ++this.cycle;
    const changes: RegistrationChange[] = [];
    let at: string | undefined;
    const emit = (track: Track, kind: RegistrationChangeKind, from: string | null = null, to: string | null = null) => {
      if (!this.baseline) return;
      at ??= new Date(now).toISOString();
      changes.push({ deviceId: track.deviceId, name: track.name, kind, from, to, at });
    };

    if (input.devices) this.applyList(input.devices);

    // One device may hold several contacts: the most recent REGISTER describes it.
    for (const registration of input.registrations ?? []) {
      const id = registration.deviceId;
      if (!id) continue;
      const track = this.trackOf(id, registration.username || id);
      if (track.seenIn !== cycle || (registration.eventTimestamp ?? 0) > (track.latest?.eventTimestamp ?? 0)) track.latest = registration;
      track.seenIn = cycle;
    }
    for (const id of input.registeredIds) this.trackOf(id, id).seenIn = cycle;

    for (const track of this.tracks.values()) {
      track.disabledByServer = input.disabledIds?.has(track.deviceId) ?? false;
      const registered = track.seenIn === cycle;
      const registration = registered ? track.latest : null;
      track.latest = null;
      if (registered !== track.registered) {
        track.registered = registered;
        track.transitions.push(now);
        if (track.transitions.length > MAX_TRANSITIONS) track.transitions.shift();
        if (registered && track.firstRegistrationMs === null) this.setTimes(track, track.lastSeenMs, track.expiresSeconds, now);
        if (!registered) track.stale = false;
        emit(track, registered ? 'online' : 'offline');
      }
      while (track.transitions.length > 0 && (track.transitions[0] as number) < now - FLAP_WINDOW_MS) track.transitions.shift();
      if (!registration) continue;

      if (registration.sourceIp !== track.ip) {
        if (track.ip !== null && registration.sourceIp !== null) emit(track, 'ip_changed', track.ip, registration.sourceIp);
        track.ip = registration.sourceIp;
      }
      if (registration.userAgent !== track.userAgent) {
        if (track.userAgent !== null && registration.userAgent !== null)
          emit(track, 'user_agent_changed', track.userAgent, registration.userAgent);
        track.userAgent = registration.userAgent;
      }
      const lastSeenMs = registration.eventTimestamp === null ? track.lastSeenMs : gregorianToMs(registration.eventTimestamp);
      const firstMs =
        registration.firstRegistration !== null && registration.firstRegistration > 1
          ? gregorianToMs(registration.firstRegistration)
          : track.firstRegistrationMs;
      this.setTimes(track, lastSeenMs, registration.expires, firstMs);

      const expiry = this.expiryMs(track);
      const stale = expiry !== null && expiry < now;
      if (stale && !track.stale) emit(track, 'stale');
      track.stale = stale;
    }
    this.baseline = true;
    return changes;
  }

  /** Every device, in name order. */
  rows(now: number): RegistrationRow[] {
    this.ordered ??= [...this.tracks.values()].sort((a, b) => byName(a.name, b.name) || (a.deviceId < b.deviceId ? -1 : 1));
    return this.ordered.map((track) => this.rowOf(track, now));
  }

  row(deviceId: string, now: number): RegistrationRow | null {
    const track = this.tracks.get(deviceId);
    return track ? this.rowOf(track, now) : null;
  }

  /** Each device's state, without making a row per device. */
  states(): Map<string, DeviceRegistration> {
    return new Map(
      Array.from(this.tracks.values(), (track) => {
        const state = stateOf(track);
        return [track.deviceId, { state, awaitsFirst: state === 'not_registered' && track.firstRegistrationMs === null }];
      }),
    );
  }

  /** The counts `countsOf(rows())` gives, without making a row per device. */
  counts(): RegistrationCounts {
    return countStates(Array.from(this.tracks.values(), stateOf));
  }

  private rowOf(track: Track, now: number): RegistrationRow {
    track.words ??= {
      lastSeen: iso(track.lastSeenMs),
      expiresAt: iso(this.expiryMs(track)),
      firstRegistration: iso(track.firstRegistrationMs),
    };
    const expiry = track.registered ? this.expiryMs(track) : null;
    // Past the expiry last read while the status still calls the phone registered, it renewed: its
    // new expiry is unknown until the next read of the details. A stale contact expired for real.
    const expiryKnown = expiry !== null && (expiry >= now || track.stale);
    let recent = 0;
    for (const at of track.transitions) if (at >= now - FLAP_WINDOW_MS) recent += 1;
    return {
      deviceId: track.deviceId,
      name: track.name,
      state: stateOf(track),
      registered: track.registered,
      lastSeen: track.words.lastSeen,
      ip: track.ip,
      userAgent: track.userAgent,
      expiresSeconds: track.registered ? track.expiresSeconds : null,
      expiresAt: expiryKnown ? track.words.expiresAt : null,
      secondsToExpiry: expiryKnown ? Math.round((expiry - now) / 1000) : null,
      firstRegistration: track.words.firstRegistration,
      stale: track.registered && track.stale,
      flapping: recent >= FLAP_THRESHOLD,
      known: track.listed || track.registered,
      ownerName: track.ownerName,
      extension: track.extension,
      macAddress: track.macAddress,
    };
  }

  private setTimes(track: Track, lastSeenMs: number | null, expiresSeconds: number | null, firstRegistrationMs: number | null): void {
    if (lastSeenMs === track.lastSeenMs && expiresSeconds === track.expiresSeconds && firstRegistrationMs === track.firstRegistrationMs)
      return;
    track.lastSeenMs = lastSeenMs;
    track.expiresSeconds = expiresSeconds;
    track.firstRegistrationMs = firstRegistrationMs;
    track.words = null;
  }

  private expiryMs(track: Track): number | null {
    return track.lastSeenMs === null || track.expiresSeconds === null ? null : track.lastSeenMs + track.expiresSeconds * 1000;
  }

  private trackOf(deviceId: string, name: string): Track {
    let track = this.tracks.get(deviceId);
    if (!track) {
      track = this.newTrack(deviceId, name, true, false);
      this.tracks.set(deviceId, track);
      this.ordered = null;
    }
    return track;
  }

  /** Devices gone from the account are forgotten unless still registered, so a long run does not grow. */
  private applyList(devices: readonly TrackedDevice[]): void {
    const listed = new Set<string>();
    let changed = false;
    for (const device of devices) {
      listed.add(device.id);
      const track = this.tracks.get(device.id);
      if (!track) {
        this.tracks.set(device.id, {
          ...this.newTrack(device.id, device.name, device.enabled, true),
          ownerName: device.ownerName,
          extension: device.extension,
          macAddress: device.macAddress,
        });
        this.ordered = null;
        changed = true;
        continue;
      }
      if (track.name !== device.name) this.ordered = null;
      changed ||=
        !track.listed ||
        track.name !== device.name ||
        track.enabled !== device.enabled ||
        track.ownerName !== device.ownerName ||
        track.extension !== device.extension ||
        track.macAddress !== device.macAddress;
      track.name = device.name;
      track.enabled = device.enabled;
      track.listed = true;
      track.ownerName = device.ownerName;
      track.extension = device.extension;
      track.macAddress = device.macAddress;
    }
    for (const [id, track] of this.tracks) {
      if (listed.has(id)) continue;
      changed ||= track.listed;
      if (track.registered) track.listed = false;
      else {
        this.tracks.delete(id);
        this.ordered = null;
      }
    }
    if (changed) this.listChanges += 1;
  }

  private newTrack(deviceId: string, name: string, enabled: boolean, listed: boolean): Track {
    return {
      deviceId,
      name,
      enabled,
      disabledByServer: false,
      listed,
      ownerName: null,
      extension: null,
      macAddress: null,
      registered: false,
      ip: null,
      userAgent: null,
      expiresSeconds: null,
      lastSeenMs: null,
      firstRegistrationMs: null,
      stale: false,
      transitions: [],
      seenIn: 0,
      latest: null,
      words: null,
    };
  }
}
