import type { DeviceDocument } from '../../common/devices';
import type { DevicesSnapshot } from '../../common/devices-view';
import { formatMac } from '../../common/mac';
import type { ListEntry } from './cache';
import { ownerOf } from './owners';

const extensionOf = (document: DeviceDocument | undefined): string | null => document?.caller_id?.internal?.number ?? null;

/** The list as the view shows it: owners by name, MACs with colons, extensions where a full document was read. */
export function snapshotOf(connectionId: string, list: ListEntry, documentOf: (id: string) => DeviceDocument | undefined): DevicesSnapshot {
  const users = list.users.map(ownerOf);
  const byId = new Map(users.map((user) => [user.id, user]));
  return {
    connectionId,
    fetchedAt: list.fetchedAt,
    users,
    devices: list.devices.map((device) => ({
      id: device.id,
      name: device.name,
      deviceType: device.deviceType,
      enabled: device.enabled,
      ownerId: device.ownerId,
      ownerName: device.ownerId ? (byId.get(device.ownerId)?.name ?? null) : null,
      sipUsername: device.sipUsername,
      macAddress: device.macAddress ? formatMac(device.macAddress) : null,
      extension: extensionOf(documentOf(device.id)),
    })),
  };
}
