import type { AppUpdater } from 'electron-updater';
import { fail, ok, type Result } from '../../common/ipc/result';
import type { UpdateStatus } from '../../common/updates';
import type { Logger } from '../log';

/** The part of electron-updater's AppUpdater this controller drives: the seam between the app's rules and the updater. */
export type Updater = Pick<AppUpdater, 'checkForUpdates' | 'quitAndInstall' | 'on'>;

export interface UpdateControllerDeps {
  updater: Updater;
  /** Whether an import, bulk action or undo is running now: installing would stop it mid-way. */
  batchRunning: () => boolean;
  onStatus: (status: UpdateStatus) => void;
  log: Logger;
}

export interface UpdateController {
  status(): UpdateStatus;
  /** Asks the feed (on start and from the menu); a download already waiting is offered again instead. */
  check(): Promise<void>;
  /** Call when a batch starts or stops: a waiting update is offered as soon as none runs. */
  batchesChanged(): void;
  /** Quits and installs, unless no update is ready or a batch runs. */
  restartToUpdate(): Result<void>;
}

/**
 * When to check, when to offer the restart, and when to hold it back: the app's rules around
 * electron-updater. The updater downloads in the background; installing is always the user's
 * choice, and is not offered while a batch runs.
 */
export function createUpdateController(deps: UpdateControllerDeps): UpdateController {
  let status: UpdateStatus = { state: 'idle' };
  let downloadedVersion: string | null = null;

  const show = (next: UpdateStatus) => {
    status = next;
    deps.onStatus(next);
  };
  const offerDownloaded = (version: string) =>
    show(deps.batchRunning() ? { state: 'waiting-for-batch', version } : { state: 'ready', version });

  deps.updater.on('checking-for-update', () => show({ state: 'checking' }));
  deps.updater.on('update-not-available', () => show({ state: 'up-to-date' }));
  deps.updater.on('update-available', (info) => show({ state: 'downloading', version: info.version }));
  deps.updater.on('update-downloaded', (info) => {
    downloadedVersion = info.version;
    deps.log.info('update_downloaded', { version: info.version });
    offerDownloaded(info.version);
  });
  deps.updater.on('error', (error) => {
    deps.log.warn('update_failed', { during: status.state, message: error.message });
    const step = status.state === 'downloading' ? `The update to ${status.version} could not be downloaded` : 'Could not check for updates';
    show({
      state: 'failed',
      message: `${step}. Check the network connection, then choose Check for Updates in the Help menu to try again.`,
    });
  });

  return {
    status: () => status,
    async check() {
      if (downloadedVersion !== null) return offerDownloaded(downloadedVersion);
      // A failure, of the check or of the download started by it, arrives as the 'error' event too, which says it in words.
      const result = await deps.updater.checkForUpdates().catch(() => null);
      result?.downloadPromise?.catch(() => undefined);
    },
    batchesChanged() {
      if (downloadedVersion !== null) offerDownloaded(downloadedVersion);
    },
    restartToUpdate() {
      if (downloadedVersion === null) return fail('conflict', 'No update is ready to install yet.');
      if (deps.batchRunning()) {
        offerDownloaded(downloadedVersion);
        return fail('conflict', 'A batch is running. The update installs once it has finished, paused or been cancelled.');
      }
      deps.updater.quitAndInstall();
      return ok(undefined);
    },
  };
}
