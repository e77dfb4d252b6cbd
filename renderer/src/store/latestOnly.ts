/**
 * Of the requests of one kind, only the newest may apply its answer: an older one that answers
 * late describes a state the user has already left. `begin()` marks a new request and returns
 * the check its answer must pass before it is applied.
 */
export function createLatestOnly() {
  let newest = 0;
  return {
    begin(): () => boolean {
      const mine = ++newest;
      return () => mine === newest;
    },
    /** Every request begun so far is out of date: what it was for is gone (a reset, an unmount). */
    dropAll(): void {
      newest += 1;
    },
  };
}

export type LatestOnly = ReturnType<typeof createLatestOnly>;
