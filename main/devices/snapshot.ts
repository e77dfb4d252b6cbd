import type { DeviceDocument } from '../../common/devices';
import type { DeviceListItem, DevicesSnapshot } from '../../common/devices-view';
import { formatMac } from '../../common/mac';
import type { RegistrationState } from '../../common/registrations';
import type { UserSummary } from '../api/users';
import type { ListEntry } from './cache';
import { ownerOf } from './owners';

/** A presence ID names an extension when it is a short run of digits, alone or before "@realm". */
const extensionOfPresence = (presenceId: string | null | undefined): string | null => {
  const local = presenceId?.split('@')[0] ?? '';
  return /^\d{1,10}$/.test(local) ? local : null;
};

/**
 * The device's own internal caller ID number wins (it is what the phone shows and sends); else
 * the owner's extension, which every device of that user rings on.
 */
function extensionOf(
  document: DeviceDocument | undefined,
  owner: UserSummary | undefined,
): Pick<DeviceListItem, 'extension' | 'extensionSource'> {
  const own = document?.caller_id?.internal?.number;
  if (own) return { extension: own, extensionSource: 'device' };
  const owners = extensionOfPresence(owner?.presenceId);
  return owners ? { extension: owners, extensionSource: 'owner' } : { extension: null, extensionSource: null };
}

/** The list as the view shows it: owners by name, MACs with colons, extensions, and registration states where Live polls. */
export function snapshotOf(
  connectionId: string,
  list: ListEntry,
  documentOf: (id: string) => DeviceDocument | undefined,
  registrations: ReadonlyMap<string, RegistrationState> | null,
): DevicesSnapshot {
  const usersById = new Map(list.users.map((user) => [user.id, user]));
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
      ...extensionOf(documentOf(device.id), device.ownerId ? usersById.get(device.ownerId) : undefined),
      registration: registrations ? (registrations.get(device.id) ?? null) : null,
    })),
  };
}
