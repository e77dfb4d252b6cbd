import type { BatchSummary } from '../../common/import/types';
import { fail, ok, type Result } from '../../common/ipc/result';
import {
  DEFAULT_POLL_SECONDS,
  type PollStatus,
  type RegistrationAlert,
  type RegistrationChange,
  type RegistrationCounts,
  type RegistrationState,
  type RegistrationsSnapshot,
  type RegistrationsUpdate,
} from '../../common/registrations';
import type { KazooClient } from '../api/client';
import { systemClock, type Clock } from '../clock';
import type { ClientRegistry } from '../profiles/client-registry';
import type { ConnectionService } from '../profiles/connection-service';
import { registrationAlerts } from './alerts';
import type { PollerOptions, RegistrationPoller } from './poller';
import { PollerRegistry } from './pollers';
import { registrationReport } from './report';
import { rowsFor, viewOf } from './view';

export interface RegistrationsServiceDeps {
  connections: Pick<ConnectionService, 'active'>;
  clients: Pick<ClientRegistry, 'clientFor'>;
  batches: () => BatchSummary[];
  onChanged: (update: RegistrationsUpdate) => void;
  onStatus: (status: PollStatus) => void;
  /** A watched batch became fully registered, or registered phones of the watch dropped. */
  onAlert: (alert: RegistrationAlert) => void;
  clock?: Clock;
  poller?: PollerOptions;
}

export interface RegistrationsService {
  watch(input: { batchId?: string | null; intervalSeconds?: number }): Promise<Result<RegistrationsSnapshot>>;
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
  batch: { batchId: string; name: string } | null;
  deviceIds: string[] | null;
  wanted: ReadonlySet<string> | null;
  poller: RegistrationPoller;
  unsubscribe: () => void;
  /** The counts the last push told, so alerts fire on a transition and once. */
  counts: RegistrationCounts;
}

interface Target {
  connectionId: string;
  client: KazooClient;
  batch: BatchSummary | null;
}

/**
 * The app's Live view: one watch at a time (the window), on the active connection. Alerts are
 * decided here rather than in the view, so they fire whatever page the window shows.
 */
