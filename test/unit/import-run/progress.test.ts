import { describe, expect, it } from 'vitest';
import type { RowResult } from '../../../common/import/types';
import { RateLimiter } from '../../../main/api/rate-limiter';
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
  person: null,
  resources: [],
});

const unlimited = new RateLimiter(null).pace();

describe('progress pacing', () => {
  it('sends at most one routine event per interval, carrying every row changed since the last', async () => {
    const clock = new ManualClock(0);
    const events: RowResult[][] = [];
    const pacer = new ProgressPacer({ intervalMs: 250, windowMs: 10_000, clock, emit: (changed) => events.push(changed) });
    for (let n = 0; n < 10; n++) pacer.rowsChanged([row(n)], true);
    expect(events).toHaveLength(0);
    await clock.advance(250);
    expect(events).toHaveLength(1);
    expect(events[0]).toHaveLength(10);
    pacer.rowsChanged([row(10)], true);
    pacer.flush();
    expect(events.map((changed) => changed.length)).toEqual([10, 1]);
    await clock.advance(1_000);
    expect(events).toHaveLength(2);
    pacer.stop();
  });

  it('measures rows per second over a trailing window and derives the time left', async () => {
    const clock = new ManualClock(0);
    const pacer = new ProgressPacer({ intervalMs: 250, windowMs: 10_000, clock, emit: () => undefined });
    expect(pacer.etaSeconds(100, unlimited)).toBeNull();
    for (let n = 0; n < 50; n++) {
      await clock.advance(200);
      pacer.rowsChanged([row(n)], true);
    }
    // 50 rows in 10 s: 5 per second; rows decided without a request do not count.
    pacer.rowsChanged([row(99)], false);
    expect(pacer.rate()).toBeCloseTo(5, 5);
    expect(pacer.etaSeconds(100, unlimited)).toBe(20);
    await clock.advance(20_000);
    expect(pacer.rate()).toBe(0);
    expect(pacer.etaSeconds(0, unlimited)).toBe(0);
    pacer.stop();
  });

  it('gives the time left at the pace the rate limit grants, not at the speed of the first burst', async () => {
    const clock = new ManualClock(0);
    // The server's bucket: 10 at once, then 2 a second; the model starts from it, as the client does.
    const limiter = new RateLimiter({ burst: 10, perSecond: 2 }, clock);
    const pacer = new ProgressPacer({ intervalMs: 250, windowMs: 10_000, clock, emit: () => undefined });
    // Before a row is done, the limit alone says how long 40 rows take: 10 at once, 30 at 2 a second.
    expect(pacer.etaSeconds(40, limiter.pace())).toBe(15);
    for (let n = 0; n < 10; n++) {
      const grant = await limiter.acquire('bulk');
      await clock.advance(10);
      limiter.settle(grant, { kind: 'answered', remaining: 9 - n });
      pacer.rowsChanged([row(n)], true);
    }
    // Ten rows in a tenth of a second look like 100 a second; the 30 left take 15 s all the same.
    expect(pacer.rate()).toBeGreaterThan(50);
    expect(pacer.etaSeconds(30, limiter.pace())).toBe(15);
    // The server answers 429: the model slows to what it really allows, and so does the time left.
    const retry = limiter.acquire('bulk');
    await clock.advance(1_000);
    limiter.settle(await retry, { kind: 'throttled' });
    expect(limiter.pace().perSecond).toBeLessThan(2);
    expect(pacer.etaSeconds(30, limiter.pace())).toBe(Math.ceil(30 / limiter.pace().perSecond));
    pacer.stop();
  });
});
