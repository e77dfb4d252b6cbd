/**
 * Devices as the app shows them. KAZOO's list items come in two shapes (a flat `username` from
 * 4.3's view, a nested `sip` on Audian's page); both normalise to this.
 */
export interface DeviceSummary {
  id: string;
  name: string;
  deviceType: string;
  enabled: boolean;
  ownerId: string | null;
  sipUsername: string | null;
  /** 12 lowercase hex digits as KAZOO stores it, or null. */
  macAddress: string | null;
}

/** A device document's fields: known ones typed, every other field kept as it is. */
export interface DeviceFields {
  name: string;
  device_type?: string;
  enabled?: boolean;
  owner_id?: string;
  mac_address?: string;
  sip?: { username?: string; password?: string; realm?: string; [key: string]: unknown };
  caller_id?: Record<string, { name?: string; number?: string } | undefined>;
  call_forward?: { number?: string; enabled?: boolean; [key: string]: unknown };
  provision?: { endpoint_brand?: string; endpoint_family?: string; endpoint_model?: string | number; [key: string]: unknown };
  [key: string]: unknown;
}

/** A stored device document. */
export interface DeviceDocument extends DeviceFields {
  id: string;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

export function deviceSummaryFrom(item: unknown): DeviceSummary | null {
  if (typeof item !== 'object' || item === null) return null;
  const raw = item as Record<string, unknown>;
  const id = text(raw.id);
  if (!id) return null;
  const sip = typeof raw.sip === 'object' && raw.sip !== null ? (raw.sip as Record<string, unknown>) : {};
  return {
    id,
    name: typeof raw.name === 'string' ? raw.name : '',
    deviceType: text(raw.device_type) ?? 'sip_device',
    // KAZOO's listing omits `enabled` when the stored document has none; the schema default is true.
    enabled: raw.enabled !== false,
    ownerId: text(raw.owner_id),
    sipUsername: text(raw.username) ?? text(sip.username),
    macAddress: text(raw.mac_address),
  };
}
