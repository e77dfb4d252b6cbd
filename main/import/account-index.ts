import type { DeviceSummary } from '../../common/devices';

/** The account's devices by MAC and by SIP username (case-insensitive), from one list request. */
export interface AccountIndex {
  byMac: Map<string, DeviceSummary>;
  bySipUsername: Map<string, DeviceSummary>;
  byId: Map<string, DeviceSummary>;
  /** Devices with neither MAC nor SIP username (call-forward devices) by type and name. */
  byTypeAndName: Map<string, DeviceSummary[]>;
  sipUsernames: Set<string>;
}

export const typeAndNameKey = (deviceType: string, name: string): string => `${deviceType}|${name.trim().toLowerCase()}`;

export function indexAccount(devices: readonly DeviceSummary[]): AccountIndex {
  const index: AccountIndex = {
    byMac: new Map(),
    bySipUsername: new Map(),
    byId: new Map(),
    byTypeAndName: new Map(),
    sipUsernames: new Set(),
  };
  for (const device of devices) {
    index.byId.set(device.id, device);
    if (device.macAddress) index.byMac.set(device.macAddress.toLowerCase(), device);
    if (device.sipUsername) {
      index.bySipUsername.set(device.sipUsername.toLowerCase(), device);
      index.sipUsernames.add(device.sipUsername.toLowerCase());
    }
    if (!device.macAddress && !device.sipUsername) {
      const key = typeAndNameKey(device.deviceType, device.name);
      index.byTypeAndName.set(key, [...(index.byTypeAndName.get(key) ?? []), device]);
    }
  }
  return index;
}
