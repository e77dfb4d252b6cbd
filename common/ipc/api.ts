import type { RequestChannel, RequestInput, RequestOutput } from './contract';
import type { EventName, EventPayloads } from './events';
import type { Result } from './result';

/** What the renderer sees as `window.audian`, derived from the contract. */
export interface AudianApi {
  invoke<C extends RequestChannel>(channel: C, input: RequestInput<C>): Promise<Result<RequestOutput<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
}

/**
 * The one seam between the API factory and whatever carries messages: Electron's ipcRenderer in
 * the app, HTTP and server-sent events in the browser preview.
 */
export interface ApiTransport {
  invoke(channel: string, input: unknown): Promise<unknown>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
}
