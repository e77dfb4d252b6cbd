/**
 * The Electron preload itself (preload/index.ts). Electron cannot run here, so its two objects are
 * stood in for at the thinnest seam: `contextBridge.exposeInMainWorld` records what the page would
 * get, and `ipcRenderer` records what would cross to main. Everything else is the real preload.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { AudianApi } from '../../../common/ipc/api';

const exposed = new Map<string, unknown>();
const invoked: Array<{ channel: string; input: unknown }> = [];
const subscribed = new Map<string, Set<(event: unknown, payload: unknown) => void>>();

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
  ipcRenderer: {
    invoke: async (channel: string, input: unknown) => {
      invoked.push({ channel, input });
      return { ok: true, value: { receivedAt: 'now', message: 'hi' } };
    },
    on: (event: string, listener: (event: unknown, payload: unknown) => void) => {
      const listeners = subscribed.get(event) ?? new Set();
      listeners.add(listener);
      subscribed.set(event, listeners);
    },
    off: (event: string, listener: (event: unknown, payload: unknown) => void) => subscribed.get(event)?.delete(listener),
  },
}));

let audian: AudianApi;
beforeAll(async () => {
  await import('../../../preload/index');
  audian = exposed.get('audian') as AudianApi;
});

describe('the Electron preload', () => {
  it('exposes exactly one frozen object, window.audian', () => {
    expect([...exposed.keys()]).toEqual(['audian']);
    expect(Object.isFrozen(audian)).toBe(true);
  });

  it('sends a declared request over ipcRenderer.invoke with its one argument, and nothing else', async () => {
    expect(await audian.invoke('app:ping', { message: 'hi' })).toMatchObject({ ok: true });
    const refused = await (audian.invoke as (channel: string, input: unknown) => Promise<unknown>)('shell:openExternal', { url: 'x' });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'invalid_request' } });
    expect(invoked).toEqual([{ channel: 'app:ping', input: { message: 'hi' } }]);
  });

  it("hands a push's payload to the page without Electron's event object, and unsubscribes", () => {
    const seen: unknown[] = [];
    const off = audian.on('app:pinged', (...args: unknown[]) => seen.push(args));
    const push = (payload: unknown) => subscribed.get('app:pinged')?.forEach((listener) => listener({ sender: 'ipc event' }, payload));
    push({ message: 'm', at: 't' });
    off();
    push({ message: 'again', at: 't' });
    expect(seen).toEqual([[{ message: 'm', at: 't' }]]);
    expect(subscribed.get('app:pinged')?.size).toBe(0);
  });
});
