import { countsOf, summaryOf, type RegistrationRow } from '../../common/registrations';
import type { RegistrationPoller } from './poller';

/** A batch's device the account does not have (deleted since, or never created). */
const missingRow = (deviceId: string): RegistrationRow => ({
  deviceId,
  name: deviceId,
  state: 'not_registered',
  registered: false,
  lastSeen: null,
  ip: null,
  userAgent: null,
  expiresSeconds: null,
  expiresAt: null,
  secondsToExpiry: null,
  firstRegistration: null,
  stale: false,
  flapping: false,
  known: false,
  ownerName: null,
  extension: null,
  macAddress: null,
});

/** The rows one watcher sees: every device of the account (by name), or only a batch's, in the batch's order. */
export function rowsFor(poller: RegistrationPoller, deviceIds: readonly string[] | null): RegistrationRow[] {
  if (deviceIds === null) return poller.rows();
  return deviceIds.map((id) => poller.row(id) ?? missingRow(id));
}

/** A watcher's counts and summary; the whole account's come from the tracker without building its rows. */
export function viewOf(poller: RegistrationPoller, deviceIds: readonly string[] | null) {
  const counts = deviceIds === null ? poller.counts() : countsOf(rowsFor(poller, deviceIds));
  return { counts, summary: summaryOf(counts) };
}
