import { describe, expect, it } from 'vitest';
import type { RowResult } from '../../../common/import/types';
import { ProgressPacer } from '../../../main/import/progress';
import { ManualClock } from '../../support/manual-clock';

const row = (n: number): RowResult => ({
  row: n,
  line: n + 2,
  name: `Desk ${n}`,
  extension: null,
  macAddress: null,
  sipUsername: null,
  action: 'create',
  outcome: 'created',
  deviceId: null,
  error: null,
});

describe('progress pacing', () => {
  it('sends at most one routine event per interval, carrying every row changed since the last', async () => {
    const clock = new ManualClock(0);
    const events: RowResult[][] = [];
    const pacer = new ProgressPacer({ intervalMs: 250, windowMs: 10_000, clock, emit: (changed) => events.push(changed) });
    for (let n = 0; n < 10; n++) pacer.rowChanged(row(n), true);
    expect(events).toHaveLength(0);
    await clock.advance(250);
    expect(events).toHaveLength(1);
    expect(events[0]).toHaveLength(10);
    pacer.rowChanged(row(10), true);
    pacer.flush();
    expect(events.map((changed) => changed.length)).toEqual([10, 1]);
    await clock.advance(1_000);
    expect(events).toHaveLength(2);
    pacer.stop();
  });

  it('measures rows per second over a trailing window and derives the time left', async () => {
    const clock = new ManualClock(0);
    const pacer = new ProgressPacer({ intervalMs: 250, windowMs: 10_000, clock, emit: () => undefined });
    expect(pacer.etaSeconds(100)).toBeNull();
    for (let n = 0; n < 50; n++) {
      await clock.advance(200);
      pacer.rowChanged(row(n), true);
    }
    // 50 rows in 10 s: 5 per second; rows decided without a request do not count.
    pacer.rowChanged(row(99), false);
    expect(pacer.rate()).toBeCloseTo(5, 5);
    expect(pacer.etaSeconds(100)).toBe(20);
    await clock.advance(20_000);
    expect(pacer.rate()).toBe(0);
    expect(pacer.etaSeconds(0)).toBe(0);
    pacer.stop();
  });
});
