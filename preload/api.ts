import type { AudianApi, ApiTransport } from '../common/ipc/api';
import { isRequestChannel, type RequestChannel } from '../common/ipc/channels';
import type { RequestInput, RequestOutput } from '../common/ipc/contract';
import { isEventName } from '../common/ipc/events';
import { fail, type Result } from '../common/ipc/result';

/**
 * Builds `window.audian` from the contract over any transport. Only declared channels and events
 * pass; listeners receive the payload alone, never the transport's event object.
 */
export function createAudianApi(transport: ApiTransport): AudianApi {
  const api: AudianApi = {
    invoke: <C extends RequestChannel>(channel: C, input: RequestInput<C>): Promise<Result<RequestOutput<C>>> => {
      if (!isRequestChannel(channel)) {
        return Promise.resolve(fail('invalid_request', `Unknown request "${String(channel)}".`));
      }
      return transport.invoke(channel, input) as Promise<Result<RequestOutput<C>>>;
    },
    on: (event, listener) => {
      if (!isEventName(event)) throw new Error(`Unknown event "${String(event)}".`);
      return transport.subscribe(event, (payload) => listener(payload as never));
    },
  };
  return Object.freeze(api);
}
