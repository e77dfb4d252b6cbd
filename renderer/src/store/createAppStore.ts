import { createStore } from 'zustand/vanilla';
import type { CrashReport } from '../../../common/crash';
import type { AudianApi } from '../../../common/ipc/api';
import type { AppInfo } from '../../../common/ipc/contract';
import type { AppError } from '../../../common/ipc/result';
import { errorFromThrown } from './errorFromThrown';

export type AppInfoState = { status: 'loading' } | { status: 'ready'; info: AppInfo } | { status: 'failed'; error: AppError };

export type RestartState = { status: 'idle' } | { status: 'restarting' } | { status: 'failed'; error: AppError };

export interface AppState {
  info: AppInfoState;
  /** The last crash main caught, until the technician closes its notice. */
  crash: CrashReport | null;
  restart: RestartState;
  loadInfo: () => Promise<void>;
  dismissCrash: () => void;
  restartApp: () => Promise<void>;
}

/** App-wide facts the frame shows: what is running (app:info), and a crash main caught. The account in use is the connections store's. */
export const createAppStore = (api: AudianApi) =>
  createStore<AppState>()((set) => {
    api.on('app:crashed', (report) => set({ crash: report, restart: { status: 'idle' } }));
    return {
      info: { status: 'loading' },
      crash: null,
      restart: { status: 'idle' },
      loadInfo: async () => {
        set({ info: { status: 'loading' } });
        try {
          const result = await api.invoke('app:info', {});
          set({ info: result.ok ? { status: 'ready', info: result.value } : { status: 'failed', error: result.error } });
        } catch (thrown) {
          set({ info: { status: 'failed', error: errorFromThrown(thrown) } });
        }
      },
      dismissCrash: () => set({ crash: null }),
      restartApp: async () => {
        set({ restart: { status: 'restarting' } });
        try {
          const result = await api.invoke('app:restart', {});
          // On success the app quits and this window closes with it.
          if (!result.ok) set({ restart: { status: 'failed', error: result.error } });
        } catch (thrown) {
          set({ restart: { status: 'failed', error: errorFromThrown(thrown) } });
        }
      },
    };
  });

export type AppStore = ReturnType<typeof createAppStore>;
