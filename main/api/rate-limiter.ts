import { systemClock, type Clock } from '../clock';

/**
 * Who is asking for a request slot. Interactive work (a technician waiting on a click) goes
 * first, bulk work (an import) next, background polling only when nobody else is waiting, so a
 * registration poller never spends the budget an import needs.
 */
export type Priority = 'interactive' | 'bulk' | 'background';

export interface RateLimitOptions {
  /** Bucket size the server allows (KAZOO default 100). */
  burst: number;
  /** Tokens the server adds per second (KAZOO default 10). */
  perSecond: number;
  /**
   * Tokens the model keeps in hand so requests that reach the server a little out of step with
   * its refill do not meet an empty bucket.
   */
  reserve?: number;
}

/** Requests the server lets through: some at once, then so many a second. */
export interface RequestPace {
  tokens: number;
  perSecond: number;
}

export const KAZOO_DEFAULT_RATE_LIMIT: RateLimitOptions = { burst: 100, perSecond: 10 };

const PRIORITY_ORDER: Record<Priority, number> = { interactive: 0, bulk: 1, background: 2 };
/** After a 429 the model assumes the real refill is slower and recovers it gradually. */
const THROTTLE_RATE_FACTOR = 0.8;
const RATE_RECOVERY_PER_SUCCESS = 1.01;

interface Waiter {
  priority: Priority;
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/**
 * The client's model of KAZOO's token bucket: one token per request, refilled continuously.
 * Requests wait for a token instead of being sent into a 429; the model corrects itself from
 * 429 answers and from the `tokens.remaining` KAZOO 5.4 reports.
 */
export class RateLimiter {
  private tokens: number;
  private rate: number;
  private updatedAt: number;
  private readonly waiters: Waiter[] = [];
  /** A drain is due on the clock: one at a time, however many waiters. */
  private wakeScheduled = false;

  constructor(
    private readonly options: RateLimitOptions | null,
    private readonly clock: Clock = systemClock,
  ) {
    this.tokens = options?.burst ?? Infinity;
    this.rate = options?.perSecond ?? Infinity;
    this.updatedAt = clock.now();
  }

  /** Resolves when a request may be sent; the token is spent on resolution. */
  acquire(priority: Priority, signal?: AbortSignal): Promise<void> {
    if (!this.options) return Promise.resolve();
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        priority,
        resolve,
        reject,
        signal,
        onAbort: () => {
          this.remove(waiter);
          reject(signal?.reason);
          this.schedule();
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      const at = this.waiters.findIndex((other) => PRIORITY_ORDER[other.priority] > PRIORITY_ORDER[priority]);
      if (at === -1) this.waiters.push(waiter);
      else this.waiters.splice(at, 0, waiter);
      this.drain();
    });
  }

  /**
   * The pace the server grants now, as the model knows it: tokens in hand (less the reserve) and
   * its refill per second, lowered after 429s. Infinite without a limit.
   */
  pace(): RequestPace {
    if (!this.options) return { tokens: Infinity, perSecond: Infinity };
    this.refill();
    return { tokens: Math.max(0, this.tokens - (this.options.reserve ?? 0)), perSecond: this.rate };
  }

  /** The server said 429: its bucket is empty now, and its refill may be slower than assumed. */
  onThrottled(): void {
    if (!this.options) return;
    this.refill();
    this.tokens = Math.min(this.tokens, 0);
    this.rate = Math.max(this.options.perSecond * 0.25, this.rate * THROTTLE_RATE_FACTOR);
    this.schedule();
  }

  /** A request went through: let a lowered rate estimate creep back towards the configured one. */
  onSuccess(remainingReported?: number, inFlight = 0): void {
    if (!this.options) return;
    this.rate = Math.min(this.options.perSecond, this.rate * RATE_RECOVERY_PER_SUCCESS);
    if (remainingReported !== undefined && Number.isFinite(remainingReported)) {
      this.refill();
      // Requests still in flight will spend tokens the server has not yet counted.
      this.tokens = Math.min(this.tokens, remainingReported - inFlight);
    }
    this.schedule();
  }

  /** When, by the model, the next request may go: after a 429 the server's bucket refills from empty. */
  readyAt(): number {
    const now = this.clock.now();
    if (!this.options) return now;
    this.refill();
    return now + Math.max(0, Math.ceil(((1 - this.tokens) / this.rate) * 1000));
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = Math.max(0, now - this.updatedAt) / 1000;
    this.updatedAt = now;
    this.tokens = Math.min(this.options?.burst ?? Infinity, this.tokens + elapsed * this.rate);
  }

  private drain(): void {
    this.refill();
    const reserve = this.options?.reserve ?? 0;
    while (this.waiters.length > 0) {
      const next = this.waiters[0]!;
      // Background work also leaves the reserve untouched, so it never takes a bulk job's token.
      const needed = 1 + reserve + (next.priority === 'background' ? reserve : 0);
      if (this.tokens < needed) break;
      this.waiters.shift();
      next.signal?.removeEventListener('abort', next.onAbort);
      this.tokens -= 1;
      next.resolve();
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.wakeScheduled || this.waiters.length === 0) return;
    const reserve = this.options?.reserve ?? 0;
    const next = this.waiters[0]!;
    const needed = 1 + reserve + (next.priority === 'background' ? reserve : 0);
    const waitMs = Math.max(1, Math.ceil(((needed - this.tokens) / this.rate) * 1000));
    this.wakeScheduled = true;
    this.clock.schedule(waitMs, () => {
      this.wakeScheduled = false;
      this.drain();
    });
  }

  private remove(waiter: Waiter): void {
    const index = this.waiters.indexOf(waiter);
    if (index >= 0) this.waiters.splice(index, 1);
  }
}
