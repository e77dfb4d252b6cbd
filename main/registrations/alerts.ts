import {
  summaryOf,
  type RegistrationAlert,
  type RegistrationChange,
  type RegistrationCounts,
  type RegistrationRow,
} from '../../common/registrations';

export interface AlertInput {
  connectionId: string;
  /** The watched batch; null when the watch is every device of the account. */
  batch: { batchId: string; name: string } | null;
  /** The watch's counts before this cycle: alerts are about transitions, never about how a watch started. */
  before: RegistrationCounts;
  after: RegistrationCounts;
  /** This cycle's changes, already narrowed to the watch. */
  changes: readonly RegistrationChange[];
  /** The rows the changes touched, in their new state. */
  rows: readonly RegistrationRow[];
  at: string;
}

/** Beyond this many, a drop alert names the first few: a site-wide outage is one alert, not thirty. */
const NAMED_DROPS = 3;

const phones = (count: number) => (count === 1 ? '1 phone' : `${count} phones`);

function namesOf(names: readonly string[]): string {
  if (names.length <= NAMED_DROPS)
    return names.length === 1 ? (names[0] as string) : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `${names.slice(0, NAMED_DROPS).join(', ')} and ${names.length - NAMED_DROPS} more`;
}

/**
 * What one poll cycle is worth a notification for: the watched batch became fully registered, or
 * registered phones dropped. Pure, so the rules are tested without a server or a clock.
 */
export function registrationAlerts(input: AlertInput): RegistrationAlert[] {
  const { connectionId, batch, before, after, at } = input;
  const batchId = batch?.batchId ?? null;
  const alert = (kind: RegistrationAlert['kind'], title: string, body: string, deviceIds: string[] = []): RegistrationAlert => ({
    id: `${kind}:${connectionId}:${batchId ?? 'all'}:${at}`,
    kind,
    title,
    body,
    at,
    connectionId,
    batchId,
    deviceIds,
  });
  const alerts: RegistrationAlert[] = [];

  // A disabled device cannot register: it does not hold the batch back, but the words say it is there.
  if (batch && before.notRegistered > 0 && after.notRegistered === 0 && after.registered > 0) {
    const disabled =
      after.disabled > 0 ? ` ${phones(after.disabled)} ${after.disabled === 1 ? 'is' : 'are'} disabled and not counted.` : '';
    alerts.push(
      alert(
        'batch_complete',
        `${batch.name}: all phones registered`,
        `${summaryOf(after)}: every enabled phone of the batch is up.${disabled}`,
      ),
    );
  }

  // A phone someone disabled is expected to drop; only enabled ones are news.
  const stateOf = new Map(input.rows.map((row) => [row.deviceId, row.state]));
  const dropped = input.changes.filter((change) => change.kind === 'offline' && stateOf.get(change.deviceId) !== 'disabled');
  if (dropped.length > 0) {
    const names = dropped.map((change) => change.name);
    const title = dropped.length === 1 ? `${names[0]} went offline` : `${phones(dropped.length)} went offline`;
    const lead =
      dropped.length === 1 ? 'It was registered and is not any more.' : `${namesOf(names)} were registered and are not any more.`;
    alerts.push(
      alert(
        'phone_dropped',
        title,
        `${lead} Now ${summaryOf(after)}.`,
        dropped.map((change) => change.deviceId),
      ),
    );
  }
  return alerts;
}
