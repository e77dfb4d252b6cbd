/**
 * Injected faults. Each /v2 request draws once from a seeded PRNG, so a given seed and request
 * order always fail the same requests; tests can also queue exact faults for the next requests.
 */
import type { FaultRates } from './options';
import type { Prng } from './prng';

/**
 * `gateway_timeout` is queued only: the request is handled and committed, but the proxy in front
 * gave up waiting and answered 504 (nginx's page), so the client cannot tell it was carried out.
 */
export type FaultKind = 'unavailable' | 'reset' | 'lost' | 'gateway_timeout';

/** Which requests a queued fault waits for: by default the next /v2 request, whatever it is. */
export type FaultTarget = (request: { method: string; path: string }) => boolean;

const anyRequest: FaultTarget = () => true;

export class FaultInjector {
  private readonly queued: Array<{ kind: FaultKind; target: FaultTarget }> = [];

  constructor(
    private readonly prng: Prng,
    private readonly rates: () => FaultRates,
  ) {}

  /** Make the next `count` /v2 requests (that `target` picks) fail this way, before any random draw. */
  queue(kind: FaultKind, count = 1, target: FaultTarget = anyRequest): void {
    for (let added = 0; added < count; added++) this.queued.push({ kind, target });
  }

  draw(request: { method: string; path: string }): FaultKind | undefined {
    const next = this.queued.findIndex(({ target }) => target(request));
    if (next !== -1) return this.queued.splice(next, 1)[0]!.kind;
    const rates = this.rates();
    if (rates.unavailable + rates.reset + rates.lost === 0) return undefined;
    const roll = this.prng.next();
    if (roll < rates.unavailable) return 'unavailable';
    if (roll < rates.unavailable + rates.reset) return 'reset';
    if (roll < rates.unavailable + rates.reset + rates.lost) return 'lost';
    return undefined;
  }
}
