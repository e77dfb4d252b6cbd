import type { DeviceListItem } from '../../common/devices-view';

let made = 0;

/** A row of the devices view with nothing but a name set, and an id of its own; `fields` fill in the rest. */
export function deviceListItem(name: string, fields: Partial<DeviceListItem> = {}): DeviceListItem {
  made += 1;
  return {
    id: made.toString(16).padStart(32, '0'),
    name,
    deviceType: 'sip_device',
    enabled: true,
    ownerId: null,
    ownerName: null,
    sipUsername: null,
    macAddress: null,
    extension: null,
    extensionSource: null,
    registration: null,
    awaitsFirstRegistration: false,
    ...fields,
  };
}
