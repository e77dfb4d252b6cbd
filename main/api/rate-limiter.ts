import type { LearnedPace } from '../../common/import/types';
import { systemClock, type Clock } from '../clock';

/**
 * Who is asking for a request slot. Interactive work (a technician waiting on a click) goes
 * first, bulk work (an import) next, background polling only when nobody else is waiting, so a
 * registration poller never spends the budget an import needs.
 */
export type Priority = 'interactive' | 'bulk' | 'background';

export interface RateLimitOptions {
  /** Bucket size first assumed (KAZOO default 100); the model learns the server's own. */
  burst: number;
  /** Tokens a second first assumed (KAZOO default 10); the model learns the server's own. */
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

/** A slot the limiter granted: hand it back with what the server answered (`settle`). */
export interface Grant {
  /** Order of granting: a later grant's answer tells the newer state of the server's bucket. */
  readonly seq: number;
  readonly at: number;
}

/** What became of a granted request, as far as the server's limits go. */
export type Settlement =
  /** The server answered (any status but 429 and 503); `remaining` is its `tokens.remaining` when it sends one. */
  | { kind: 'answered'; remaining?: number }
  /** 429: the server's bucket was empty. */
  | { kind: 'throttled' }
  /** 503: the server (or its proxy) takes no more requests at once. */
  | { kind: 'busy' }
  /** Never answered, or never sent: nothing learnt. */
  | { kind: 'unanswered' };

export const KAZOO_DEFAULT_RATE_LIMIT: RateLimitOptions = { burst: 100, perSecond: 10 };

/** The most requests the client keeps on the wire at once, however fast the server is. */
export const MAX_IN_FLIGHT = 32;
/**
 * Requests in flight before the round-trip time is known; each answer allows one more (doubling
 * per round trip). KAZOO's bucket admits 100 at once, so 16 on the first round trip stay well
 * inside it, and a server (or proxy) that takes fewer answers 503 at once, which caps the
 * requests in flight from then on. Starting at 4 cost about one round trip of a 1,000-row import.
 */
const FIRST_IN_FLIGHT = 16;
/** Requests in flight cover the learned rate over one round trip, with this much to spare for jitter. */
const IN_FLIGHT_MARGIN = 1.25;
const RTT_SMOOTHING = 0.2;
/** The rate never goes below this share of the first assumption, nor above this. */
const LOWEST_RATE_SHARE = 0.25;
const HIGHEST_RATE = 10_000;
/**
 * Without token counts: the rate doubles in about seven answers (slow start) until a 429 on the
 * refill shows where the limit is; then it drops a fifth and grows 0.2% an answer, so it meets
 * the limit again now and then, a 429 at a time.
 */
const PROBE_GROWTH = 1.1;
const SETTLED_GROWTH = 1.002;
const THROTTLED_DECREASE = 0.8;
/** What the server admitted over this last span bounds the rate after a 429, when at least MIN_ADMISSIONS came in it. */
const ADMISSION_WINDOW_MS = 500;
const MIN_ADMISSIONS = 5;
/** A refill measured from token counts over fewer tokens or a shorter span than this is noise (counts are whole). */
const MIN_REFILL_SAMPLE = 20;
const MIN_REFILL_SPAN_MS = 500;
const MAX_REFILL_SPAN_MS = 2_000;
/** A bucket found full: the rate is raised this far past what was spent, to find the real refill. */
const HEADROOM_GROWTH = 1.5;
/** With token counts, a 429 means the model ran ahead of the counts: slow down a little. */
const COUNTED_THROTTLE_DECREASE = 0.9;
/** A cap on requests in flight learnt from a 503 is tried one higher after this long without one. */
const BUSY_RETRY_MS = 30_000;

const PRIORITY_ORDER: Record<Priority, number> = { interactive: 0, bulk: 1, background: 2 };

interface Waiter {
  priority: Priority;
  resolve: (grant: Grant) => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/** A token count the server reported, with the grant of the request it answered. */
interface CountSample {
  at: number;
  seq: number;
  remaining: number;
}

/**
 * The client's model of the server's limits, learnt while it talks to it: a token bucket (one
 * token per request, refilled continuously) and how many requests the server takes at once.
 *
 * It starts from a first assumption (KAZOO's default, 100 at once and 10 a second) and corrects
 * it from every answer:
 * - With `tokens.remaining` (KAZOO 5.4), the counts are the truth: the tokens in hand are what
 *   the server reports less what is still on the way; the bucket is at least the highest count
 *   plus one; the refill is what the count regained over a span, plus what was spent in it. A
 *   bucket found full shows headroom, and the rate is raised past what was spent.
 * - Without counts (older servers, or no limit at all), it probes: while requests wait and the
 *   assumed bucket runs low, the rate grows with each answer, quickly until a 429 shows where the
 *   limit is, then gently; each 429 empties the bucket and lowers the rate a fifth, or to what the
 *   server admitted over the last half second if that is less (a probe far past the limit). The
 *   first 429 may only mean a smaller bucket: the bucket becomes what was admitted so far and the
 *   rate goes back to the assumption. A run of 429s to requests already sent counts once.
 * Requests in flight follow the latency: the learnt rate over one round trip (or the tokens in
 * hand, if more), from FIRST_IN_FLIGHT at first up to MAX_IN_FLIGHT, and never above what a 503
 * showed the server takes at once. Requests wait for a token and a slot instead of being sent
 * into a 429.
 */
export class RateLimiter {
  private tokens: number;
  private rate: number;
  private burst: number;
  private updatedAt: number;
  private learnedFrom: LearnedPace['learnedFrom'] = 'default';
  private readonly waiters: Waiter[] = [];
  /** A drain is due on the clock: one at a time, however many waiters. */
  private wakeScheduled = false;
  private granted = 0;
  /** Seqs of granted requests not settled yet. */
  private readonly open = new Set<number>();
  private growthLimit = FIRST_IN_FLIGHT;
  private busyLimit = Infinity;
  private busyAt = 0;
  private roundTripMs: number | undefined;
  /**
   * Without counts: when the last 429 came, the rate a probe last met the refill at (the ceiling),
   * and the rate set after the last 429.
   */
  private lastThrottleAt: number | undefined;
  private ceiling: number | undefined;
  private rateAfterThrottle = Infinity;
  /** Without counts: answers admitted so far, and the times of those of the last ADMISSION_WINDOW_MS. */
  private admitted = 0;
  private readonly admissions: number[] = [];
  /** With counts: a refill was measured (later ones are averaged in). */
  private refillMeasured = false;
  /** With counts: the newest count applied, and the one a refill is measured from. */
  private newestCount: CountSample | undefined;
  private countAnchor: CountSample | undefined;
  /** Seqs of 429'd requests since the anchor: they spent no token. */
  private throttledSeqs: number[] = [];

