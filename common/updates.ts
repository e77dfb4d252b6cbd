/**
 * Where the app's own update stands, as main tells the window. `off` is the browser preview, the
 * tests and any build made without an update feed.
 */
export type UpdateStatus =
  | { state: 'off' }
  | { state: 'idle' }
  | { state: 'checking' }
  | { state: 'up-to-date' }
  | { state: 'downloading'; version: string }
  /** Downloaded; the restart is offered. */
  | { state: 'ready'; version: string }
  /** Downloaded while a batch runs: the restart is offered once no batch runs. */
  | { state: 'waiting-for-batch'; version: string }
  | { state: 'failed'; message: string };
