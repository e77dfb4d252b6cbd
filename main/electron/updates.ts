import { existsSync } from 'node:fs';
import path from 'node:path';
// CommonJS whose autoUpdater is a getter: an ES module cannot import it by name, only through the default export.
import electronUpdater from 'electron-updater';
import type { Logger } from '../log';
import { createUpdateController, type UpdateController, type UpdateControllerDeps } from '../updates/update-controller';

/**
 * electron-updater's updater behind the app's rules (main/updates/update-controller.ts). Null, and
 * so no check and no menu item, unless this is a packaged build that electron-builder gave an
 * update feed (app-update.yml, written when the release config has `publish`): never in
 * `npm start`, the preview or the tests.
 */
export function startUpdates(
  deps: Omit<UpdateControllerDeps, 'updater'> & { isPackaged: boolean; resourcesPath: string; log: Logger },
): UpdateController | null {
  if (!deps.isPackaged || !existsSync(path.join(deps.resourcesPath, 'app-update.yml'))) return null;
  // Read here, not at import: reading it makes the updater of this platform.
  const { autoUpdater } = electronUpdater;
  autoUpdater.logger = {
    info: (message: unknown) => deps.log.info('updater', { message: String(message) }),
    warn: (message: unknown) => deps.log.warn('updater', { message: String(message) }),
    error: (message: unknown) => deps.log.error('updater', { message: String(message) }),
  };
  return createUpdateController({ ...deps, updater: autoUpdater });
}
