import type { LiveBrowser } from './createLiveStore';

/** The Live store's side of the window: localStorage for the technician's choices, and whether the page is hidden. */
export const windowLiveBrowser = (): LiveBrowser => ({
  storage: window.localStorage,
  isHidden: () => document.hidden,
  onVisibilityChange: (listener) => document.addEventListener('visibilitychange', listener),
});
