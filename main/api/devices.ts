import { randomBytes } from 'node:crypto';
import { deviceSummaryFrom, type DeviceDocument, type DeviceFields, type DeviceSummary } from '../../common/devices';
import { ok, type Result } from '../../common/ipc/result';
import type { KazooClient, RequestOptions } from './client';

/** A 32-hex id chosen by the client, so a create can be repeated without creating twice. */
export const newDocumentId = (): string => randomBytes(16).toString('hex');

export type DeviceFilters = Record<string, string | number | boolean | undefined>;

/** Passes `type`, `enabled`, `owner` and any raw filter_* / has_key / key_missing ... through. */
export function deviceFilterQuery(
  filters: { type?: string; enabled?: boolean; owner?: string; extra?: DeviceFilters } = {},
): DeviceFilters {
  return {
    ...(filters.type ? { filter_device_type: filters.type } : {}),
    ...(filters.enabled === undefined ? {} : { filter_enabled: filters.enabled }),
    ...(filters.owner ? { filter_owner_id: filters.owner } : {}),
    ...filters.extra,
  };
}

export async function listDevices(
  client: KazooClient,
  query: DeviceFilters = {},
  options: RequestOptions = {},
): Promise<Result<DeviceSummary[]>> {
  const items = await client.listAll<unknown>('/devices', { ...options, query });
  if (!items.ok) return items;
  return ok(items.value.map(deviceSummaryFrom).filter((device): device is DeviceSummary => device !== null));
}

export async function getDevice(client: KazooClient, id: string, options: RequestOptions = {}): Promise<Result<DeviceDocument>> {
  const answer = await client.account<DeviceDocument>('GET', `/devices/${id}`, options);
  return answer.ok ? ok(answer.value.envelope.data) : answer;
}

export interface Created {
  device: DeviceDocument;
  /** True when the device with this id was already on the server (a repeated create). */
  existed: boolean;
}

/**
 * Creates a device under a client-chosen id. If the server says the id (or, on a repeat, the
 * device's MAC or SIP username) is taken, a GET by id decides: when our id exists, an earlier
 * attempt was applied and this counts as done. Nothing is ever created twice.
 */
export async function createDevice(
  client: KazooClient,
  document: DeviceFields & { id?: string },
  options: RequestOptions & { acceptCharges?: boolean } = {},
): Promise<Result<Created>> {
  const id = document.id ?? newDocumentId();
  const { acceptCharges, ...requestOptions } = options;
  const answer = await client.account<DeviceDocument>('PUT', '/devices', {
    ...requestOptions,
    body: { data: { ...document, id }, ...(acceptCharges ? { accept_charges: true } : {}) },
  });
  if (answer.ok) return ok({ device: answer.value.envelope.data, existed: false });
  const mayBeOurs =
    answer.error.kind === 'conflict' ||
    (answer.error.kind === 'validation' && (answer.error.fields ?? []).some((field) => field.code === 'unique'));
  if (!mayBeOurs) return answer;
  const existing = await getDevice(client, id, requestOptions);
  return existing.ok ? ok({ device: existing.value, existed: true }) : answer;
}

/** PATCH merges: only the given fields change; `null` removes a field. */
export async function patchDevice(
  client: KazooClient,
  id: string,
  changes: Record<string, unknown>,
  options: RequestOptions = {},
): Promise<Result<DeviceDocument>> {
  const answer = await client.account<DeviceDocument>('PATCH', `/devices/${id}`, { ...options, body: { data: changes } });
  return answer.ok ? ok(answer.value.envelope.data) : answer;
}

/**
 * Deleting a device that is already gone counts as done: after a lost answer the first attempt
 * may have deleted it, and either way what the user asked for is true.
 */
export async function deleteDevice(
  client: KazooClient,
  id: string,
  options: RequestOptions = {},
): Promise<Result<{ id: string; alreadyGone: boolean }>> {
  const answer = await client.account<DeviceDocument>('DELETE', `/devices/${id}`, options);
  if (answer.ok) return ok({ id, alreadyGone: false });
  return answer.error.kind === 'not_found' ? ok({ id, alreadyGone: true }) : answer;
}
