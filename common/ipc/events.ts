import type { ConnectionsOverview } from '../connections';
import type { CrashReport } from '../crash';
import type { BatchProgress } from '../import/types';
import type { PollStatus, RegistrationAlert, RegistrationsUpdate } from '../registrations';
import type { UpdateStatus } from '../updates';

/**
 * Pushes from main to the renderer: a small map from event name to payload type. Names are
 * listed once in `eventNames`; the payload types sit beside them.
 */
export interface EventPayloads {
  /** Sent after every ping, so the push path can be checked end to end. */
  'app:pinged': { message: string; at: string };
  /** main caught an uncaught exception or unhandled rejection: the window shows it calmly and offers a restart. */
  'app:crashed': CrashReport;
  /** Any change to the saved connections or the active one. */
  'connections:changed': ConnectionsOverview;
  /** An import batch moved on: counts, rate, state, and the rows that finished since the last event. */
  'import:progress': BatchProgress;
  /**
   * Devices of this connection were created, changed or deleted: by this app (editor, bulk,
   * duplicate, each import row), or elsewhere once the Live poller's list read shows it. Views reload.
   */
  'devices:changed': { connectionId: string };
  /** Phones of the watched view came online, went offline or changed; sent only for cycles with changes. */
  'registrations:changed': RegistrationsUpdate;
  /** The poller's health: polling, backing off from an unreachable server, or stopped. */
  'registrations:status': PollStatus;
  /** Worth interrupting for: the watched batch is fully registered, or registered phones dropped. */
  'registrations:alert': RegistrationAlert;
  /** The technician clicked an alert's desktop notification: the window should show Live. */
  'registrations:alertClicked': RegistrationAlert;
  /** The app's own update moved on: checking, downloading, ready to restart, or held back while a batch runs. */
  'updates:status': UpdateStatus;
}

export type EventName = keyof EventPayloads;

const eventNameSet: Record<EventName, true> = {
  'app:pinged': true,
  'app:crashed': true,
  'connections:changed': true,
  'import:progress': true,
  'devices:changed': true,
  'registrations:changed': true,
  'registrations:status': true,
  'registrations:alert': true,
  'registrations:alertClicked': true,
  'updates:status': true,
};

export const eventNames = Object.keys(eventNameSet) as EventName[];

export const isEventName = (name: unknown): name is EventName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(eventNameSet, name);
