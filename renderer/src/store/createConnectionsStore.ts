import { createStore } from 'zustand/vanilla';
import type { ConnectionCheck, ConnectionsOverview, ConnectionView } from '../../../common/connections';
import type { AudianApi } from '../../../common/ipc/api';
import type { AppError, FieldError, Result } from '../../../common/ipc/result';
import type { ConnectionInputDraft } from '../../../common/profiles';
import { settledResult } from './errorFromThrown';
import { createLatestOnly, type LatestOnly } from './latestOnly';

export type OverviewState = { status: 'loading' } | { status: 'ready' } | { status: 'failed'; error: AppError };

export type CheckState = { status: 'running' } | { status: 'passed'; check: ConnectionCheck } | { status: 'failed'; error: AppError };

export type SaveState = { status: 'idle' } | { status: 'saving' } | { status: 'failed'; error: AppError; fields: FieldError[] };

/** A quick action on one connection (`id`), or on none for the demo. */
export type ActionState =
  { status: 'idle' } | { status: 'running'; id: string | null } | { status: 'failed'; id: string | null; error: AppError };

export interface ConnectionsState {
  /** The last overview main sent; null until the first one arrives. */
  overview: ConnectionsOverview | null;
  load: OverviewState;
  /** The latest Test of each connection, by id; a connection that was never tested has none. */
  checks: Record<string, CheckState>;
  save: SaveState;
  /** Try the demo, Use and Remove: one at a time, each quick, each able to fail. */
  demo: ActionState;
  activation: ActionState;
  removal: ActionState;
  /** The connection whose secret the frame sent the technician to fix; the Connect page opens its form once. */
  fixing: string | null;

  refresh: () => Promise<void>;
  /** Sends the draft (with any typed secret) once; the store keeps no copy of it, only the outcome. */
  saveConnection: (draft: ConnectionInputDraft) => Promise<Result<ConnectionView>>;
  /** Forgets a finished action's outcome, e.g. when the form or dialog showing it opens afresh. */
  dismiss: (action: 'save' | 'demo' | 'activation' | 'removal') => void;
  check: (id: string) => Promise<void>;
  /** Resolves to whether the connection is now the active one. */
  activate: (id: string | null) => Promise<boolean>;
  remove: (id: string) => Promise<boolean>;
  /** Asks the Connect page to open this connection's form at its secret (null once it has). */
  fix: (id: string | null) => void;
  startDemo: () => Promise<ConnectionView | null>;
  /** Pins the certificate whose fingerprint the user compared, then tests the connection again; a refusal becomes its test's outcome. */
  pinCertificate: (id: string, sha256: string) => Promise<void>;
}

const RECOUNT_SPACING_MS = 5_000;

/** Results of connections that are gone would otherwise linger and reappear if an id were reused. */
function keepChecksOf(checks: Record<string, CheckState>, overview: ConnectionsOverview): Record<string, CheckState> {
  const ids = new Set(overview.connections.map((connection) => connection.id));
  return Object.fromEntries(Object.entries(checks).filter(([id]) => ids.has(id)));
}

/**
 * Saved connections as main reports them, kept current by `connections:changed`, plus what the
 * Connect screen is doing with them (testing, saving, starting the demo). Secrets pass through
 * `saveConnection` on their way to main and are never stored here.
 */
