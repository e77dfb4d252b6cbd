import type { DeviceDocument } from './devices';
import { COLUMN_FIELD_PATHS, type CanonicalColumn } from './import/columns';
import type { RegistrationState } from './registrations';

/**
 * The devices view's data as it crosses IPC: what the list, the editor and the bulk actions
 * show. Field names in the editor are the import's column names, so an error says the same
 * thing in the editor and in a CSV cell.
 */

/**
 * Where a device's extension was found: a callflow ringing the device, a callflow of its owner,
 * the device's own internal caller ID number, or its owner's presence ID.
 */
export type ExtensionSource = 'device_callflow' | 'owner_callflow' | 'device' | 'owner';

/** A user as owner pickers show it. */
export interface DeviceOwner {
  id: string;
  /** "First Last", else the username, else the email. */
  name: string;
  username: string | null;
  email: string | null;
}

export interface DeviceListItem {
  id: string;
  name: string;
  deviceType: string;
  enabled: boolean;
  ownerId: string | null;
  /** The owner's name, or null when the device has no owner (or one the account no longer has). */
  ownerName: string | null;
  sipUsername: string | null;
  /** Colon notation (00:15:65:ab:cd:ef) for display, or null. */
  macAddress: string | null;
  /**
   * The internal extension: the number that rings this device. KAZOO's device list carries none,
   * so main works it out from the account's callflows, the device's document where it was read
   * and the owner's presence ID (precedence in main/devices/extensions.ts).
   */
  extension: string | null;
  /** Where `extension` came from, so the view can say it. */
  extensionSource: ExtensionSource | null;
  /** The state the Live poller last saw, or null while nothing polls this connection. */
  registration: RegistrationState | null;
  /** Not registered and never seen registered since the poller began: a new phone not plugged in yet, not a problem. */
  awaitsFirstRegistration: boolean;
}

export interface DevicesSnapshot {
  connectionId: string;
  /** ISO time the list was read from the server. */
  fetchedAt: string;
  devices: DeviceListItem[];
  users: DeviceOwner[];
}

/** A device as the editor opens it: the whole document without its SIP password. */
export interface DeviceDetail {
  document: DeviceDocument;
  /** The server's revision of this document; pass it back as `baseRevision` to detect edits made meanwhile. */
  revision: string | null;
  hasPassword: boolean;
}

/** The editor's text fields: the import's columns that map onto the device document. */
export const EDITOR_TEXT_FIELDS = [
  'name',
  'device_type',
  'sip_username',
  'sip_password',
  'mac_address',
  'caller_id_internal_number',
  'caller_id_internal_name',
  'caller_id_external_number',
  'caller_id_external_name',
  'call_forward_number',
  'brand',
  'family',
  'model',
] as const satisfies readonly CanonicalColumn[];

export type EditorTextField = (typeof EDITOR_TEXT_FIELDS)[number];
export type EditorField = EditorTextField | 'enabled' | 'owner_id';

/** Where each editor field lives in the device document. */
export const EDITOR_FIELD_PATHS: Record<EditorField, string> = {
  ...(Object.fromEntries(EDITOR_TEXT_FIELDS.map((field) => [field, COLUMN_FIELD_PATHS[field]])) as Record<EditorTextField, string>),
  enabled: COLUMN_FIELD_PATHS.enabled,
  owner_id: 'owner_id',
};

/**
 * What the editor sends: an absent field keeps the server's value; an empty text (or a null
 * owner) removes it. `device_type` counts only on create: KAZOO fixes the type once created.
 */
export type DeviceEdit = Partial<Record<EditorTextField, string>> & { enabled?: boolean; owner_id?: string | null };

/** One field someone else changed while the user was editing. Passwords are never shown: they read "(hidden)". */
export interface FieldChange {
  field: EditorField;
  yours: string | null;
  theirs: string | null;
}

export type DeviceSaveResult =
  | { outcome: 'saved'; id: string; created: boolean; revision: string | null; changedFields: EditorField[] }
  /** Nothing was sent: the device changed on the server since `baseRevision`. Save again with `force` to overwrite, or reload. */
  | { outcome: 'conflict'; id: string; revision: string | null; changes: FieldChange[] };

export const BULK_ACTIONS = ['enable', 'disable', 'delete', 'reboot', 'set_owner'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];
export const MAX_BULK_DEVICES = 10_000;

export interface BulkItemResult {
  id: string;
  name: string;
  ok: boolean;
  /** What happened, in words. */
  message: string;
}

export interface BulkResult {
  action: BulkAction;
  results: BulkItemResult[];
  counts: { ok: number; failed: number };
}

export interface PhoneActionOutcome {
  id: string;
  /** One sentence for the technician. */
  message: string;
}
