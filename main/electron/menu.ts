import type { MenuItemConstructorOptions } from 'electron';

export const HELP_LINKS = {
  apiDocs: 'https://docs.audian.com/',
  support: 'https://support.audian.ai/',
} as const;

/** `checkForUpdates` is given only when the app has an update feed (a packaged release build). */
export function menuTemplate(
  isMac: boolean,
  openExternal: (url: string) => void,
  checkForUpdates?: () => void,
): MenuItemConstructorOptions[] {
  const appMenu: MenuItemConstructorOptions[] = isMac ? [{ role: 'appMenu' }] : [{ label: '&File', submenu: [{ role: 'quit' }] }];
  return [
    ...appMenu,
    {
      label: '&Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: '&View',
      submenu: [
        { role: 'reload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: 'Audian API documentation', click: () => openExternal(HELP_LINKS.apiDocs) },
        { label: 'Audian support', click: () => openExternal(HELP_LINKS.support) },
        ...(checkForUpdates ? [{ type: 'separator' as const }, { label: 'Check for &Updates…', click: checkForUpdates }] : []),
      ],
    },
  ];
}
