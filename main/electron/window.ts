import type { BrowserWindow as AppWindow, BrowserWindowConstructorOptions } from 'electron';

type WindowClass = new (options: BrowserWindowConstructorOptions) => AppWindow;

/**
 * Opens the main window. Every security preference is spelled out, even where Electron's default
 * agrees, so a future default change cannot loosen it. The options are written inline in the
 * `new BrowserWindow({...})` call (the class is passed in, so tests need no Electron) because that
 * is where electronegativity looks for them.
 */
export function createMainWindow(BrowserWindow: WindowClass, preloadPath: string, backgroundColor: string, isPackaged: boolean): AppWindow {
  return new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Audian Provisioner',
    backgroundColor,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      // A middle click would otherwise ask for a new window; the open handler denies it, this stops it earlier.
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
      spellcheck: false,
      devTools: !isPackaged,
    },
  });
}
