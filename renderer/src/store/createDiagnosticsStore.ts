import { createStore } from 'zustand/vanilla';
import type { AudianApi } from '../../../common/ipc/api';
import type { AppError } from '../../../common/ipc/result';
import { errorFromThrown } from './errorFromThrown';
import { createLatestOnly } from './latestOnly';

export type RequestCheck =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'answered'; roundTripMs: number; receivedAt: string }
  | { status: 'failed'; error: AppError };

export type PushCheck = { status: 'idle' } | { status: 'waiting' } | { status: 'arrived'; afterMs: number } | { status: 'missing' };

export type BundleExport =
  | { status: 'idle' }
  | { status: 'exporting' }
  | { status: 'saved'; path: string; bytes: number; files: number }
  | { status: 'cancelled' }
  | { status: 'failed'; error: AppError };

export interface DiagnosticsState {
  request: RequestCheck;
  push: PushCheck;
  bundle: BundleExport;
  checkConnection: () => Promise<void>;
  /** "Export support bundle": main asks where, then writes the zip. */
  exportBundle: () => Promise<void>;
}

export interface DiagnosticsOptions {
  /** How long to wait for the app:pinged push before calling it missing. */
  pushTimeoutMs?: number;
  now?: () => number;
}

/**
 * "Check connection to main": one app:ping request, and the app:pinged push main sends for it.
 * Both paths are timed separately because either can break on its own (e.g. requests pass but the
 * event stream is down), and a technician's bug report is only useful if it says which.
 */
export const createDiagnosticsStore = (
  api: AudianApi,
  { pushTimeoutMs = 3000, now = () => performance.now() }: DiagnosticsOptions = {},
) => {
  const checks = createLatestOnly();
  return createStore<DiagnosticsState>()((set, get) => ({
    request: { status: 'idle' },
    push: { status: 'idle' },
    bundle: { status: 'idle' },
    exportBundle: async () => {
      if (get().bundle.status === 'exporting') return;
      set({ bundle: { status: 'exporting' } });
      try {
        const result = await api.invoke('support:exportBundle', {});
        if (!result.ok) set({ bundle: { status: 'failed', error: result.error } });
        else if (!result.value.saved) set({ bundle: { status: 'cancelled' } });
        else set({ bundle: { status: 'saved', path: result.value.path, bytes: result.value.bytes, files: result.value.files } });
      } catch (thrown) {
        set({ bundle: { status: 'failed', error: errorFromThrown(thrown) } });
      }
    },
    checkConnection: async () => {
      const isCurrent = checks.begin();
      // A message unique to this run, so an echo of an earlier or someone else's ping is not mistaken for ours.
      const message = `diagnostics ${crypto.randomUUID()}`;
      const started = now();
      const elapsed = () => Math.max(0, Math.round(now() - started));
      set({ request: { status: 'running' }, push: { status: 'waiting' } });

      const stopListening = api.on('app:pinged', (payload) => {
        if (payload.message !== message) return;
        finishPushWait();
        if (isCurrent()) set({ push: { status: 'arrived', afterMs: elapsed() } });
      });
      const timer = setTimeout(() => {
        finishPushWait();
        if (isCurrent() && get().push.status === 'waiting') set({ push: { status: 'missing' } });
      }, pushTimeoutMs);
      function finishPushWait() {
        clearTimeout(timer);
        stopListening();
      }

      let request: RequestCheck;
      try {
        const result = await api.invoke('app:ping', { message });
        request = result.ok
          ? { status: 'answered', roundTripMs: elapsed(), receivedAt: result.value.receivedAt }
          : { status: 'failed', error: result.error };
      } catch (thrown) {
        request = { status: 'failed', error: errorFromThrown(thrown) };
      }
      if (!isCurrent()) return;
      set({ request });
      // Main sends the push only after handling the request, so with no answer there is nothing to wait for.
      if (request.status === 'failed') {
        finishPushWait();
        set({ push: { status: 'idle' } });
      }
    },
  }));
};

export type DiagnosticsStore = ReturnType<typeof createDiagnosticsStore>;
