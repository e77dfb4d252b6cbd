import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, ipcMain, Menu, nativeTheme, net, protocol, session, shell } from 'electron';
import { deferredHandlers } from '../ipc/deferred-handlers';
import { createRouter } from '../ipc/router';
import { createLogger } from '../log';
import { workerPreparer } from '../import/draft-preparer';
// electron-vite bundles the worker as a file of its own and gives back a function that starts it.
import createDraftWorker from '../import/prepare-worker?nodeWorker';
import { ensurePrivateDir } from '../private-dir';
import { openSecretStore } from '../secrets/open-secret-store';
import { createServices, type Publish } from '../services';
import { denyAllPermissions, hardenWebContents } from './hardening';
import { registerIpc } from './ipc';
import { menuTemplate } from './menu';
import { createAlertNotifier } from './notifications';
import { registerAppProtocol } from './protocol';
import { startUpdates } from './updates';
import { createRunningBatches } from '../updates/running-batches';
import type { EventPayloads } from '../../common/ipc/events';
import { APP_ENTRY_URL, APP_SCHEME, isAllowedExternalUrl, isTrustedSender } from './security-policy';
import { createMainWindow } from './window';

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
  const log = createLogger((line) => appendFileSync(path.join(logDir, 'main.log'), `${line}\n`, { mode: 0o600 }));

  registerAppProtocol(protocol, net, path.join(here, '../renderer'));
  denyAllPermissions(session.defaultSession);

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
      draftPreparer: workerPreparer((options) => createDraftWorker(options), log),
      ...(updates ? { updates } : {}),
    }),
  );
  app.on('will-quit', () => void services.then((ready) => ready.close()));
  const handlers = deferredHandlers(services.then((ready) => ready.handlers));
  registerIpc(
    ipcMain,
    createRouter(handlers, (sender) => isTrustedSender(sender, trustedWebContentsIds), log),
  );
  createWindow();
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
