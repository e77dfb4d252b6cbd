import type { BatchSummary } from '../../common/import/types';
import { fail, ok, type Result } from '../../common/ipc/result';
import type { PollStatus, RegistrationState, RegistrationsSnapshot, RegistrationsUpdate } from '../../common/registrations';
import type { ClientRegistry } from '../profiles/client-registry';
import type { ConnectionService } from '../profiles/connection-service';
import type { PollerOptions, RegistrationPoller } from './poller';
import { PollerRegistry } from './pollers';
import { registrationReport } from './report';
import { systemScheduler, type Scheduler } from './scheduler';
import { rowsFor, viewOf } from './view';

export interface RegistrationsServiceDeps {
  connections: Pick<ConnectionService, 'active'>;
  clients: Pick<ClientRegistry, 'clientFor'>;
  batches: () => BatchSummary[];
  onChanged: (update: RegistrationsUpdate) => void;
  onStatus: (status: PollStatus) => void;
  scheduler?: Scheduler;
  poller?: PollerOptions;
}

export interface RegistrationsService {
  watch(input: { batchId?: string | null }): Promise<Result<RegistrationsSnapshot>>;
  unwatch(): Result<Record<string, never>>;
  visibility(input: { hidden: boolean }): Result<Record<string, never>>;
  report(input: { batchId: string }): Promise<Result<{ fileName: string; csv: string }>>;
  /** Tells the poller of that connection to fetch the device list again. */
  devicesChanged(connectionId: string): void;
  /** Each device's state as the running poller last saw it, or null when nothing polls that connection. */
  states(connectionId: string): ReadonlyMap<string, RegistrationState> | null;
  close(): void;
}

interface Watch {
  connectionId: string;
  batchId: string | null;
  deviceIds: string[] | null;
  poller: RegistrationPoller;
  unsubscribe: () => void;
}

/** The app's Live view: one watch at a time (the window), on the active connection. */
export function createRegistrationsService(deps: RegistrationsServiceDeps): RegistrationsService {
  const scheduler = deps.scheduler ?? systemScheduler;
  const pollers = new PollerRegistry(scheduler, deps.poller);
  let watching: Watch | undefined;
  let hidden = false;

  const batchOf = (batchId: string): Result<BatchSummary> => {
    const batch = deps.batches().find((item) => item.batchId === batchId);
    return batch ? ok(batch) : fail('not_found', 'That import batch is not on this computer any more. Choose another one.');
  };

  const stop = () => {
    watching?.unsubscribe();
    watching = undefined;
  };

  /** A subscription on the active connection, its first cycle done (or failed, with the status saying so). */
  const subscribe = async (
    listener: Parameters<PollerRegistry['subscribe']>[2],
  ): Promise<Result<{ connectionId: string; poller: RegistrationPoller; unsubscribe: () => void }>> => {
    const profile = await deps.connections.active();
    if (!profile.ok) return profile;
    const client = await deps.clients.clientFor(profile.value);
    if (!client.ok) return client;
    const subscription = pollers.subscribe(profile.value.id, client.value, listener);
    if (!subscription.poller.hasData) await subscription.poller.poll();
    return ok({ connectionId: profile.value.id, ...subscription });
  };

  return {
    async watch({ batchId = null }) {
      const batch = batchId === null ? null : batchOf(batchId);
      if (batch && !batch.ok) return batch;
      stop();
      const deviceIds = batch ? batch.value.deviceIds : null;
      const wanted = deviceIds ? new Set(deviceIds) : null;
      const subscription = await subscribe((event) => {
        const current = watching;
        if (!current) return;
        if (event.type === 'status') return deps.onStatus(event.status);
        const changes = wanted ? event.changes.filter((change) => wanted.has(change.deviceId)) : event.changes;
        if (changes.length === 0) return;
        const touched = [...new Set(changes.map((change) => change.deviceId))];
        deps.onChanged({
          connectionId: current.connectionId,
          batchId: current.batchId,
          changes,
          rows: touched.flatMap((id) => current.poller.row(id) ?? []),
          ...viewOf(rowsFor(current.poller, current.deviceIds)),
        });
      });
      if (!subscription.ok) return subscription;
      const { connectionId, poller, unsubscribe } = subscription.value;
      watching = { connectionId, batchId, deviceIds, poller, unsubscribe };
      poller.setVisibility(hidden);
      const rows = rowsFor(poller, deviceIds);
      return ok({ connectionId, batchId, ...viewOf(rows), rows, status: poller.status, at: new Date(scheduler.now()).toISOString() });
    },

    unwatch() {
      stop();
      return ok({});
    },

    visibility(input) {
      hidden = input.hidden;
      watching?.poller.setVisibility(hidden);
      return ok({});
    },

    async report({ batchId }) {
      const batch = batchOf(batchId);
      if (!batch.ok) return batch;
      // Rides on the running watch when there is one; otherwise one cycle just for the report.
      const subscription = await subscribe(() => {});
      if (!subscription.ok) return subscription;
      try {
        const { poller } = subscription.value;
        if (!poller.hasData) return fail('network', poller.status.message);
        return ok(registrationReport(batch.value.name, rowsFor(poller, batch.value.deviceIds), new Date(scheduler.now())));
      } finally {
        subscription.value.unsubscribe();
      }
    },

    devicesChanged(connectionId) {
      pollers.get(connectionId)?.devicesChanged();
    },

    states(connectionId) {
      const poller = pollers.get(connectionId);
      if (!poller?.hasData) return null;
      return new Map(poller.rows().map((row) => [row.deviceId, row.state]));
    },

    close: stop,
  };
}
