import { describe, expect, it } from 'vitest';
import { KAZOO_DEFAULT_RATE_LIMIT, RateLimiter, type Priority } from '../../../main/api/rate-limiter';
import { sleep } from '../../../main/clock';
import { TokenBuckets } from '../../../main/sandbox/rate-limit';
import type { RateLimit } from '../../../main/sandbox/options';
import { ManualClock } from '../../support/manual-clock';

interface Server {
  /** The server's bucket, or false for none. */
  limit: RateLimit | false;
  /** Whether answers carry `tokens.remaining` (KAZOO 5.4). */
  counts: boolean;
  latencyMs: number;
  /** Requests it takes at once; more are answered 503 at once. */
  maxInFlight?: number;
}

interface Outcome {
  elapsedSeconds: number;
  throttled: number;
  busy: number;
  limiter: RateLimiter;
}

/**
 * Sends `requests` through a limiter that assumes KAZOO's default, as the client does, to the
 * sandbox's own token bucket on a clock the test moves: every run is the same to the millisecond.
 */
async function sendAll(server: Server, requests: number): Promise<Outcome> {
  const clock = new ManualClock(0);
  const limiter = new RateLimiter({ ...KAZOO_DEFAULT_RATE_LIMIT, reserve: 1 }, clock);
  const buckets = new TokenBuckets(clock);
  let left = requests;
  let throttled = 0;
  let busy = 0;
  let serverInFlight = 0;
  const send = async (): Promise<void> => {
    for (;;) {
      const grant = await limiter.acquire('bulk');
      if (server.maxInFlight !== undefined && serverInFlight >= server.maxInFlight) {
        busy += 1;
        limiter.settle(grant, { kind: 'busy' });
        continue;
      }
      const admission = server.limit ? buckets.take('client', server.limit) : { allowed: true, remaining: 0 };
      serverInFlight += 1;
      await sleep(clock, server.latencyMs);
      serverInFlight -= 1;
      if (!admission.allowed) {
        throttled += 1;
        limiter.settle(grant, { kind: 'throttled' });
        continue;
      }
      limiter.settle(grant, { kind: 'answered', remaining: server.limit && server.counts ? admission.remaining : undefined });
      return;
    }
  };
  const worker = async (): Promise<void> => {
    while (left > 0) {
      left -= 1;
      await send();
    }
  };
  let finished = false;
  void Promise.all(Array.from({ length: 32 }, worker)).then(() => (finished = true));
  while (!finished) {
    await clock.step();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { elapsedSeconds: clock.now() / 1000, throttled, busy, limiter };
}

describe('the rate limiter learning the server’s limit', () => {
  it('stays at KAZOO’s default when the server is exactly that, without a storm of 429s', async () => {
    const { elapsedSeconds, throttled, limiter } = await sendAll(
      { limit: { burst: 100, perSecond: 10 }, counts: true, latencyMs: 50 },
      300,
    );
    expect(elapsedSeconds).toBeLessThanOrEqual(((300 - 100) / 10) * 1.02);
    expect(throttled).toBeLessThanOrEqual(2);
    expect(limiter.learnedPace()).toMatchObject({ burst: 100, learnedFrom: 'tokens' });
    expect(limiter.learnedPace().perSecond).toBeCloseTo(10, 0);
  });

  it('learns a bigger bucket and a faster refill from the token counts, within seconds', async () => {
    const { elapsedSeconds, throttled, limiter } = await sendAll(
      { limit: { burst: 200, perSecond: 50 }, counts: true, latencyMs: 20 },
      1000,
    );
    expect(elapsedSeconds).toBeLessThanOrEqual(((1000 - 200) / 50) * 1.05);
    expect(throttled).toBeLessThanOrEqual(2);
    const pace = limiter.learnedPace();
    expect(pace).toMatchObject({ burst: 200, learnedFrom: 'tokens' });
    expect(Math.abs(pace.perSecond! - 50)).toBeLessThan(5);
  });

  it('learns a smaller bucket and a faster refill from the counts (20 at once, 100 a second)', async () => {
    const { elapsedSeconds, throttled, limiter } = await sendAll(
      { limit: { burst: 20, perSecond: 100 }, counts: true, latencyMs: 20 },
      1000,
    );
    expect(elapsedSeconds).toBeLessThanOrEqual(((1000 - 20) / 100) * 1.1);
    expect(throttled).toBeLessThanOrEqual(2);
    expect(limiter.learnedPace()).toMatchObject({ burst: 20, learnedFrom: 'tokens' });
  });

  it('learns the refill from 429s when the answers carry no counts (a server before 5.4)', async () => {
    const { elapsedSeconds, throttled, limiter } = await sendAll(
      { limit: { burst: 20, perSecond: 100 }, counts: false, latencyMs: 20 },
      1000,
    );
    expect(elapsedSeconds).toBeLessThanOrEqual(((1000 - 20) / 100) * 1.1);
    // About 25 as the bucket turns out five times smaller than assumed, then a few each time the probe meets the refill.
    expect(throttled).toBeLessThanOrEqual(80);
    const pace = limiter.learnedPace();
    expect(pace).toMatchObject({ burst: null, learnedFrom: 'throttling' });
    expect(Math.abs(pace.perSecond! - 100)).toBeLessThan(15);
  });

  it('slows down on 429s to a server slower than the assumption', async () => {
    const { elapsedSeconds, throttled, limiter } = await sendAll(
      { limit: { burst: 100, perSecond: 5 }, counts: false, latencyMs: 50 },
      200,
    );
    expect(elapsedSeconds).toBeLessThanOrEqual(((200 - 100) / 5) * 1.2);
    expect(throttled).toBeLessThanOrEqual(40);
    expect(limiter.learnedPace().perSecond!).toBeLessThan(6);
  });

  it('goes on against a bucket of one token (1 at once, 2 a second), smaller than the tokens it keeps in reserve', async () => {
    const { elapsedSeconds, limiter } = await sendAll({ limit: { burst: 1, perSecond: 2 }, counts: true, latencyMs: 50 }, 10);
    expect(elapsedSeconds).toBeLessThanOrEqual((10 - 1) / 2 + 2);
    expect(limiter.learnedPace()).toMatchObject({ burst: 1, learnedFrom: 'tokens' });
  });

  it('keeps as many requests in flight as the latency needs, and no more than the server takes', async () => {
    const { elapsedSeconds, busy, limiter } = await sendAll({ limit: false, counts: false, latencyMs: 50, maxInFlight: 16 }, 1000);
    expect(elapsedSeconds).toBeLessThanOrEqual(Math.ceil(1000 / 16) * 0.05 * 1.05);
    expect(busy).toBeLessThanOrEqual(2);
    expect(limiter.learnedPace()).toMatchObject({ perSecond: null, inFlight: 16 });
  });

  it('takes a 503 to mean the server holds what is on the way now, even when later requests overtook the refused one', async () => {
    const limiter = new RateLimiter(null, new ManualClock(0));
    for (let n = 0; n < 20; n++) limiter.settle(await limiter.acquire('bulk'), { kind: 'answered' });
    const grants = await Promise.all(Array.from({ length: 20 }, () => limiter.acquire('bulk')));
    // The first one granted was sent last (a new connection): the server was full of the other 19.
    limiter.settle(grants[0]!, { kind: 'busy' });
    expect(limiter.inFlightLimit()).toBe(19);
  });

  it('grants a waiting interactive request before bulk work, and bulk work before background polling', async () => {
    const clock = new ManualClock(0);
    const limiter = new RateLimiter({ burst: 1, perSecond: 1 }, clock);
    limiter.settle(await limiter.acquire('bulk'), { kind: 'answered' });
    const order: Priority[] = [];
    const waiting = (['background', 'bulk', 'interactive'] as const).map((priority) =>
      limiter.acquire(priority).then((grant) => {
        order.push(priority);
        limiter.settle(grant, { kind: 'answered' });
      }),
    );
    while (order.length < 3) await clock.step();
    await Promise.all(waiting);
    expect(order).toEqual(['interactive', 'bulk', 'background']);
  });
});
