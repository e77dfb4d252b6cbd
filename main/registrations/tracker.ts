import type { DeviceSummary } from '../../common/devices';
import type { RegistrationChange, RegistrationChangeKind, RegistrationRow } from '../../common/registrations';
import type { Registration } from '../api/registrations';

/** KAZOO counts seconds from year 0 (Gregorian); Unix from 1970. */
const GREGORIAN_TO_UNIX_SECONDS = 62_167_219_200;
export const FLAP_WINDOW_MS = 5 * 60_000;
export const FLAP_THRESHOLD = 3;
/** Enough transitions to judge flapping; older ones are dropped so memory stays flat. */
const MAX_TRANSITIONS = 8;

export const gregorianToMs = (seconds: number): number => (seconds - GREGORIAN_TO_UNIX_SECONDS) * 1000;
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

interface Track {
  deviceId: string;
  name: string;
  enabled: boolean;
  listed: boolean;
  registered: boolean;
  ip: string | null;
  userAgent: string | null;
  expiresSeconds: number | null;
  lastSeenMs: number | null;
  firstRegistrationMs: number | null;
  stale: boolean;
  transitions: number[];
}

export interface CycleInput {
  /** The device list, when it was fetched this cycle; otherwise the last one stays. */
  devices: readonly DeviceSummary[] | null;
  registeredIds: ReadonlySet<string>;
  registrations: readonly Registration[];
  now: number;
}

/**
 * Every device's registration state, fed one poll at a time; each feed answers what changed.
 * The first feed only sets the baseline: phones already up did not just "come online".
 */
export class RegistrationTracker {
  private readonly tracks = new Map<string, Track>();
  private baseline = false;

  get size(): number {
    return this.tracks.size;
  }

  update(input: CycleInput): RegistrationChange[] {
    const { now } = input;
    const at = new Date(now).toISOString();
    const changes: RegistrationChange[] = [];
    const emit = (track: Track, kind: RegistrationChangeKind, from: string | null = null, to: string | null = null) => {
      if (this.baseline) changes.push({ deviceId: track.deviceId, name: track.name, kind, from, to, at });
    };

    if (input.devices) this.applyList(input.devices);

    // One device may hold several contacts: the most recent REGISTER describes it.
    const latest = new Map<string, Registration>();
    for (const registration of input.registrations) {
      if (!registration.deviceId) continue;
      const seen = latest.get(registration.deviceId);
      if (!seen || (registration.eventTimestamp ?? 0) > (seen.eventTimestamp ?? 0)) latest.set(registration.deviceId, registration);
    }

    const ids = new Set<string>([...input.registeredIds, ...latest.keys()]);
    for (const id of ids) {
      if (!this.tracks.has(id)) this.tracks.set(id, this.newTrack(id, latest.get(id)?.username || id, true, false));
    }

    for (const track of this.tracks.values()) {
      const registration = latest.get(track.deviceId);
      const registered = ids.has(track.deviceId);
      if (registered !== track.registered) {
        track.registered = registered;
        track.transitions.push(now);
        if (track.transitions.length > MAX_TRANSITIONS) track.transitions.shift();
        if (registered) track.firstRegistrationMs ??= now;
        if (!registered) track.stale = false;
        emit(track, registered ? 'online' : 'offline');
      }
      while (track.transitions.length > 0 && (track.transitions[0] as number) < now - FLAP_WINDOW_MS) track.transitions.shift();
      if (!registered || !registration) continue;

      if (registration.sourceIp !== track.ip) {
        if (track.ip !== null && registration.sourceIp !== null) emit(track, 'ip_changed', track.ip, registration.sourceIp);
        track.ip = registration.sourceIp;
      }
      if (registration.userAgent !== track.userAgent) {
        if (track.userAgent !== null && registration.userAgent !== null)
          emit(track, 'user_agent_changed', track.userAgent, registration.userAgent);
        track.userAgent = registration.userAgent;
      }
      track.expiresSeconds = registration.expires;
      if (registration.eventTimestamp !== null) track.lastSeenMs = gregorianToMs(registration.eventTimestamp);
      if (registration.firstRegistration !== null && registration.firstRegistration > 1)
        track.firstRegistrationMs = gregorianToMs(registration.firstRegistration);

      const expiry = this.expiryMs(track);
      const stale = expiry !== null && expiry < now;
      if (stale && !track.stale) emit(track, 'stale');
      track.stale = stale;
    }
    this.baseline = true;
    return changes;
  }

  rows(now: number): RegistrationRow[] {
    return [...this.tracks.values()].map((track) => this.rowOf(track, now));
  }

  row(deviceId: string, now: number): RegistrationRow | null {
    const track = this.tracks.get(deviceId);
    return track ? this.rowOf(track, now) : null;
  }

  private rowOf(track: Track, now: number): RegistrationRow {
    const expiry = track.registered ? this.expiryMs(track) : null;
    return {
      deviceId: track.deviceId,
      name: track.name,
      state: !track.enabled ? 'disabled' : track.registered ? 'registered' : 'not_registered',
      registered: track.registered,
      lastSeen: iso(track.lastSeenMs),
      ip: track.ip,
      userAgent: track.userAgent,
      expiresSeconds: track.registered ? track.expiresSeconds : null,
      expiresAt: iso(expiry),
      secondsToExpiry: expiry === null ? null : Math.round((expiry - now) / 1000),
      firstRegistration: iso(track.firstRegistrationMs),
      stale: track.registered && track.stale,
      flapping: track.transitions.filter((at) => at >= now - FLAP_WINDOW_MS).length >= FLAP_THRESHOLD,
      known: track.listed || track.registered,
    };
  }

  private expiryMs(track: Track): number | null {
    return track.lastSeenMs === null || track.expiresSeconds === null ? null : track.lastSeenMs + track.expiresSeconds * 1000;
  }

  /** Devices gone from the account are forgotten unless still registered, so a long run does not grow. */
  private applyList(devices: readonly DeviceSummary[]): void {
    const listed = new Set<string>();
    for (const device of devices) {
      listed.add(device.id);
      const track = this.tracks.get(device.id);
      if (track) {
        track.name = device.name;
        track.enabled = device.enabled;
        track.listed = true;
      } else this.tracks.set(device.id, this.newTrack(device.id, device.name, device.enabled, true));
    }
    for (const [id, track] of this.tracks) {
      if (listed.has(id)) continue;
      if (track.registered) track.listed = false;
      else this.tracks.delete(id);
    }
  }

  private newTrack(deviceId: string, name: string, enabled: boolean, listed: boolean): Track {
    return {
      deviceId,
      name,
      enabled,
      listed,
      registered: false,
      ip: null,
      userAgent: null,
      expiresSeconds: null,
      lastSeenMs: null,
      firstRegistrationMs: null,
      stale: false,
      transitions: [],
    };
  }
}
