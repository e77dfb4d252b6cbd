import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * Every security preference is spelled out, even where Electron's default agrees, so a reviewer
 * (and electronegativity) sees the intent and a future default change cannot loosen it.
 */
export function mainWindowOptions(preloadPath: string, backgroundColor: string, isPackaged: boolean): BrowserWindowConstructorOptions {
  return {
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
      safeDialogs: true,
      spellcheck: false,
      devTools: !isPackaged,
    },
  };
}
