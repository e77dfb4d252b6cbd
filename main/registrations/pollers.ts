import type { KazooClient } from '../api/client';
import type { Clock } from '../clock';
import { RegistrationPoller, type PollerListener, type PollerOptions } from './poller';

/** One poller per connection, made on the first watcher and dropped with the last, so two views never double the polling. */
export class PollerRegistry {
  private readonly pollers = new Map<string, RegistrationPoller>();

  constructor(
    private readonly clock: Clock,
    private readonly options: PollerOptions = {},
  ) {}

  get(connectionId: string): RegistrationPoller | undefined {
    return this.pollers.get(connectionId);
  }

  subscribe(connectionId: string, client: KazooClient, listener: PollerListener): { poller: RegistrationPoller; unsubscribe: () => void } {
    let poller = this.pollers.get(connectionId);
    if (!poller) {
      poller = new RegistrationPoller(client, this.clock, this.options);
      this.pollers.set(connectionId, poller);
    }
    const owned = poller;
    const unsubscribe = owned.subscribe(listener);
    return {
      poller: owned,
      unsubscribe: () => {
        unsubscribe();
        if (owned.subscribers === 0 && this.pollers.get(connectionId) === owned) this.pollers.delete(connectionId);
      },
    };
  }
}
