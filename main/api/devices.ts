import { randomBytes } from 'node:crypto';
import { deviceSummaryFrom, type DeviceDocument, type DeviceFields, type DeviceSummary } from '../../common/devices';
import { ok, type Result } from '../../common/ipc/result';
import type { KazooClient, RequestOptions } from './client';
import { createDocument, getDocument, type CreateOptions } from './documents';

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

export const getDevice = (client: KazooClient, id: string, options: RequestOptions = {}): Promise<Result<DeviceDocument>> =>
  getDocument<DeviceDocument>(client, 'devices', id, options);

export interface Created {
  device: DeviceDocument;
  /** True when the device with this id was already on the server (a repeated create). */
  existed: boolean;
}

/** Creates a device under a client-chosen id, never twice (see createDocument). */
export async function createDevice(
  client: KazooClient,
  document: DeviceFields & { id?: string },
  options: CreateOptions = {},
): Promise<Result<Created>> {
  const created = await createDocument<DeviceDocument>(client, 'devices', { ...document, id: document.id ?? newDocumentId() }, options);
  return created.ok ? ok({ device: created.value.document, existed: created.value.existed }) : created;
}
