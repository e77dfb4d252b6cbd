import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConnectionsStore } from '../../../renderer/src/store/createConnectionsStore';
import { fakeAudian, ok } from './fakeAudian';

afterEach(() => {
  vi.useRealTimers();
});

describe('connections store', () => {
  it("counts a tested card's devices again after this app changed them: at once, then at most every 5 s while an import keeps telling", async () => {
    vi.useFakeTimers();
    const audian = fakeAudian();
    let devices = 9;
    audian.answer('connections:check', () =>
      ok({ accountId: 'a'.repeat(32), accountName: 'Harbor View Dental', deviceCount: devices, checkedAt: new Date().toISOString() }),
    );
    const store = createConnectionsStore(audian.api);
    await store.getState().check('c1');
    expect(audian.asked('connections:check')).toHaveLength(1);

    devices = 10;
    audian.emit('devices:changed', { connectionId: 'c1' });
    audian.emit('devices:changed', { connectionId: 'other' });
    await vi.advanceTimersByTimeAsync(0);
    expect(audian.asked('connections:check')).toHaveLength(2);
    expect(store.getState().checks['c1']).toMatchObject({ status: 'passed', check: { deviceCount: 10 } });

    // A burst of rows: one count 5 s after the previous one, and it sees them all.
    devices = 40;
    for (let row = 0; row < 30; row += 1) {
      audian.emit('devices:changed', { connectionId: 'c1' });
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(audian.asked('connections:check').length).toBeLessThanOrEqual(3);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(store.getState().checks['c1']).toMatchObject({ status: 'passed', check: { deviceCount: 40 } });
    expect(audian.asked('connections:check').length).toBeLessThanOrEqual(3);
  });
});
