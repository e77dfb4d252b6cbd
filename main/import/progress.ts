import type { RowResult } from '../../common/import/types';
import type { RequestPace } from '../api/rate-limiter';
import type { Clock } from '../clock';

export interface ProgressPacerOptions {
  /** At most one routine event per interval; state changes go out at once. */
  intervalMs: number;
  /** Requests answered per second are measured over this trailing window. */
  windowMs: number;
  clock: Clock;
  /** Sends one event carrying the rows that changed since the previous one. */
  emit: (changed: RowResult[]) => void;
}

/**
 * Paces a batch's progress events and measures its speed. A 1,000-row import finishing 10 rows a
 * second would otherwise push 1,000 events through IPC and re-render the table each time.
 */
export class ProgressPacer {
  private changed: RowResult[] = [];
  private cancelTimer: (() => void) | undefined;
  private lastEmitAt = -Infinity;
  /** Answer times of the batch's requests; steps decided without one would inflate the rate. */
  private finishes: number[] = [];
  private readonly measuringSince: number;

  constructor(private readonly options: ProgressPacerOptions) {
    this.measuringSince = options.clock.now();
  }

  /** The rows one step changed; `viaRequest` when a request to the server decided it. */
  rowsChanged(rows: readonly RowResult[], viaRequest: boolean): void {
    this.changed.push(...rows);
    if (viaRequest) this.finishes.push(this.options.clock.now());
    this.schedule();
  }

  /** Sends an event now (a state change, the end of the batch). */
  flush(): void {
    this.stop();
    this.lastEmitAt = this.options.clock.now();
    const changed = this.changed;
    this.changed = [];
    this.options.emit(changed);
  }

  /** Requests answered per second over the trailing window (a row of a phone on its own is one request; a person's, several). */
  rate(): number {
    const now = this.options.clock.now();
    const since = now - this.options.windowMs;
    while (this.finishes.length > 0 && this.finishes[0]! < since) this.finishes.shift();
    const spanMs = Math.min(this.options.windowMs, now - this.measuringSince);
    return spanMs > 0 ? (this.finishes.length * 1000) / spanMs : 0;
  }

  /**
   * Seconds until `remaining` requests are answered: at the observed rate, but never
   * sooner than the server's rate limit allows. A batch that starts on a full bucket finishes its
   * first requests fast; the rest go at the refill rate, which is what the time left must use.
   */
  etaSeconds(remaining: number, allowed: RequestPace): number | null {
    if (remaining === 0) return 0;
    const observed = this.rate();
    const limited = Number.isFinite(allowed.perSecond) ? Math.max(0, remaining - allowed.tokens) / allowed.perSecond : 0;
    if (observed === 0) return limited > 0 ? Math.ceil(limited) : null;
    return Math.ceil(Math.max(remaining / observed, limited));
  }

  stop(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }

  private schedule(): void {
    if (this.cancelTimer) return;
    const wait = Math.max(0, this.lastEmitAt + this.options.intervalMs - this.options.clock.now());
    this.cancelTimer = this.options.clock.schedule(wait, () => {
      this.cancelTimer = undefined;
      this.flush();
    });
  }
}
