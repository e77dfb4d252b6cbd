import type { BatchSummary } from '../../common/import/types';
import { fail, ok, type Result } from '../../common/ipc/result';
import {
  DEFAULT_POLL_SECONDS,
  type PollStatus,
  type RegistrationAlert,
  type RegistrationChange,
  type RegistrationCounts,
  type RegistrationRow,
  type DeviceRegistration,
  type RegistrationsSnapshot,
  type RegistrationsUpdate,
} from '../../common/registrations';
import type { Connection } from '../profiles/connection';
import { systemClock, type Clock } from '../clock';
import { registrationAlerts } from './alerts';
import type { PollerEvent, PollerOptions, RegistrationPoller } from './poller';
import { PollerRegistry, type DeviceListSource } from './pollers';
import { registrationReport } from './report';
import { rowsFor, viewOf } from './view';

export interface RegistrationsServiceDeps {
  batches: () => BatchSummary[];
  onChanged: (update: RegistrationsUpdate) => void;
  onStatus: (status: PollStatus) => void;
  /** A watched batch became fully registered, or registered phones of the watch dropped. */
  onAlert: (alert: RegistrationAlert) => void;
  /** The poller read a device list that differs from its last one: devices were made, changed or deleted meanwhile. */
  onDevicesLearned?: (connectionId: string) => void;
  /** Where the pollers read the device list (the devices view's, with extensions); else straight from the server. */
  deviceList?: DeviceListSource;
  clock?: Clock;
  poller?: PollerOptions;
}

/** A watch of the caller's own (the command line's), on the same shared poller as the window's. */
export interface Follow {
  rows(): RegistrationRow[];
  view(): Pick<RegistrationsSnapshot, 'counts' | 'summary'>;
  status(): PollStatus;
  /** Whether a cycle has answered yet. */
  hasData(): boolean;
  /** Stops listening and waits for the cycle in flight. */
  stop(): Promise<void>;
}

export interface RegistrationsService {
  /** The window's one watch: the whole account, or one import batch of that connection. */
  watch(connection: Connection, input: { batchId?: string | null; intervalSeconds?: number }): Promise<Result<RegistrationsSnapshot>>;
  unwatch(): Result<Record<string, never>>;
  visibility(input: { hidden: boolean }): Result<Record<string, never>>;
  report(connection: Connection, input: { batchId: string }): Promise<Result<{ fileName: string; csv: string }>>;
  /** Follows the given devices (null: every device) until stopped; changes of other devices are not passed on. */
  follow(
    connection: Connection,
    input: { deviceIds: readonly string[] | null; intervalSeconds?: number },
    listener: (event: PollerEvent) => void,
  ): Follow;
  /** Tells the poller of that connection to fetch the device list again. */
  devicesChanged(connectionId: string): void;
  /** Each device's state as the running poller last saw it, or null when nothing polls that connection. */
  states(connectionId: string): ReadonlyMap<string, DeviceRegistration> | null;
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

/**
 * The app's Live view: one watch at a time (the window), on the connection it is given. Alerts are
 * decided here rather than in the view, so they fire whatever page the window shows.
 */
export function createRegistrationsService(deps: RegistrationsServiceDeps): RegistrationsService {
  const clock = deps.clock ?? systemClock;
  const pollers = new PollerRegistry(clock, deps.poller, deps.deviceList);
  let watching: Watch | undefined;
  let hidden = false;
  let intervalMs = deps.poller?.intervalMs ?? DEFAULT_POLL_SECONDS * 1000;
  // Only the latest watch request may take over: a slow answer for an earlier choice is dropped.
  let watchRun = 0;

  const stop = () => {
    watching?.unsubscribe();
    watching = undefined;
  };

  /** A batch imported on this connection, when asked for one. */
  const batchOf = (connection: Connection, batchId: string | null): Result<BatchSummary | null> => {
    if (batchId === null) return ok(null);
    const found = deps.batches().find((item) => item.batchId === batchId);
    if (!found) return fail('not_found', 'That import batch is not on this computer any more. Choose another one.');
    if (found.connectionId !== connection.id)
      return fail(
        'invalid_request',
        `“${found.name}” was imported on another connection. Switch to that connection under Connect to watch it.`,
      );
    return ok(found);
  };

  /** A batch's devices the poller's list does not name yet (imported by the command line, say) make it read the list first. */
  const knowBatch = async (poller: RegistrationPoller, deviceIds: readonly string[] | null) => {
    if (!poller.hasData || poller.listIsFresh || !deviceIds || deviceIds.every((id) => poller.lists(id))) return;
    poller.devicesChanged();
    await poller.settled();
    await poller.poll();
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
    async watch(connection, { batchId = null, intervalSeconds }) {
      const run = ++watchRun;
      const found = batchOf(connection, batchId);
      if (!found.ok) return found;
      const batch = found.value;
      const { id: connectionId } = connection;
      // Filled in once the watch takes over; until then its pushes belong to the watch it replaces.
      const slot: { watch?: Watch } = {};
      // Subscribing before the old watch stops keeps the poller, and with it each phone's history, across a re-aim.
      const subscription = pollers.subscribe(connection, (event) => {
        const current = slot.watch;
        if (!current || watching !== current) return;
        if (event.type === 'status') deps.onStatus(event.status);
        else {
          if (event.listChanged) deps.onDevicesLearned?.(connectionId);
          onCycle(current, event.changes);
        }
      });
      const { poller } = subscription;
      const rhythmChanged = intervalSeconds !== undefined && intervalSeconds * 1000 !== intervalMs;
      if (intervalSeconds !== undefined) intervalMs = intervalSeconds * 1000;
      poller.pollEvery(intervalMs);
      poller.setVisibility(hidden);
      // A new rhythm starts now rather than after the old interval; a poller backing off keeps its wait.
      if (!poller.hasData || (rhythmChanged && poller.status.state === 'ok')) await poller.poll();
      await knowBatch(poller, batch ? batch.deviceIds : null);
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

    async report(connection, { batchId }) {
      const found = batchOf(connection, batchId);
      if (!found.ok) return found;
      const batch = found.value;
      if (!batch) return fail('not_found', 'Choose an import batch for the report.');
      // Rides on the running watch when there is one; otherwise one cycle just for the report.
      const { poller, unsubscribe } = pollers.subscribe(connection, () => {});
      try {
        if (!poller.hasData) await poller.poll();
        await knowBatch(poller, batch.deviceIds);
        if (!poller.hasData) return fail('network', poller.status.message);
        return ok(registrationReport(batch.name, rowsFor(poller, batch.deviceIds), new Date(clock.now())));
      } finally {
        unsubscribe();
      }
    },

    follow(connection, { deviceIds, intervalSeconds }, listener) {
      const wanted = deviceIds ? new Set(deviceIds) : null;
      const { poller, unsubscribe } = pollers.subscribe(connection, (event) => {
        if (event.type === 'status' || !wanted) listener(event);
        else listener({ ...event, changes: event.changes.filter((change) => wanted.has(change.deviceId)) });
      });
      if (intervalSeconds !== undefined) poller.pollEvery(intervalSeconds * 1000);
      return {
        rows: () => rowsFor(poller, deviceIds),
        view: () => viewOf(poller, deviceIds),
        status: () => poller.status,
        hasData: () => poller.hasData,
        async stop() {
          unsubscribe();
          await poller.settled();
        },
      };
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
