import { MAX_IN_FLIGHT } from '../api/rate-limiter';

/**
 * Runs `work` over `items` with at most `limit` at a time, results in input order. The client
 * paces every request and sets how many are on the wire (its learnt rate over the round-trip
 * time); `limit` only bounds how many wait for it.
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

/** Requests a bulk job hands the client at once: as many as the client ever keeps on the wire. */
export const BULK_IN_FLIGHT = MAX_IN_FLIGHT;