export const createConnectionsStore = (api: AudianApi) => {
  // Counts overviews received, so a slow list answer cannot overwrite a newer push.
  let overviewVersion = 0;
  // Tests of different connections run side by side; of each connection's, only the latest writes its result.
  const checkRuns = new Map<string, LatestOnly>();

  return createStore<ConnectionsState>()((set, get) => {
    const applyOverview = (overview: ConnectionsOverview) => {
      overviewVersion += 1;
      set({ overview, load: { status: 'ready' }, checks: keepChecksOf(get().checks, overview) });
    };
    const runCheck = async (id: string, quietly: boolean) => {
      const runs = checkRuns.get(id) ?? createLatestOnly();
      checkRuns.set(id, runs);
      const isCurrent = runs.begin();
      if (!quietly) set({ checks: { ...get().checks, [id]: { status: 'running' } } });
      const result = await settledResult(() => api.invoke('connections:check', { id }));
      if (!isCurrent()) return;
      const outcome: CheckState = result.ok ? { status: 'passed', check: result.value } : { status: 'failed', error: result.error };
      set({ checks: { ...get().checks, [id]: outcome } });
    };

    // The store lives as long as the window, so the subscriptions are never undone.
    api.on('connections:changed', applyOverview);
    // A count shown on a card is counted again once this app changed that account's devices; it stays on screen
    // meanwhile. An import tells of changes many times a second: at most one count per RECOUNT_SPACING_MS, and one after the last.
    const recounts = new Map<string, { due: boolean; lastAt: number }>();
    api.on('devices:changed', ({ connectionId }) => {
      const recount = recounts.get(connectionId) ?? { due: false, lastAt: -Infinity };
      recounts.set(connectionId, recount);
      if (recount.due) return;
      recount.due = true;
      setTimeout(
        () => {
          recount.due = false;
          recount.lastAt = Date.now();
          if (get().checks[connectionId]?.status === 'passed') void runCheck(connectionId, true);
        },
        Math.max(0, recount.lastAt + RECOUNT_SPACING_MS - Date.now()),
      );
    });

    return {
      overview: null,
      load: { status: 'loading' },
      checks: {},
      save: { status: 'idle' },
      demo: { status: 'idle' },
      activation: { status: 'idle' },
      removal: { status: 'idle' },
      fixing: null,

      refresh: async () => {
        const versionAtStart = overviewVersion;
        if (!get().overview) set({ load: { status: 'loading' } });
        const result = await settledResult(() => api.invoke('connections:list', {}));
        if (overviewVersion !== versionAtStart) return;
        if (result.ok) applyOverview(result.value);
        else set({ load: { status: 'failed', error: result.error } });
      },

      saveConnection: async (draft) => {
        set({ save: { status: 'saving' } });
        const result = await settledResult(() => api.invoke('connections:save', draft));
        if (!result.ok) {
          set({ save: { status: 'failed', error: result.error, fields: result.error.fields ?? [] } });
          return result;
        }
        // Whatever was tested before described the old details.
        const { [result.value.id]: _stale, ...checks } = get().checks;
        set({ save: { status: 'idle' }, checks });
        return result;
      },

      dismiss: (action) => set({ [action]: { status: 'idle' } }),

      check: (id) => runCheck(id, false),

      fix: (id) => set({ fixing: id }),

      activate: async (id) => {
        set({ activation: { status: 'running', id } });
        const result = await settledResult(() => api.invoke('connections:activate', { id }));
        if (result.ok) {
          applyOverview(result.value);
          set({ activation: { status: 'idle' } });
        } else {
          set({ activation: { status: 'failed', id, error: result.error } });
        }
        return result.ok;
      },

      remove: async (id) => {
        set({ removal: { status: 'running', id } });
        const result = await settledResult(() => api.invoke('connections:remove', { id }));
        set({ removal: result.ok ? { status: 'idle' } : { status: 'failed', id, error: result.error } });
        return result.ok;
      },

      pinCertificate: async (id, sha256) => {
        set({ checks: { ...get().checks, [id]: { status: 'running' } } });
        const result = await settledResult(() => api.invoke('connections:pinCertificate', { id, sha256 }));
        if (result.ok) await runCheck(id, false);
        else set({ checks: { ...get().checks, [id]: { status: 'failed', error: result.error } } });
      },

      startDemo: async () => {
        set({ demo: { status: 'running', id: null } });
        const result = await settledResult(() => api.invoke('connections:startDemo', {}));
        if (!result.ok) {
          set({ demo: { status: 'failed', id: null, error: result.error } });
          return null;
        }
        set({ demo: { status: 'idle' } });
        return result.value;
      },
    };
  });
};

export type ConnectionsStore = ReturnType<typeof createConnectionsStore>;
