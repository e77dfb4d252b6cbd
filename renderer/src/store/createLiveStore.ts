import { createStore } from 'zustand/vanilla';
import type { RowResult } from '../../../common/import/types';
import type { AudianApi } from '../../../common/ipc/api';
import type { AppError, Result } from '../../../common/ipc/result';
import {
  DEFAULT_POLL_SECONDS,
  POLL_INTERVAL_CHOICES,
  type PollStatus,
  type RegistrationAlert,
  type RegistrationChange,
  type RegistrationCounts,
  type RegistrationRow,
  type RegistrationsUpdate,
} from '../../../common/registrations';
import type { ConnectionsStore } from './createConnectionsStore';
import type { NavigationStore } from './createNavigationStore';
import { settledResult } from './errorFromThrown';
import { createLatestOnly } from './latestOnly';

/** How long a changed row stays highlighted. */
export const RECENT_MS = 6_000;
/** Alerts wait for the technician to dismiss them; beyond this many, the oldest go. */
const MAX_ALERTS = 4;
const INTERVAL_KEY = 'audian.live.intervalSeconds';
const SOUND_KEY = 'audian.live.sound';

export type LiveWatchState = { status: 'idle' } | { status: 'starting' } | { status: 'watching' } | { status: 'failed'; error: AppError };

/** What main last said about the watch, kept current by the pushes. */
export interface LiveView {
  connectionId: string;
  batchId: string | null;
  rows: RegistrationRow[];
  counts: RegistrationCounts;
  summary: string;
  status: PollStatus;
  intervalSeconds: number;
}

export interface RecentChange {
  kind: 'online' | 'offline';
  at: number;
}

export interface LiveState {
  /** The batch chosen to watch; null is every device of the account. */
  batchId: string | null;
  intervalSeconds: number;
  /** A short tone with each alert; off unless the technician turns it on. */
  sound: boolean;
  watch: LiveWatchState;
  view: LiveView | null;
  /** Devices that came online or went offline in the last few seconds, for the highlight. */
  recent: Record<string, RecentChange>;
  /** The latest changes in words, for the page's live region. */
  announcement: string;
  alerts: RegistrationAlert[];
  /** Whether the window is hidden (main then polls slowly). */
  hidden: boolean;

  /** Starts watching the active connection, unless already watching it. */
  start: () => Promise<void>;
  choose: (batchId: string | null) => Promise<void>;
  setIntervalSeconds: (seconds: number) => Promise<void>;
  setSound: (on: boolean) => void;
  dismissAlert: (id: string) => void;
  report: (batchId: string) => Promise<Result<{ fileName: string; csv: string }>>;
  /** The rows of the batch's file that the server refused, for the sign-off sheet. */
  failedRows: (batchId: string) => Promise<Result<RowResult[]>>;
}

/** Where the store keeps the technician's choices and learns whether the window is visible (see liveBrowser.ts). */
export interface LiveBrowser {
  storage: { getItem: (key: string) => string | null; setItem: (key: string, value: string) => void };
  isHidden: () => boolean;
  onVisibilityChange: (listener: () => void) => void;
}

function storedInterval(storage: LiveBrowser['storage']): number {
  const stored = Number(storage.getItem(INTERVAL_KEY));
  return (POLL_INTERVAL_CHOICES as readonly number[]).includes(stored) ? stored : DEFAULT_POLL_SECONDS;
}

function changeWords(changes: readonly RegistrationChange[]): string {
  const online = changes.filter((change) => change.kind === 'online');
  const offline = changes.filter((change) => change.kind === 'offline');
  const part = (list: readonly RegistrationChange[], verb: string) =>
    list.length === 0 ? null : list.length === 1 ? `${list[0]?.name} just ${verb}` : `${list.length} phones just ${verb}`;
  const parts = [part(online, 'came online'), part(offline, 'went offline')].filter(Boolean);
  return parts.length > 0 ? `${parts.join('; ')}.` : '';
}

/** Rows the push touched replace their old selves; a device new to the view joins it. */
function mergeRows(rows: readonly RegistrationRow[], touched: readonly RegistrationRow[], sortByName: boolean): RegistrationRow[] {
  const byId = new Map(touched.map((row) => [row.deviceId, row]));
  const merged = rows.map((row) => byId.get(row.deviceId) ?? row);
  const known = new Set(rows.map((row) => row.deviceId));
  const added = touched.filter((row) => !known.has(row.deviceId));
  if (added.length === 0) return merged;
  const all = [...merged, ...added];
  return sortByName ? all.sort((a, b) => a.name.localeCompare(b.name)) : all;
}

/**
 * The Live view's watch. It starts when Live is first shown and keeps running while the
 * technician works elsewhere, so alerts still come; it follows the active connection and ends
 * with it (main ends it when the app closes).
 */
