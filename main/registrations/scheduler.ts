/**
 * Time for the poller, injected so tests and the soak benchmark step through hours of polling
 * without waiting. A callback may return a promise; a stepping scheduler awaits it.
 */
export interface Scheduler {
  now(): number;
  /** Runs `task` after `ms`; the returned function cancels it. */
  schedule(ms: number, task: () => unknown): () => void;
}

export const systemScheduler: Scheduler = {
  now: () => Date.now(),
  schedule(ms, task) {
    const timer = setTimeout(task, ms);
    return () => clearTimeout(timer);
  },
};
