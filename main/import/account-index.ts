import type { DeviceSummary } from '../../common/devices';

/** The account's devices by MAC and by SIP username (case-insensitive), from one list request. */
export interface AccountIndex {
  byMac: Map<string, DeviceSummary>;
  bySipUsername: Map<string, DeviceSummary>;
  byId: Map<string, DeviceSummary>;
  sipUsernames: Set<string>;
}

export function indexAccount(devices: readonly DeviceSummary[]): AccountIndex {
  const index: AccountIndex = { byMac: new Map(), bySipUsername: new Map(), byId: new Map(), sipUsernames: new Set() };
  for (const device of devices) {
    index.byId.set(device.id, device);
    if (device.macAddress) index.byMac.set(device.macAddress.toLowerCase(), device);
    if (device.sipUsername) {
      index.bySipUsername.set(device.sipUsername.toLowerCase(), device);
      index.sipUsernames.add(device.sipUsername.toLowerCase());
    }
  }
  return index;
}
