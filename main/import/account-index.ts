import type { DeviceSummary } from '../../common/devices';
import { formatMac } from '../../common/mac';

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

/** A device of the account as the technician finds it: by name, and by MAC where it has one. */
export const deviceWords = (device: DeviceSummary): string =>
  device.macAddress ? `"${device.name}" (MAC ${formatMac(device.macAddress)})` : `"${device.name}"`;

/** One row whose MAC is one phone of the account and SIP username another: said the same way at load and in the plan. */
export const twoPhonesMessage = (byMac: DeviceSummary, byUsername: DeviceSummary, typedUsername: string): string =>
  `This MAC belongs to ${deviceWords(byMac)} but the SIP username "${typedUsername}" to ${deviceWords(byUsername)} on the PBX. One row cannot be both phones: fix the MAC or the SIP username.`;
