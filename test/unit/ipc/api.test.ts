import { describe, expect, it } from 'vitest';
import type { ApiTransport } from '../../../common/ipc/api';
import { createAudianApi } from '../../../preload/api';

function recordingTransport() {
  const calls: Array<{ channel: string; input: unknown }> = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const transport: ApiTransport = {
    invoke: async (channel, input) => {
      calls.push({ channel, input });
      return { ok: true, value: { echoed: channel } };
    },
    subscribe: (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };
  const emit = (event: string, payload: unknown) => listeners.get(event)?.forEach((listener) => listener(payload));
  return { transport, calls, emit, listeners };
}

describe('window.audian factory', () => {
  it('sends a declared channel with its single argument', async () => {
    const { transport, calls } = recordingTransport();
    const api = createAudianApi(transport);
    await api.invoke('app:ping', { message: 'hi' });
    expect(calls).toEqual([{ channel: 'app:ping', input: { message: 'hi' } }]);
  });

  it('refuses an undeclared channel without touching the transport', async () => {
    const { transport, calls } = recordingTransport();
    const api = createAudianApi(transport);
    const result = await (api.invoke as (channel: string, input: unknown) => Promise<unknown>)('shell:openExternal', {});
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid_request' } });
    expect(calls).toHaveLength(0);
  });

  it('delivers pushes as the payload alone and unsubscribes', () => {
    const { transport, emit, listeners } = recordingTransport();
    const api = createAudianApi(transport);
    const seen: unknown[] = [];
    const off = api.on('app:pinged', (payload) => seen.push(payload));
    emit('app:pinged', { message: 'm', at: 't' });
    off();
    emit('app:pinged', { message: 'again', at: 't' });
    expect(seen).toEqual([{ message: 'm', at: 't' }]);
    expect(listeners.get('app:pinged')?.size).toBe(0);
  });

  it('refuses to subscribe to an undeclared event', () => {
    const api = createAudianApi(recordingTransport().transport);
    expect(() => (api.on as (event: string, listener: () => void) => void)('ipc:anything', () => {})).toThrow(/Unknown event/);
  });

  it('is frozen so a page script cannot swap its methods', () => {
    const api = createAudianApi(recordingTransport().transport);
    expect(Object.isFrozen(api)).toBe(true);
  });
});
