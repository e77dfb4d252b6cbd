import type { DeviceDocument, DeviceSummary } from '../../common/devices';
import type { BulkItemResult } from '../../common/devices-view';
import { COLUMN_FIELD_PATHS, DEVICE_COLUMNS, type DeviceColumn } from '../../common/import/columns';
import { formatMac } from '../../common/mac';
import type { Callflow } from '../api/callflows';
import type { KazooClient } from '../api/client';
import type { UserSummary } from '../api/users';
import { valueAt } from '../import/document-paths';
import { csvDocument } from '../../common/import/csv-document';
import type { ReadDevice } from './device-revision';
import { extensionResolver } from './extensions';
import { BULK_IN_FLIGHT, mapInFlight } from './in-flight';
import { ownerCell, ownerOf } from './owners';
import { readDocument } from '../api/documents';

export interface DevicesExport {
  fileName: string;
  csv: string;
  /** How many devices the file holds. */
  written: number;
  /** Devices left out because they could not be read (deleted meanwhile, say). */
  omitted: BulkItemResult[];
}

export interface ExportInput {
  devices: readonly DeviceSummary[];
  users: readonly UserSummary[];
  callflows: readonly Callflow[];
  includePasswords: boolean;
  now: Date;
  /** Each document read, so the app can keep it (the list shows extensions from them). */
  onRead?: (read: ReadDevice) => void;
}

function cellOf(column: DeviceColumn, document: DeviceDocument, owner: string, includePasswords: boolean): string {
  if (column === 'owner') return owner;
  if (column === 'sip_password' && !includePasswords) return '';
  const value = valueAt(document, COLUMN_FIELD_PATHS[column]);
  if (column === 'mac_address') return typeof value === 'string' && value !== '' ? formatMac(value) : '';
  // KAZOO's schema default: a device without `enabled` is enabled.
  if (column === 'enabled') return String(value !== false);
  return value === undefined || value === null ? '' : String(value);
}

/**
 * After the import's columns: the number that rings the device, as the list shows it. Read-only:
 * an import of the file takes the extension from `caller_id_internal_number`, never from here.
 */
export const EXPORT_COLUMNS = [...DEVICE_COLUMNS, 'extension'] as const;

/**
 * The devices in the import's canonical columns, so export, edit in Excel, import with "update"
 * round-trips, plus each device's extension (extensions.ts). The list summary lacks caller IDs, forwarding and brand/family/model (and the
 * password), so every device's document is read: one paced GET each (at KAZOO's default 10
 * requests a second, 1,000 devices take about 100 s). Documents cached earlier in the session
 * are not reused: nothing tells a stale one, and a stale value exported and imported with
 * "update" would undo someone else's change.
 */
export async function exportDevices(client: KazooClient, input: ExportInput): Promise<DevicesExport> {
  const owners = new Map(input.users.map((user) => [user.id, ownerOf(user)]));
  const extensionOf = extensionResolver(input.callflows, input.users);
  const reads = await mapInFlight(input.devices, BULK_IN_FLIGHT, (device) =>
    readDocument<DeviceDocument>(client, 'devices', device.id, { priority: 'bulk' }),
  );
  const lines: string[][] = [[...EXPORT_COLUMNS]];
  const omitted: BulkItemResult[] = [];
  reads.forEach((read, index) => {
    const device = input.devices[index] as DeviceSummary;
    if (!read.ok) {
      const message = read.error.kind === 'not_found' ? 'Deleted on the server meanwhile.' : read.error.message;
      omitted.push({ id: device.id, name: device.name, ok: false, message });
      return;
    }
    input.onRead?.(read.value);
    const { document } = read.value;
    const ownerId = document.owner_id ?? null;
    const owner = ownerCell(ownerId ? owners.get(ownerId) : undefined, ownerId);
    const extension = extensionOf({ id: document.id, ownerId }, document.caller_id?.internal?.number).extension ?? '';
    lines.push([...DEVICE_COLUMNS.map((column) => cellOf(column, document, owner, input.includePasswords)), extension]);
  });
  return { fileName: `devices-${input.now.toISOString().slice(0, 10)}.csv`, csv: csvDocument(lines), written: lines.length - 1, omitted };
}
