import type { Clock } from '../clock';
import type { Connection } from '../profiles/connection';
import { RegistrationPoller, type PollerListener, type PollerOptions, type ReadDevices } from './poller';

/** How a connection's poller reads the device list; without one it lists the devices itself. */
export type DeviceListSource = (connection: Connection) => ReadDevices;

/** One poller per connection, made on the first watcher and dropped with the last, so two views never double the polling. */
export class PollerRegistry {
  private readonly pollers = new Map<string, RegistrationPoller>();

  constructor(
    private readonly clock: Clock,
    private readonly options: PollerOptions = {},
    private readonly deviceList?: DeviceListSource,
  ) {}

  get(connectionId: string): RegistrationPoller | undefined {
    return this.pollers.get(connectionId);
  }

  subscribe(connection: Connection, listener: PollerListener): { poller: RegistrationPoller; unsubscribe: () => void } {
    const connectionId = connection.id;
    let poller = this.pollers.get(connectionId);
    if (!poller) {
      poller = new RegistrationPoller(connection.client, this.clock, this.options, this.deviceList?.(connection));
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
