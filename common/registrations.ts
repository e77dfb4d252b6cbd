/** The Live view's model: what main's registration poller tells the renderer and the CLI. */

export type RegistrationState = 'registered' | 'not_registered' | 'disabled';

/** A device's state as the poller knows it, and whether it has never been seen registered (a new phone not plugged in yet). */
export interface DeviceRegistration {
  state: RegistrationState;
  awaitsFirst: boolean;
}

export const STATE_WORDS: Record<RegistrationState, string> = {
  registered: 'registered',
  not_registered: 'not registered',
  disabled: 'disabled',
};

export interface RegistrationRow {
  deviceId: string;
  name: string;
  state: RegistrationState;
  /** Whether a live registration exists, also for a disabled device. */
  registered: boolean;
  /** ISO time of the last REGISTER the server saw. */
  lastSeen: string | null;
  ip: string | null;
  userAgent: string | null;
  /** The registration interval in seconds, as the registrar stores it. */
  expiresSeconds: number | null;
  /**
   * ISO time the registration lapses unless the phone renews it. Null, like `secondsToExpiry`, once
   * the expiry last read has passed while the server still lists the phone as registered (unless
   * stale): the renewal's expiry is known only at the next read of the details.
   */
  expiresAt: string | null;
  secondsToExpiry: number | null;
  /** ISO time the phone first registered (the server's word, else when this app first saw it up). */
  firstRegistration: string | null;
  /** Registered, but its registration lapsed without a renewal: the phone may be gone. */
  stale: boolean;
  /** Came and went at least 3 times in 5 minutes: usually a network or power problem on site. */
  flapping: boolean;
  /** False for a batch's device the account no longer has. */
  known: boolean;
  /** The device's user, extension and MAC (with colons) as the device list gives them, so a technician can find the phone. */
  ownerName: string | null;
  extension: string | null;
  macAddress: string | null;
}

/** A device of the account that has not been seen registered yet: a new phone not plugged in, not a problem. */
export const awaitsFirstRegistration = (row: RegistrationRow): boolean =>
  row.known && row.state === 'not_registered' && row.firstRegistration === null;

/** The row's state in words, telling a phone still to come up from one that went away. */
export const rowStateWords = (row: RegistrationRow): string =>
  awaitsFirstRegistration(row) ? 'waiting for first registration' : STATE_WORDS[row.state];

export interface RegistrationCounts {
  total: number;
  registered: number;
  notRegistered: number;
  disabled: number;
}

export type RegistrationChangeKind = 'online' | 'offline' | 'ip_changed' | 'user_agent_changed' | 'stale';

export interface RegistrationChange {
  deviceId: string;
  name: string;
  kind: RegistrationChangeKind;
  /** The old and new IP or user agent, for the changes that have them. */
  from: string | null;
  to: string | null;
  at: string;
}

export type PollState = 'ok' | 'backing_off' | 'stopped';

export interface PollStatus {
  state: PollState;
  /** One sentence for the status bar, e.g. "Server unreachable, retrying in 20 s". */
  message: string;
  nextPollInSeconds: number | null;
}

export interface RegistrationsSnapshot {
  connectionId: string;
  batchId: string | null;
  counts: RegistrationCounts;
  /** "37 of 40 registered". */
  summary: string;
  rows: RegistrationRow[];
  status: PollStatus;
  /** How often main polls while the window is visible. */
  intervalSeconds: number;
  at: string;
}

export interface RegistrationsUpdate {
  connectionId: string;
  batchId: string | null;
  /** What changed among the watched devices (the batch's, or the whole account's). */
  changes: RegistrationChange[];
  /** The rows the changes touched, in their new state. */
  rows: RegistrationRow[];
  counts: RegistrationCounts;
  summary: string;
  /** Every device of the account that came online or went offline, watched or not: the Devices list shows them all. */
  states: Array<{ deviceId: string; state: RegistrationState }>;
}

export const CHANGE_WORDS: Record<RegistrationChangeKind, string> = {
  online: 'came online',
  offline: 'went offline',
  ip_changed: 'changed IP',
  user_agent_changed: 'changed user agent',
  stale: 'registration expired without renewal',
};

export function countStates(states: Iterable<RegistrationState>): RegistrationCounts {
  const counts: RegistrationCounts = { total: 0, registered: 0, notRegistered: 0, disabled: 0 };
  for (const state of states) {
    counts.total += 1;
    if (state === 'registered') counts.registered += 1;
    else if (state === 'disabled') counts.disabled += 1;
    else counts.notRegistered += 1;
  }
  return counts;
}

export const countsOf = (rows: readonly RegistrationRow[]): RegistrationCounts => countStates(rows.map((row) => row.state));

export const summaryOf = (counts: RegistrationCounts): string => `${counts.registered} of ${counts.total} registered`;

/** The poll intervals the Live view offers; the watch accepts any whole number of seconds in this range. */
export const POLL_INTERVAL_CHOICES = [2, 5, 10, 30] as const;
export const MIN_POLL_SECONDS = 2;
export const MAX_POLL_SECONDS = 60;
export const DEFAULT_POLL_SECONDS = 5;

export type RegistrationAlertKind = 'batch_complete' | 'phone_dropped';

/** What main decided is worth interrupting the technician for, whatever page the window shows. */
export interface RegistrationAlert {
  /** Unique per alert, so a view can dismiss one. */
  id: string;
  kind: RegistrationAlertKind;
  /** A few words, e.g. "Floor 1: all phones registered". */
  title: string;
  /** One or two sentences naming what happened. */
  body: string;
  at: string;
  connectionId: string;
  batchId: string | null;
  /** The phones that went offline, for phone_dropped. */
  deviceIds: string[];
}
