import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, net, protocol, session, shell } from 'electron';
import { installCrashHandlers } from '../crash/crash-handler';
import { deferredHandlers } from '../ipc/deferred-handlers';
import { createRouter } from '../ipc/router';
import { createLogger } from '../log';
import { openLogFile } from '../log-file';
import { ensurePrivateDir } from '../private-dir';
import { openSecretStore } from '../secrets/open-secret-store';
import { createServices, type Publish } from '../services';
import { limitPermissions, hardenWebContents } from './hardening';
import { registerIpc } from './ipc';
import { menuTemplate } from './menu';
import { createAlertNotifier } from './notifications';
import { saveDialog } from './save-dialog';
import { registerAppProtocol } from './protocol';
import { startUpdates } from './updates';
import { createRunningBatches } from '../updates/running-batches';
import type { EventPayloads } from '../../common/ipc/events';
import { APP_ENTRY_URL, APP_SCHEME, isAllowedExternalUrl, isTrustedSender } from './security-policy';
import { createMainWindow } from './window';
import { warmUpImport } from '../import/warm-up';

const here = import.meta.dirname;
const trustedWebContentsIds = new Set<number>();

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();

const openExternal = (url: string) => {
  if (isAllowedExternalUrl(url)) void shell.openExternal(url);
};

function createWindow(): BrowserWindow {
  const background = nativeTheme.shouldUseDarkColors ? '#16181d' : '#f6f7f9';
  const window = createMainWindow(BrowserWindow, path.join(here, '../preload/index.cjs'), background, app.isPackaged);
  const id = window.webContents.id;
  trustedWebContentsIds.add(id);
  window.on('closed', () => trustedWebContentsIds.delete(id));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);
  return window;
}

async function start(): Promise<void> {
  const logDir = path.join(app.getPath('userData'), 'logs');
  ensurePrivateDir(app.getPath('userData'));
  ensurePrivateDir(logDir);
  const logFile = openLogFile({ dir: logDir, name: 'main', onError: (error) => process.stderr.write(`Log file: ${error.message}\n`) });
  const log = createLogger(logFile.write);

  registerAppProtocol(protocol, net, path.join(here, '../renderer'));
  limitPermissions(session.defaultSession);

  const runningBatches = createRunningBatches();
  const updates = startUpdates({
    isPackaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    batchRunning: runningBatches.any,
    onStatus: (status) => publish('updates:status', status),
    log,
  });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(menuTemplate(process.platform === 'darwin', openExternal, updates ? () => void updates.check() : undefined)),
  );

  const publish: Publish = (event, payload) => {
    // A batch that starts or stops may hold back, or release, a downloaded update.
    if (event === 'import:progress') {
      runningBatches.observe(payload as EventPayloads['import:progress']);
      updates?.batchesChanged();
    }
    for (const window of BrowserWindow.getAllWindows()) {
      if (trustedWebContentsIds.has(window.webContents.id)) window.webContents.send(event, payload);
    }
  };
  installCrashHandlers(process, { log, version: app.getVersion(), publish, now: () => new Date() });
  const services = openSecretStore({ log, platform: process.platform }).then((secrets) =>
    createServices({
      host: 'electron',
      version: app.getVersion(),
      platform: process.platform,
      log,
      publish,
      userDataDir: app.getPath('userData'),
      secrets,
      notify: createAlertNotifier((alert) => publish('registrations:alertClicked', alert)),
      chooseSavePath: saveDialog(dialog, app),
      // Quitting stops the batches and flushes the log first (will-quit below).
      restart: () => {
        app.relaunch();
        app.quit();
      },
      proxy: { kind: 'system', resolve: (url) => session.defaultSession.resolveProxy(url) },
      ...(updates ? { updates } : {}),
    }),
  );
  // Quitting waits for the services to stop and the log's last lines to reach the disk, then quits again.
  let stopping: Promise<void> | undefined;
  app.on('will-quit', (event) => {
    if (stopping) return;
    event.preventDefault();
    stopping = services
      .then((ready) => ready.close())
      .catch((error: unknown) => log.error('app.close_failed', { error }))
      .then(() => logFile.close())
      .then(() => app.quit());
  });
  const handlers = deferredHandlers(services.then((ready) => ready.handlers));
  registerIpc(
    ipcMain,
    createRouter(handlers, (sender) => isTrustedSender(sender, trustedWebContentsIds), log),
  );
  createWindow();
  // While the window loads: the first file a technician opens then finds the import's code compiled.
  setImmediate(() => void warmUpImport().catch((error: unknown) => log.error('import.warm_up_failed', { error })));
  void updates?.check();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, openExternal));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  void app.whenReady().then(start);
}
