import { createStore } from 'zustand/vanilla';
import type { AudianApi } from '../../../common/ipc/api';
import type { UpdateStatus } from '../../../common/updates';
import { errorFromThrown } from './errorFromThrown';

export interface UpdatesState {
  status: UpdateStatus;
  /** Why the last "Restart to update" did not restart (a batch started meanwhile), in words. */
  refusal: string | null;
  load: () => Promise<void>;
  restart: () => Promise<void>;
}

/** The app's own update as main reports it (updates:status); `off` until main says otherwise. */
export const createUpdatesStore = (api: AudianApi) => {
  const store = createStore<UpdatesState>()((set) => ({
    status: { state: 'off' },
    refusal: null,
    load: async () => {
      const result = await api.invoke('updates:status', {}).catch(() => null);
      if (result?.ok) set({ status: result.value });
    },
    restart: async () => {
      try {
        const result = await api.invoke('updates:restart', {});
        set({ refusal: result.ok ? null : result.error.message });
      } catch (thrown) {
        set({ refusal: errorFromThrown(thrown).message });
      }
    },
  }));
  api.on('updates:status', (status) => store.setState({ status, refusal: null }));
  return store;
};

export type UpdatesStore = ReturnType<typeof createUpdatesStore>;
