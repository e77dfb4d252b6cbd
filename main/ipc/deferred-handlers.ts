import { requestChannels } from '../../common/ipc/channels';
import type { Handlers } from './router';

/**
 * Handlers that wait for the real ones: the window can open while main still asks the keychain
 * (up to a few seconds where no Secret Service answers), and early requests simply wait.
 */
export function deferredHandlers(ready: Promise<Handlers>): Handlers {
  return Object.fromEntries(
    requestChannels.map((channel) => [
      channel,
      async (input: never) => ((await ready)[channel] as (value: never) => Promise<unknown>)(input),
    ]),
  ) as unknown as Handlers;
}
