/**
 * KAZOO's token buckets (kz_token_bucket): one bucket per "{client_ip}/{account_id}", refilled
 * continuously so benchmarks can predict exactly when a request is admitted.
 */
import type { Clock } from '../clock';
import type { RateLimit } from './options';

interface Bucket {
  tokens: number;
  at: number;
}

export interface Admission {
  allowed: boolean;
  /** Whole tokens left after this request, as 5.4 reports them in the envelope. */
  remaining: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly clock: Pick<Clock, 'now'>) {}

  take(key: string, limit: RateLimit, cost = 1): Admission {
    const now = this.clock.now();
    const bucket = this.buckets.get(key) ?? { tokens: limit.burst, at: now };
    const elapsed = Math.max(0, now - bucket.at) / 1000;
    bucket.tokens = Math.min(limit.burst, bucket.tokens + elapsed * limit.perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < cost) return { allowed: false, remaining: Math.floor(bucket.tokens) };
    bucket.tokens -= cost;
    return { allowed: true, remaining: Math.floor(bucket.tokens) };
  }

  /** Limits changed at runtime start every client from a full bucket. */
  reset(): void {
    this.buckets.clear();
  }
}
