/**
 * Time as main sees it: the API client's backoff and token expiry, the rate limiter's refill, the
 * registrations poller's cycles, the sandbox's timestamps. Injected so tests and benchmarks step
 * through hours of it without waiting.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /**
   * Runs `task` after `ms`; the returned function cancels it. A task may return a promise: a
   * clock that tests step awaits it before it moves on.
   */
  schedule(ms: number, task: () => unknown): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  schedule(ms, task) {
    const timer = setTimeout(task, ms);
    return () => clearTimeout(timer);
  },
};

/** Resolves after `ms` on `clock`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(clock: Pick<Clock, 'schedule'>, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      cancel();
      reject(signal?.reason);
    };
    const cancel = clock.schedule(ms, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
