import { describe, expect, it } from 'vitest';
import type { DeviceListItem } from '../../common/devices-view';
import { deviceListItem } from '../support/device-list-item';
import { defaultDeviceQuery, queryDevices, type DeviceQuery } from '../../renderer/src/features/devices/deviceQuery';

const names = (devices: readonly DeviceListItem[], query: Partial<DeviceQuery> = {}) =>
  queryDevices(devices, { ...defaultDeviceQuery, ...query }).map((d) => d.name);

const priya = { ownerId: 'a'.repeat(32), ownerName: 'Priya Raman' };
const tom = { ownerId: 'b'.repeat(32), ownerName: 'Tom Becker' };

const site: readonly DeviceListItem[] = [
  deviceListItem('Front Desk 2', {
    sipUsername: 'user_fd2',
    macAddress: '80:5e:c0:12:34:56',
    extension: '102',
    registration: 'registered',
    ...tom,
  }),
  deviceListItem('Front Desk 10', { sipUsername: 'user_fd10', macAddress: '80:5e:c0:ab:cd:ef', registration: 'not_registered', ...priya }),
  deviceListItem('front desk 1', { sipUsername: 'user_fd1', extension: '101', registration: 'registered', ...priya }),
  deviceListItem('Priya - softphone', { deviceType: 'softphone', sipUsername: 'priya_soft', extension: '101', ...priya }),
  deviceListItem('Break Room', { enabled: false, macAddress: '64:16:7f:00:00:01', registration: 'disabled' }),
  deviceListItem('Élodie Office', { macAddress: '00:15:65:aa:bb:cc', registration: 'registered', ...tom }),
];

describe('searching the devices table', () => {
  it('finds by name, case-insensitively, by SIP username and by extension', () => {
    expect(names(site, { search: 'FRONT desk 1' })).toEqual(['front desk 1', 'Front Desk 10']);
    expect(names(site, { search: 'priya_so' })).toEqual(['Priya - softphone']);
    expect(names(site, { search: '102' })).toEqual(['Front Desk 2']);
    expect(names(site, { search: '  101 ' })).toEqual(['front desk 1', 'Priya - softphone']);
  });

  it('finds a MAC in any notation people type', () => {
    for (const typed of ['80:5e:c0:ab', '80-5E-C0-AB-CD-EF', '805e.c0ab.cdef', '805EC0ABCDEF', 'c0 ab cd']) {
      expect(names(site, { search: typed }), typed).toEqual(['Front Desk 10']);
    }
    expect(names(site, { search: '80:5e:c0' })).toEqual(['Front Desk 2', 'Front Desk 10']);
  });

  it('does not match across two columns, and says nothing when nothing matches', () => {
    // "fd2" ends the SIP username and "80" starts the MAC; joined they must not match.
    expect(names(site, { search: 'fd280' })).toEqual([]);
    expect(names(site, { search: 'no such phone' })).toEqual([]);
  });
});

describe('filtering the devices table', () => {
  it('filters by type, enabled and owner (someone, or nobody)', () => {
    expect(names(site, { deviceType: 'softphone' })).toEqual(['Priya - softphone']);
    expect(names(site, { enabled: 'disabled' })).toEqual(['Break Room']);
    expect(names(site, { enabled: 'enabled' })).not.toContain('Break Room');
    expect(names(site, { ownerId: priya.ownerId })).toEqual(['front desk 1', 'Front Desk 10', 'Priya - softphone']);
    expect(names(site, { ownerId: 'none' })).toEqual(['Break Room']);
  });

  it('filters by registration only where the state is known', () => {
    expect(names(site, { registered: 'registered' })).toEqual(['Élodie Office', 'front desk 1', 'Front Desk 2']);
    // Priya's softphone has no known state: it is in neither answer.
    expect(names(site, { registered: 'not_registered' })).toEqual(['Break Room', 'Front Desk 10']);
  });

  it('combines search, filters and sort', () => {
    expect(
      names(site, { search: 'front', ownerId: priya.ownerId, registered: 'registered', sort: 'extension', direction: 'descending' }),
    ).toEqual(['front desk 1']);
    expect(names(site, { search: '80:5e', enabled: 'enabled', sort: 'registration' })).toEqual(['Front Desk 2', 'Front Desk 10']);
  });
});