  constructor(
    private readonly assumed: RateLimitOptions | null,
    private readonly clock: Clock = systemClock,
  ) {
    this.tokens = assumed?.burst ?? Infinity;
    this.rate = assumed?.perSecond ?? Infinity;
    this.burst = assumed?.burst ?? Infinity;
    this.updatedAt = clock.now();
  }

  /** Resolves when a request may be sent: the token is spent and the slot taken on resolution. */
  acquire(priority: Priority, signal?: AbortSignal): Promise<Grant> {
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

  /** Hands a slot back with what the server answered, which is what the model learns from. */
  settle(grant: Grant, settlement: Settlement): void {
    if (!this.open.delete(grant.seq)) return;
    const now = this.clock.now();
    if (settlement.kind === 'answered' || settlement.kind === 'throttled') {
      const sample = now - grant.at;
      this.roundTripMs = this.roundTripMs === undefined ? sample : this.roundTripMs + RTT_SMOOTHING * (sample - this.roundTripMs);
    }
    if (this.assumed) {
      this.refill();
      if (settlement.kind === 'answered') this.onAnswered(grant, settlement.remaining);
      else if (settlement.kind === 'throttled') this.onThrottled(grant);
    }
    if (settlement.kind === 'busy') this.onBusy(now);
    else if (settlement.kind === 'answered') this.growthLimit = Math.min(MAX_IN_FLIGHT, this.growthLimit + 1);
    this.drain();
  }

  /**
   * The pace the server grants now, as the model knows it: tokens in hand (less the reserve) and
   * its refill per second. Infinite without a limit.
   */
  pace(): RequestPace {
    if (!this.assumed) return { tokens: Infinity, perSecond: Infinity };
    this.refill();
    return { tokens: Math.max(0, this.tokens - (this.assumed.reserve ?? 0)), perSecond: this.rate };
  }

  /** What the model has learnt, in the words a batch's progress shows it. */
  learnedPace(): LearnedPace {
    const inFlight = this.inFlightLimit();
    if (!this.assumed) return { perSecond: null, burst: null, inFlight, learnedFrom: 'default' };
    // Without counts and without a 429, a rate grown past the assumption means no limit was met.
    if (this.learnedFrom === 'default' && this.rate > this.assumed.perSecond) {
      return { perSecond: null, burst: null, inFlight, learnedFrom: 'throttling' };
    }
    return {
      perSecond: Math.round(this.rate * 10) / 10,
      burst: this.learnedFrom === 'throttling' ? null : Math.round(this.burst),
      inFlight,
      learnedFrom: this.learnedFrom,
    };
  }

  /** Requests the model lets be on the wire at once now. */
  inFlightLimit(): number {
    const ceiling = Math.min(MAX_IN_FLIGHT, this.growthLimit, this.busyLimit);
    if (!this.assumed || this.roundTripMs === undefined) return Math.max(1, ceiling);
    this.refill();
    const byRate = Math.ceil(this.rate * (this.roundTripMs / 1000) * IN_FLIGHT_MARGIN) + 1;
    const byTokens = Math.floor(this.tokens - (this.assumed.reserve ?? 0));
    return Math.max(1, Math.min(ceiling, Math.max(byRate, byTokens)));
  }

  /** When, by the model, the next request may go: after a 429 the server's bucket refills from empty. */
  readyAt(): number {
    const now = this.clock.now();
    if (!this.assumed) return now;
    this.refill();
    return now + Math.max(0, Math.ceil(((1 - this.tokens) / this.rate) * 1000));
  }

  private onAnswered(grant: Grant, remaining: number | undefined): void {
    if (remaining === undefined || !Number.isFinite(remaining)) {
      this.onUncountedAnswer();
      return;
    }
    this.learnedFrom = 'tokens';
    // An answer overtaken by a later request's says less than the one already applied.
    if (this.newestCount && grant.seq < this.newestCount.seq) return;
    const sample: CountSample = { at: grant.at, seq: grant.seq, remaining };
    this.newestCount = sample;
    if (!this.countAnchor || remaining + 1 > this.burst) this.burst = remaining + 1;
    // Requests still on the way may reach the server after it counted (order on the wire is not
    // order of grant): their tokens are taken as spent already.
    this.tokens = Math.min(this.burst, remaining - this.open.size);
    this.learnRefill(sample);
  }

  private learnRefill(sample: CountSample): void {
    const anchor = this.countAnchor;
    if (!anchor) {
      this.countAnchor = sample;
      return;
    }
    const spanMs = sample.at - anchor.at;
    this.throttledSeqs = this.throttledSeqs.filter((seq) => seq > anchor.seq);
    const spent = sample.seq - anchor.seq - this.throttledSeqs.filter((seq) => seq <= sample.seq).length;
    const regained = sample.remaining - anchor.remaining + spent;
    if (spanMs < MIN_REFILL_SPAN_MS || (regained < MIN_REFILL_SAMPLE && spanMs < MAX_REFILL_SPAN_MS)) return;
    const measured = (regained * 1000) / spanMs;
    // A bucket at its top stopped refilling: the server allows more than was spent (headroom).
    const full = sample.remaining + 1 >= this.burst;
    // Requests reach the server a little out of step with their grants: later spans are averaged in.
    const refill = this.refillMeasured ? (this.rate + measured) / 2 : measured;
    this.rate = this.bounded(full ? Math.max(this.rate, measured * HEADROOM_GROWTH) : refill);
    this.refillMeasured = true;
    this.countAnchor = sample;
  }

  private onUncountedAnswer(): void {
    if (this.learnedFrom === 'tokens') return;
    const now = this.clock.now();
    this.admissions.push(now);
    while (this.admissions[0]! < now - ADMISSION_WINDOW_MS) this.admissions.shift();
    this.admitted += 1;
    // Only a rate that held requests back, spent beyond the assumed bucket, says anything about the refill.
    if (this.tokens >= this.burst / 2 || this.waiters.length === 0) return;
    const probing = this.ceiling === undefined || this.rate < this.ceiling / 2;
    this.rate = this.bounded(this.rate * (probing ? PROBE_GROWTH : SETTLED_GROWTH));
  }

  private onThrottled(grant: Grant): void {
    this.tokens = Math.min(this.tokens, 0);
    this.throttledSeqs.push(grant.seq);
    // Requests sent before the previous 429 came back met the same empty bucket.
    if (this.lastThrottleAt !== undefined && grant.at <= this.lastThrottleAt) return;
    const first = this.lastThrottleAt === undefined;
    this.lastThrottleAt = this.clock.now();
    if (this.learnedFrom === 'tokens') {
      this.rate = this.bounded(this.rate * COUNTED_THROTTLE_DECREASE);
      return;
    }
    this.learnedFrom = 'throttling';
    if (first) {
      // The first 429 may only end a bucket smaller than assumed (it holds at most what was admitted
      // so far): start over from the assumed refill.
      this.burst = Math.max(1, Math.min(this.burst, this.admitted));
      this.rate = Math.min(this.rate, this.assumed!.perSecond);
      this.rateAfterThrottle = this.rate;
      return;
    }
    // A 429 met while probing above the last one's rate shows where the limit is; one met below it only lowers the rate.
    if (this.rate > this.rateAfterThrottle) this.ceiling = this.rate;
    // A rate probed far past the limit comes down at once to what the server admitted lately.
    const admittedLately = (this.admissions.length * 1000) / ADMISSION_WINDOW_MS;
    const lowered = this.rate * THROTTLED_DECREASE;
    this.rate = this.bounded(this.admissions.length >= MIN_ADMISSIONS ? Math.min(lowered, admittedLately) : lowered);
    this.rateAfterThrottle = this.rate;
  }

  /**
   * A 503 "busy": the server holds the requests still on the way (the refused one already settled).
   * All of them count, not only those granted before it: a request sent on a new connection is
   * overtaken by later ones on open connections, and counting only its elders cut the requests
   * in flight to a few, which took minutes to grow back.
   */
  private onBusy(now: number): void {
    this.busyLimit = Math.max(1, Math.min(this.busyLimit, this.open.size));
    this.busyAt = now;
    this.growthLimit = Math.min(this.growthLimit, this.busyLimit);
  }

  private bounded(rate: number): number {
    const lowest = (this.assumed?.perSecond ?? 1) * LOWEST_RATE_SHARE;
    return Math.min(HIGHEST_RATE, Math.max(lowest, rate));
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = Math.max(0, now - this.updatedAt) / 1000;
    this.updatedAt = now;
    if (this.assumed) this.tokens = Math.min(this.burst, this.tokens + elapsed * this.rate);
    if (this.busyLimit !== Infinity && now - this.busyAt >= BUSY_RETRY_MS) {
      this.busyLimit += 1;
      this.busyAt = now;
    }
  }

  private needed(priority: Priority): number {
    const reserve = this.assumed?.reserve ?? 0;
    // Background work also leaves the reserve untouched, so it never takes a bulk job's token.
    // A bucket learnt smaller than the reserve still lets requests through: the bucket never holds more.
    return Math.min(this.burst, 1 + reserve + (priority === 'background' ? reserve : 0));
  }

  private drain(): void {
    this.refill();
    while (this.waiters.length > 0 && this.open.size < this.inFlightLimit()) {
      const next = this.waiters[0]!;
      if (this.tokens < this.needed(next.priority)) break;
      this.waiters.shift();
      next.signal?.removeEventListener('abort', next.onAbort);
      this.tokens -= 1;
      this.granted += 1;
      this.open.add(this.granted);
      next.resolve({ seq: this.granted, at: this.clock.now() });
    }
    this.schedule();
  }

  /** Wakes on the clock when the next waiter's token is due; a waiter short of a slot waits for a settle instead. */
  private schedule(): void {
    if (this.wakeScheduled || this.waiters.length === 0 || this.open.size >= this.inFlightLimit()) return;
    const waitMs = Math.max(1, Math.ceil(((this.needed(this.waiters[0]!.priority) - this.tokens) / this.rate) * 1000));
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
