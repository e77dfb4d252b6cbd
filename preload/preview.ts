import { createAudianApi } from './api';

/**
 * The browser preview's stand-in for the Electron preload: the same API factory, carried over
 * HTTP (requests) and server-sent events (pushes) to the real services on 127.0.0.1. Only the
 * preview server serves this file; the packaged app never contains it.
 */
const token = new URLSearchParams(window.location.search).get('token') ?? '';
const events = new EventSource(`/__audian/events?token=${encodeURIComponent(token)}`);

Object.defineProperty(window, 'audian', {
  value: createAudianApi({
    invoke: async (channel, input) => {
      const response = await fetch('/__audian/invoke', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-audian-bridge-token': token },
        body: JSON.stringify({ channel, input }),
      });
      if (!response.ok) {
        return { ok: false, error: { kind: 'network', message: `The preview bridge refused the request (HTTP ${response.status}).` } };
      }
      return response.json();
    },
    subscribe: (event, listener) => {
      const forward = (message: MessageEvent<string>) => listener(JSON.parse(message.data));
      events.addEventListener(event, forward);
      return () => events.removeEventListener(event, forward);
    },
  }),
  writable: false,
  configurable: false,
});