describe('sorting the devices table', () => {
  it('sorts names naturally, ignoring case and accents, both ways', () => {
    expect(names(site)).toEqual(['Break Room', 'Élodie Office', 'front desk 1', 'Front Desk 2', 'Front Desk 10', 'Priya - softphone']);
    expect(names(site, { direction: 'descending' })).toEqual([
      'Priya - softphone',
      'Front Desk 10',
      'Front Desk 2',
      'front desk 1',
      'Élodie Office',
      'Break Room',
    ]);
  });

  it('puts empty values last in either direction, and breaks ties by name', () => {
    expect(names(site, { sort: 'extension' })).toEqual([
      'front desk 1',
      'Priya - softphone',
      'Front Desk 2',
      'Break Room',
      'Élodie Office',
      'Front Desk 10',
    ]);
    expect(names(site, { sort: 'extension', direction: 'descending' })).toEqual([
      'Front Desk 2',
      'front desk 1',
      'Priya - softphone',
      'Break Room',
      'Élodie Office',
      'Front Desk 10',
    ]);
    expect(names(site, { sort: 'ownerName' })).toEqual([
      'front desk 1',
      'Front Desk 10',
      'Priya - softphone',
      'Élodie Office',
      'Front Desk 2',
      'Break Room',
    ]);
  });

  it('sorts MACs, types, enabled and registration states by what they mean', () => {
    expect(names(site, { sort: 'macAddress' })).toEqual([
      'Élodie Office',
      'Break Room',
      'Front Desk 2',
      'Front Desk 10',
      'front desk 1',
      'Priya - softphone',
    ]);
    // "Desk phone" before "Softphone": the words shown, not the stored sip_device.
    expect(names(site, { sort: 'deviceType', direction: 'descending' })[0]).toBe('Priya - softphone');
    expect(names(site, { sort: 'enabled', direction: 'descending' })[0]).toBe('Break Room');
    expect(names(site, { sort: 'registration' })).toEqual([
      'Élodie Office',
      'front desk 1',
      'Front Desk 2',
      'Front Desk 10',
      'Break Room',
      'Priya - softphone',
    ]);
  });

  it('is stable: rows that tie on everything keep their list order', () => {
    const twins = [
      deviceListItem('Lobby', { sipUsername: 'b' }),
      deviceListItem('Lobby', { sipUsername: 'a' }),
      deviceListItem('lobby', { sipUsername: 'c' }),
    ];
    const order = (query: Partial<DeviceQuery>) => queryDevices(twins, { ...defaultDeviceQuery, ...query }).map((d) => d.sipUsername);
    expect(order({})).toEqual(['b', 'a', 'c']);
    expect(order({ direction: 'descending' })).toEqual(['b', 'a', 'c']);
    expect(order({ sort: 'enabled' })).toEqual(['b', 'a', 'c']);
    expect(order({ sort: 'sipUsername', direction: 'descending' })).toEqual(['c', 'b', 'a']);
  });

  it('answers a changed list (a new array) from its own rows, not from what it kept for the old one', () => {
    const before = [deviceListItem('A', { registration: 'registered' }), deviceListItem('B', { registration: 'not_registered' })];
    expect(names(before, { sort: 'registration' })).toEqual(['A', 'B']);
    const after = [
      { ...before[0]!, registration: 'not_registered' as const },
      { ...before[1]!, registration: 'registered' as const },
    ];
    expect(names(after, { sort: 'registration' })).toEqual(['B', 'A']);
    expect(names(after, { registered: 'registered' })).toEqual(['B']);
  });
});
