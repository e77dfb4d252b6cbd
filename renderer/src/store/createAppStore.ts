import { createStore } from 'zustand/vanilla';
import type { AudianApi } from '../../../common/ipc/api';
import type { AppInfo } from '../../../common/ipc/contract';
import type { AppError } from '../../../common/ipc/result';
import { errorFromThrown } from './errorFromThrown';

export type AppInfoState = { status: 'loading' } | { status: 'ready'; info: AppInfo } | { status: 'failed'; error: AppError };

export interface AppState {
  info: AppInfoState;
  loadInfo: () => Promise<void>;
}

/** App-wide facts the frame shows: what is running (app:info). The account in use is the connections store's. */
export const createAppStore = (api: AudianApi) =>
  createStore<AppState>()((set) => ({
    info: { status: 'loading' },
    loadInfo: async () => {
      set({ info: { status: 'loading' } });
      try {
        const result = await api.invoke('app:info', {});
        set({ info: result.ok ? { status: 'ready', info: result.value } : { status: 'failed', error: result.error } });
      } catch (thrown) {
        set({ info: { status: 'failed', error: errorFromThrown(thrown) } });
      }
    },
  }));

export type AppStore = ReturnType<typeof createAppStore>;
