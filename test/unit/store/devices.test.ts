import { describe, expect, it } from 'vitest';
import type { DevicesSnapshot } from '../../../common/devices-view';
import { createDevicesStore } from '../../../renderer/src/store/createDevicesStore';
import { deviceListItem } from '../../support/device-list-item';
import { failed, fakeAudian, ok } from './fakeAudian';

const snapshotOf = (fetchedAt: string, names: string[]): DevicesSnapshot => ({
  connectionId: 'site-a',
  fetchedAt,
  users: [],
  devices: names.map((name, index) => deviceListItem(name, { id: `d${index}` })),
});

describe('devices store: the list', () => {
  it('keeps the list it shows when a read fails, with the reason, until a read succeeds', async () => {
    const audian = fakeAudian();
    const devices = createDevicesStore(audian.api);
    audian.answer('devices:list', () => ok(snapshotOf('2025-03-01T09:00:00.000Z', ['Reception'])));
    await devices.getState().load(false);

    audian.answer('devices:list', () => failed('network', 'The server cannot be reached.'));
    await devices.getState().load(true);
    expect(devices.getState()).toMatchObject({
      list: { status: 'ready' },
      refreshing: false,
      refreshError: { kind: 'network', message: 'The server cannot be reached.' },
    });
    expect(devices.getState().snapshot?.fetchedAt).toBe('2025-03-01T09:00:00.000Z');

    audian.answer('devices:list', () => ok(snapshotOf('2025-03-01T09:04:00.000Z', ['Reception', 'Lab'])));
    await devices.getState().load(true);
    expect(devices.getState().refreshError).toBeNull();
    expect(devices.getState().snapshot?.devices.map((device) => device.name)).toEqual(['Reception', 'Lab']);
  });

  it('reads the list again when main says devices changed, and fails in place when there is nothing to show yet', async () => {
    const audian = fakeAudian();
    const devices = createDevicesStore(audian.api);
    audian.answer('devices:list', () => failed('network', 'The server cannot be reached.'));
    await devices.getState().load(false);
    expect(devices.getState()).toMatchObject({ snapshot: null, list: { status: 'failed' }, refreshError: null });

    audian.answer('devices:list', () => ok(snapshotOf('2025-03-01T09:00:00.000Z', ['Reception', 'Lab', 'Store'])));
    audian.emit('devices:changed', { connectionId: 'site-a' });
    await expect.poll(() => devices.getState().snapshot?.devices.length).toBe(3);
    expect(audian.asked('devices:list')).toEqual([{ refresh: false }, { refresh: false }]);
  });
});
