import { ok, type Result } from '../../common/ipc/result';
import type { RegistrationState } from '../../common/registrations';
import { RESPONSE_LIMITS, type KazooClient, type RequestOptions } from './client';

/** One contact of a registered device, as KAZOO's registrar reports it (research §7.1). */
export interface Registration {
  deviceId: string | null;
  username: string;
  userAgent: string | null;
  sourceIp: string | null;
  /** Registration interval in seconds, not a countdown. */
  expires: number | null;
  /** Gregorian seconds of the last REGISTER (KAZOO's clock). */
  eventTimestamp: number | null;
  firstRegistration: number | null;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' && value !== 'undefined' ? value : null);
const number = (value: unknown): number | null => {
  const parsed = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(parsed) ? parsed : null;
};

/** One device's status in either shape a server answers: KAZOO's `registered`, or Audian's `status` word. */
interface StatusEntry {
  device_id?: unknown;
  registered?: unknown;
  status?: unknown;
}

const STATUS_WORDS: Record<string, RegistrationState> = {
  registered: 'registered',
  unregistered: 'not_registered',
  disabled: 'disabled',
};

/**
 * Audian's page documents `status: registered | unregistered | disabled`; KAZOO answers
 * `registered: true`. An entry with neither is registered when it is in the account's list
 * (KAZOO lists registered devices only) and not registered when it is one device's answer.
 */
function stateOf(entry: StatusEntry, listed: boolean): RegistrationState {
  const word = typeof entry.status === 'string' ? STATUS_WORDS[entry.status.toLowerCase()] : undefined;
  if (word) return word;
  if (typeof entry.registered === 'boolean') return entry.registered ? 'registered' : 'not_registered';
  return listed ? 'registered' : 'not_registered';
}

/** The state of every device the account's status list names, in one request; a device it leaves out is not registered. */
export async function deviceStates(client: KazooClient, options: RequestOptions = {}): Promise<Result<Map<string, RegistrationState>>> {
  const answer = await client.account<StatusEntry[]>('GET', '/devices/status', {
    maxResponseBytes: RESPONSE_LIMITS.list,
    ...options,
  });
  if (!answer.ok) return answer;
  const states = new Map<string, RegistrationState>();
  const data = answer.value.envelope.data;
  for (const entry of Array.isArray(data) ? data : [])
    if (typeof entry.device_id === 'string') states.set(entry.device_id, stateOf(entry, true));
  return ok(states);
}

export async function listRegistrations(client: KazooClient, options: RequestOptions = {}): Promise<Result<Registration[]>> {
  const answer = await client.account<Array<Record<string, unknown>>>('GET', '/registrations', {
    maxResponseBytes: RESPONSE_LIMITS.list,
    ...options,
  });
  if (!answer.ok) return answer;
  return ok(
    (answer.value.envelope.data ?? []).map((entry) => ({
      deviceId: text(entry.authorizing_id),
      username: text(entry.username) ?? '',
      userAgent: text(entry.user_agent),
      sourceIp: text(entry.source_ip) ?? text(entry.contact_ip),
      expires: number(entry.expires),
      eventTimestamp: number(entry.event_timestamp),
      firstRegistration: number(entry.first_registration) ?? number(entry.initial_registration),
    })),
  );
}

/**
 * One device's state. Audian documents `/devices/{id}/status`; stock KAZOO answers 404 there,
 * so the account-wide status is the fallback.
 */
export async function deviceState(client: KazooClient, id: string, options: RequestOptions = {}): Promise<Result<RegistrationState>> {
  const answer = await client.account<StatusEntry>('GET', `/devices/${id}/status`, options);
  if (answer.ok) return ok(stateOf(answer.value.envelope.data ?? {}, false));
  if (answer.error.kind !== 'not_found') return answer;
  const all = await deviceStates(client, options);
  return all.ok ? ok(all.value.get(id) ?? 'not_registered') : all;
}
