import type { Clock } from '../../main/clock';

interface Pending {
  at: number;
  order: number;
  task: () => unknown;
}

/** A clock that moves only when told: `advance` runs every task that falls due, in time order, and awaits each. */
export class ManualClock implements Clock {
  private time: number;
  private order = 0;
  private pending: Pending[] = [];

  constructor(start = Date.now()) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  schedule(ms: number, task: () => unknown): () => void {
    const entry: Pending = { at: this.time + Math.max(0, ms), order: this.order++, task };
    this.pending.push(entry);
    return () => {
      this.pending = this.pending.filter((other) => other !== entry);
    };
  }

  /** How long until the next task, or null when nothing waits. */
  nextIn(): number | null {
    const next = this.earliest();
    return next ? next.at - this.time : null;
  }

  async advance(ms: number): Promise<void> {
    const until = this.time + ms;
    for (let next = this.earliest(); next && next.at <= until; next = this.earliest()) {
      this.pending = this.pending.filter((other) => other !== next);
      this.time = Math.max(this.time, next.at);
      await next.task();
    }
    this.time = until;
  }

  /** Moves to the next task and runs it (and any due with it). */
  async step(): Promise<void> {
    const wait = this.nextIn();
    if (wait !== null) await this.advance(wait);
  }

  private earliest(): Pending | undefined {
    let best: Pending | undefined;
    for (const entry of this.pending) if (!best || entry.at < best.at || (entry.at === best.at && entry.order < best.order)) best = entry;
    return best;
  }
}
