/**
 * Runs `work` over `items` with at most `limit` at a time, results in input order. The client
 * paces every request anyway; a few in flight only hide the network's round-trip time, and more
 * would just queue inside the rate limiter.
 */
export async function mapInFlight<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Requests a bulk job keeps on the wire at once. */
export const BULK_IN_FLIGHT = 4;
