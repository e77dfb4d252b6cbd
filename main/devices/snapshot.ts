import type { DeviceListItem, DevicesSnapshot } from '../../common/devices-view';
import { formatMac } from '../../common/mac';
import type { DeviceRegistration } from '../../common/registrations';
import type { ListEntry } from './cache';
import { extensionResolver } from './extensions';
import { ownerOf } from './owners';

/** The list as the view shows it: owners by name, MACs with colons, extensions, and registration states where Live polls. */
export function snapshotOf(
  connectionId: string,
  list: ListEntry,
  ownNumberOf: (id: string) => string | undefined,
  registrations: ReadonlyMap<string, DeviceRegistration> | null,
): DevicesSnapshot {
  const extensionOf = extensionResolver(list.callflows, list.users);
  const users = list.users.map(ownerOf);
  const ownersById = new Map(users.map((user) => [user.id, user]));
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
      ownerName: device.ownerId ? (ownersById.get(device.ownerId)?.name ?? null) : null,
      sipUsername: device.sipUsername,
      macAddress: device.macAddress ? formatMac(device.macAddress) : null,
      ...extensionOf(device, ownNumberOf(device.id)),
      registration: registrations?.get(device.id)?.state ?? null,
      awaitsFirstRegistration: registrations?.get(device.id)?.awaitsFirst === true,
    })),
  };
}

/** What the Live view shows of a device besides its registration. */
export type LiveDevice = Pick<DeviceListItem, 'id' | 'name' | 'enabled' | 'ownerName' | 'extension' | 'macAddress'>;

/** The list as the Live poller needs it: names, owners' names, extensions and MACs, without registration states. */
export function liveDevicesOf(list: ListEntry, ownNumberOf: (id: string) => string | undefined): LiveDevice[] {
  const extensionOf = extensionResolver(list.callflows, list.users);
  const ownerNames = new Map(list.users.map(ownerOf).map((user) => [user.id, user.name]));
  return list.devices.map((device) => ({
    id: device.id,
    name: device.name,
    enabled: device.enabled,
    ownerName: device.ownerId ? (ownerNames.get(device.ownerId) ?? null) : null,
    extension: extensionOf(device, ownNumberOf(device.id)).extension,
    macAddress: device.macAddress ? formatMac(device.macAddress) : null,
  }));
}
