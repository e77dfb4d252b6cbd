import type { Session, WebContents } from 'electron';
import { isAllowedExternalUrl } from './security-policy';

type HardenableContents = Pick<WebContents, 'setWindowOpenHandler' | 'on'>;

/**
 * Applied to every web contents the app creates: no navigation away from the app, no new
 * windows, no webviews. Allow-listed https links go to the user's browser instead.
 */
export function hardenWebContents(contents: HardenableContents, openExternal: (url: string) => void): void {
  const openIfAllowed = (url: string) => {
    if (isAllowedExternalUrl(url)) openExternal(url);
  };
  contents.setWindowOpenHandler(({ url }) => {
    openIfAllowed(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    openIfAllowed(url);
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * The renderer needs no camera, microphone, geolocation or notifications permission (main
 * notifies), and may not read the clipboard. It may only write text to it: "Copy details" on the
 * crash screen.
 */
const GRANTED_PERMISSION = 'clipboard-sanitized-write';

export function limitPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(permission === GRANTED_PERMISSION));
  session.setPermissionCheckHandler((_contents, permission) => permission === GRANTED_PERMISSION);
}
