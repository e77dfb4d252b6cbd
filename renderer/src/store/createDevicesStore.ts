import { createStore } from 'zustand/vanilla';
import type { DevicesSnapshot } from '../../../common/devices-view';
import type { AudianApi } from '../../../common/ipc/api';
import type { RequestChannel, RequestInput, RequestOutput } from '../../../common/ipc/contract';
import type { AppError, Result } from '../../../common/ipc/result';
import { settledResult } from './errorFromThrown';
import { createLatestOnly } from './latestOnly';

export type DevicesListState = { status: 'idle' } | { status: 'loading' } | { status: 'ready' } | { status: 'failed'; error: AppError };

/** The channels the devices view sends one-off requests on (all but the list, which the store keeps). */
export type DeviceRequestChannel = Extract<RequestChannel, `devices:${string}`>;

export interface DevicesState {
  /** The last list main sent for the active connection; null until one arrives. */
  snapshot: DevicesSnapshot | null;
  list: DevicesListState;
  /** Whether a Refresh (a fresh read from the server) is under way. */
  refreshing: boolean;
  /** Why the last read failed while an older list stays shown; null once a read succeeds. */
  refreshError: AppError | null;

  /** Reads the list: from main's cache unless `refresh`. */
  load: (refresh: boolean) => Promise<void>;
  /** One request about devices (get, save, bulk…), failures as values; the list is re-read after changes by the push. */
  request: <C extends DeviceRequestChannel>(channel: C, input: RequestInput<C>) => Promise<Result<RequestOutput<C>>>;
}

/**
 * The active connection's devices and users as main caches them, kept current by
 * `devices:changed` and, for registration states, `registrations:changed`; plus a typed way to
 * send the editor's and bulk actions' requests.
 */
export const createDevicesStore = (api: AudianApi) => {
  const listLoads = createLatestOnly();

  return createStore<DevicesState>()((set, get) => {
    // The store lives as long as the window, so the subscriptions are never undone.
    api.on('devices:changed', () => {
      if (get().list.status !== 'idle') void get().load(false);
    });
    // The Live poller's news, row by row: only the rows it names change, the rest keep their identity.
    api.on('registrations:changed', (update) => {
      const snapshot = get().snapshot;
      if (!snapshot || snapshot.connectionId !== update.connectionId) return;
      const states = new Map(update.states.map((entry) => [entry.deviceId, entry.state]));
      let touched = false;
      const devices = snapshot.devices.map((device) => {
        const state = states.get(device.id);
        if (state === undefined || state === device.registration) return device;
        touched = true;
        return { ...device, registration: state };
      });
      if (touched) set({ snapshot: { ...snapshot, devices } });
    });

    return {
      snapshot: null,
      list: { status: 'idle' },
      refreshing: false,
      refreshError: null,

      load: async (refresh) => {
        const isCurrent = listLoads.begin();
        if (!get().snapshot) set({ list: { status: 'loading' } });
        if (refresh) set({ refreshing: true });
        const result = await settledResult(() => api.invoke('devices:list', { refresh }));
        if (!isCurrent()) return;
        if (result.ok) set({ snapshot: result.value, list: { status: 'ready' }, refreshing: false, refreshError: null });
        // A list already shown stays, saying how old it is; only a first read that fails leaves nothing to show.
        else if (get().snapshot) set({ refreshing: false, refreshError: result.error });
        else set({ list: { status: 'failed', error: result.error }, refreshing: false, refreshError: null });
      },

      request: (channel, input) => settledResult(() => api.invoke(channel, input)),
    };
  });
};

export type DevicesStore = ReturnType<typeof createDevicesStore>;