export function createRegistrationsService(deps: RegistrationsServiceDeps): RegistrationsService {
  const clock = deps.clock ?? systemClock;
  const pollers = new PollerRegistry(clock, deps.poller);
  let watching: Watch | undefined;
  let hidden = false;
  let intervalMs = deps.poller?.intervalMs ?? DEFAULT_POLL_SECONDS * 1000;
  // Only the latest watch request may take over: a slow answer for an earlier choice is dropped.
  let watchRun = 0;

  const stop = () => {
    watching?.unsubscribe();
    watching = undefined;
  };

  /** The active connection's client and, when asked for, a batch imported on that connection. */
  const target = async (batchId: string | null): Promise<Result<Target>> => {
    const profile = await deps.connections.active();
    if (!profile.ok) return profile;
    let batch: BatchSummary | null = null;
    if (batchId !== null) {
      const found = deps.batches().find((item) => item.batchId === batchId);
      if (!found) return fail('not_found', 'That import batch is not on this computer any more. Choose another one.');
      if (found.connectionId !== profile.value.id)
        return fail(
          'invalid_request',
          `“${found.name}” was imported on another connection. Switch to that connection under Connect to watch it.`,
        );
      batch = found;
    }
    const client = await deps.clients.clientFor(profile.value);
    if (!client.ok) return client;
    return ok({ connectionId: profile.value.id, client: client.value, batch });
  };

  const onCycle = (current: Watch, changes: RegistrationChange[]) => {
    const states = [
      ...new Set(changes.flatMap((change) => (change.kind === 'online' || change.kind === 'offline' ? [change.deviceId] : []))),
    ]
      .flatMap((id) => current.poller.row(id) ?? [])
      .map((row) => ({ deviceId: row.deviceId, state: row.state }));
    const mine = current.wanted ? changes.filter((change) => current.wanted?.has(change.deviceId)) : changes;
    if (mine.length === 0 && states.length === 0) return;
    const touched = [...new Set(mine.map((change) => change.deviceId))].flatMap((id) => current.poller.row(id) ?? []);
    const view = viewOf(current.poller, current.deviceIds);
    const update = { connectionId: current.connectionId, batchId: current.batch?.batchId ?? null, changes: mine, rows: touched, states };
    deps.onChanged({ ...update, ...view });
    if (mine.length === 0) return;
    const alerts = registrationAlerts({
      connectionId: current.connectionId,
      batch: current.batch,
      before: current.counts,
      after: view.counts,
      changes: mine,
      rows: touched,
      at: mine[0]?.at ?? new Date(clock.now()).toISOString(),
    });
    current.counts = view.counts;
    for (const alert of alerts) deps.onAlert(alert);
  };

  return {
    async watch({ batchId = null, intervalSeconds }) {
      const run = ++watchRun;
      const found = await target(batchId);
      if (!found.ok) return found;
      const { connectionId, client, batch } = found.value;
      // Filled in once the watch takes over; until then its pushes belong to the watch it replaces.
      const slot: { watch?: Watch } = {};
      // Subscribing before the old watch stops keeps the poller, and with it each phone's history, across a re-aim.
      const subscription = pollers.subscribe(connectionId, client, (event) => {
        const current = slot.watch;
        if (!current || watching !== current) return;
        if (event.type === 'status') deps.onStatus(event.status);
        else onCycle(current, event.changes);
      });
      const { poller } = subscription;
      const rhythmChanged = intervalSeconds !== undefined && intervalSeconds * 1000 !== intervalMs;
      if (intervalSeconds !== undefined) intervalMs = intervalSeconds * 1000;
      poller.setInterval(intervalMs);
      poller.setVisibility(hidden);
      // A new rhythm starts now rather than after the old interval; a poller backing off keeps its wait.
      if (!poller.hasData || (rhythmChanged && poller.status.state === 'ok')) await poller.poll();
      if (run !== watchRun) {
        subscription.unsubscribe();
        return fail('cancelled', 'A newer choice of what to watch replaced this one.');
      }
      stop();
      const deviceIds = batch ? batch.deviceIds : null;
      const rows = rowsFor(poller, deviceIds);
      const view = viewOf(poller, deviceIds);
      watching = slot.watch = {
        connectionId,
        batch: batch ? { batchId: batch.batchId, name: batch.name } : null,
        deviceIds,
        wanted: deviceIds ? new Set(deviceIds) : null,
        poller,
        unsubscribe: subscription.unsubscribe,
        counts: view.counts,
      };
      return ok({
        connectionId,
        batchId: batch?.batchId ?? null,
        ...view,
        rows,
        status: poller.status,
        intervalSeconds: intervalMs / 1000,
        at: new Date(clock.now()).toISOString(),
      });
    },

    unwatch() {
      watchRun += 1;
      stop();
      return ok({});
    },

    visibility(input) {
      hidden = input.hidden;
      watching?.poller.setVisibility(hidden);
      return ok({});
    },

    async report({ batchId }) {
      const found = await target(batchId);
      if (!found.ok) return found;
      const { connectionId, client, batch } = found.value;
      if (!batch) return fail('not_found', 'Choose an import batch for the report.');
      // Rides on the running watch when there is one; otherwise one cycle just for the report.
      const { poller, unsubscribe } = pollers.subscribe(connectionId, client, () => {});
      try {
        if (!poller.hasData) await poller.poll();
        if (!poller.hasData) return fail('network', poller.status.message);
        return ok(registrationReport(batch.name, rowsFor(poller, batch.deviceIds), new Date(clock.now())));
      } finally {
        unsubscribe();
      }
    },

    devicesChanged(connectionId) {
      pollers.get(connectionId)?.devicesChanged();
    },

    states(connectionId) {
      const poller = pollers.get(connectionId);
      if (!poller?.hasData) return null;
      return poller.tracker.states();
    },

    close() {
      watchRun += 1;
      stop();
    },
  };
}