export const createLiveStore = (
  api: AudianApi,
  stores: { connections: ConnectionsStore; navigation: NavigationStore },
  browser: LiveBrowser,
) => {
  const watches = createLatestOnly();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  return createStore<LiveState>()((set, get) => {
    const watch = async () => {
      const isCurrent = watches.begin();
      const { batchId, intervalSeconds } = get();
      if (!get().view) set({ watch: { status: 'starting' } });
      // Main remembers the last word on visibility, which may be a reloaded page's farewell "hidden".
      const hidden = browser.isHidden();
      set({ hidden });
      await settledResult(() => api.invoke('registrations:visibility', { hidden }));
      const result = await settledResult(() => api.invoke('registrations:watch', { batchId, intervalSeconds }));
      if (!isCurrent()) return;
      if (!result.ok) {
        set({ watch: { status: 'failed', error: result.error }, view: null });
        return;
      }
      const { connectionId, rows, counts, summary, status } = result.value;
      set({
        watch: { status: 'watching' },
        view: { connectionId, batchId: result.value.batchId, rows, counts, summary, status, intervalSeconds: result.value.intervalSeconds },
      });
    };

    const stop = () => {
      watches.dropAll();
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      set({ watch: { status: 'idle' }, view: null, batchId: null, recent: {}, announcement: '' });
      void settledResult(() => api.invoke('registrations:unwatch', {}));
    };

    const markRecent = (changes: readonly RegistrationChange[]) => {
      const now = Date.now();
      const recent = { ...get().recent };
      for (const change of changes) {
        if (change.kind !== 'online' && change.kind !== 'offline') continue;
        recent[change.deviceId] = { kind: change.kind, at: now };
        clearTimeout(timers.get(change.deviceId));
        timers.set(
          change.deviceId,
          setTimeout(() => {
            timers.delete(change.deviceId);
            const { [change.deviceId]: _gone, ...rest } = get().recent;
            set({ recent: rest });
          }, RECENT_MS),
        );
      }
      set({ recent });
    };

    // The store lives as long as the window, so these subscriptions are never undone.
    api.on('registrations:changed', (update: RegistrationsUpdate) => {
      const view = get().view;
      // A push with no change of the watched devices carries news for the Devices list only.
      if (!view || update.connectionId !== view.connectionId || update.batchId !== view.batchId || update.changes.length === 0) return;
      set({
        view: {
          ...view,
          rows: mergeRows(view.rows, update.rows, view.batchId === null),
          counts: update.counts,
          summary: update.summary,
        },
      });
      markRecent(update.changes);
      const words = changeWords(update.changes);
      if (words) set({ announcement: words });
    });

    // Devices made, changed or deleted (here, or elsewhere once main learns of it): the rows take the new names at once.
    let rereading: Promise<void> | null = null;
    let rereadAgain = false;
    const reread = async (): Promise<void> => {
      if (rereading) {
        rereadAgain = true;
        return rereading;
      }
      rereading = (async () => {
        do {
          rereadAgain = false;
          await watch();
        } while (rereadAgain);
      })().finally(() => {
        rereading = null;
      });
      return rereading;
    };
    api.on('devices:changed', ({ connectionId }) => {
      if (get().watch.status === 'watching' && get().view?.connectionId === connectionId) void reread();
    });

    api.on('registrations:status', (status) => {
      const view = get().view;
      if (!view) return;
      set({ view: { ...view, status } });
      // Back from an outage (or a first answer that failed): the rows may have moved meanwhile.
      if (view.status.state !== 'ok' && status.state === 'ok') void watch();
    });

    api.on('registrations:alert', (alert) => {
      set({ alerts: [alert, ...get().alerts.filter((other) => other.id !== alert.id)].slice(0, MAX_ALERTS) });
    });

    api.on('registrations:alertClicked', () => stores.navigation.getState().go('live'));

    browser.onVisibilityChange(() => {
      const hidden = browser.isHidden();
      set({ hidden });
      void settledResult(() => api.invoke('registrations:visibility', { hidden }));
    });

    // A watch belongs to one connection: another one starts over with every device, none leaves nothing to watch.
    stores.connections.subscribe((state, previous) => {
      const activeId = state.overview?.activeId ?? null;
      if (activeId === (previous.overview?.activeId ?? null) || get().watch.status === 'idle') return;
      if (activeId === null) {
        stop();
        return;
      }
      set({ batchId: null, view: null, recent: {}, announcement: '' });
      void watch();
    });

    return {
      batchId: null,
      intervalSeconds: storedInterval(browser.storage),
      sound: browser.storage.getItem(SOUND_KEY) === 'on',
      watch: { status: 'idle' },
      view: null,
      recent: {},
      announcement: '',
      alerts: [],
      hidden: browser.isHidden(),

      start: async () => {
        const activeId = stores.connections.getState().overview?.activeId ?? null;
        const { watch: current, view } = get();
        if (current.status === 'starting' || (current.status === 'watching' && view?.connectionId === activeId)) return;
        await watch();
      },

      choose: async (batchId) => {
        set({ batchId, view: null, recent: {}, announcement: '' });
        await watch();
      },

      setIntervalSeconds: async (seconds) => {
        browser.storage.setItem(INTERVAL_KEY, String(seconds));
        set({ intervalSeconds: seconds });
        if (get().watch.status !== 'idle') await watch();
      },

      setSound: (on) => {
        browser.storage.setItem(SOUND_KEY, on ? 'on' : 'off');
        set({ sound: on });
      },

      dismissAlert: (id) => set({ alerts: get().alerts.filter((alert) => alert.id !== id) }),

      report: (batchId) => settledResult(() => api.invoke('registrations:report', { batchId })),

      failedRows: async (batchId) => {
        const results = await settledResult(() => api.invoke('import:results', { batchId }));
        return results.ok ? { ok: true, value: results.value.rows.filter((row) => row.outcome === 'failed') } : results;
      },
    };
  });
};

export type LiveStore = ReturnType<typeof createLiveStore>;
