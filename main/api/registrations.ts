import { ok, type Result } from '../../common/ipc/result';
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

/** Ids of the registered devices of the account: one request for all of them. */
export async function registeredDeviceIds(client: KazooClient, options: RequestOptions = {}): Promise<Result<Set<string>>> {
  const answer = await client.account<Array<{ device_id?: unknown; registered?: unknown }>>('GET', '/devices/status', {
    maxResponseBytes: RESPONSE_LIMITS.list,
    ...options,
  });
  if (!answer.ok) return answer;
  const ids = new Set<string>();
  for (const entry of answer.value.envelope.data ?? [])
    if (typeof entry.device_id === 'string' && entry.registered !== false) ids.add(entry.device_id);
  return ok(ids);
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
export async function deviceRegistered(client: KazooClient, id: string, options: RequestOptions = {}): Promise<Result<boolean>> {
  const answer = await client.account<{ registered?: unknown }>('GET', `/devices/${id}/status`, options);
  if (answer.ok) return ok(answer.value.envelope.data?.registered === true);
  if (answer.error.kind !== 'not_found') return answer;
  const all = await registeredDeviceIds(client, options);
  return all.ok ? ok(all.value.has(id)) : all;
}
