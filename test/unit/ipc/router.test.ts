import { describe, expect, it } from 'vitest';
import { requestChannels } from '../../../common/ipc/channels';
import { fail, ok } from '../../../common/ipc/result';
import { deferredHandlers } from '../../../main/ipc/deferred-handlers';
import { createRouter, type Handlers, type SenderInfo } from '../../../main/ipc/router';
import { createLogger } from '../../../main/log';

const trusted: SenderInfo = { frameUrl: 'app://audian/index.html', isMainFrame: true, webContentsId: 1 };
const isTrusted = (sender: SenderInfo) => sender.webContentsId === 1 && sender.isMainFrame;

function setup(overrides: Partial<Handlers> = {}) {
  const lines: string[] = [];
  const unused = async () => fail('internal', 'not used in this test');
  const handlers = {
    ...Object.fromEntries(requestChannels.map((channel) => [channel, unused])),
    'app:info': async () => ok({ name: 'Audian Provisioner', version: '1.0.0', host: 'electron', platform: 'linux' }),
    'app:ping': async ({ message }: { message: string }) => ok({ message, receivedAt: '2026-01-01T00:00:00.000Z' }),
    ...overrides,
  } as unknown as Handlers;
  const dispatch = createRouter(
    handlers,
    isTrusted,
    createLogger((line) => lines.push(line)),
  );
  return { dispatch, lines };
}

describe('IPC router', () => {
  it('passes a valid request from a trusted sender to its service', async () => {
    const { dispatch } = setup();
    expect(await dispatch('app:ping', { message: 'hello' }, trusted)).toEqual(
      ok({ message: 'hello', receivedAt: '2026-01-01T00:00:00.000Z' }),
    );
  });

  it('rejects an unknown channel without calling anything', async () => {
    const { dispatch, lines } = setup();
    const result = await dispatch('fs:readFile', { path: '/etc/passwd' }, trusted);
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid_request' } });
    expect(lines.join('\n')).toContain('unknown channel');
  });

  it.each([
    ['a non-string channel', 42],
    ['a prototype key as channel', '__proto__'],
    ['an inherited method name as channel', 'toString'],
  ])('rejects %s', async (_label, channel) => {
    const { dispatch } = setup();
    expect(await dispatch(channel, {}, trusted)).toMatchObject({ ok: false, error: { kind: 'invalid_request' } });
  });

  it('rejects a bad argument with the field that is wrong', async () => {
    const { dispatch } = setup();
    const result = await dispatch('app:ping', { message: 7 }, trusted);
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid_request', fields: [{ path: 'message' }] } });
  });

  it('rejects unexpected extra keys, including prototype-pollution keys', async () => {
    const { dispatch } = setup();
    const hostile = JSON.parse('{"message":"x","__proto__":{"polluted":true}}') as unknown;
    expect(await dispatch('app:ping', hostile, trusted)).toMatchObject({ ok: false, error: { kind: 'invalid_request' } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects a missing or oversized argument', async () => {
    const { dispatch } = setup();
    expect(await dispatch('app:ping', undefined, trusted)).toMatchObject({ ok: false, error: { kind: 'invalid_request' } });
    expect(await dispatch('app:ping', { message: 'x'.repeat(10_000) }, trusted)).toMatchObject({
      ok: false,
      error: { kind: 'invalid_request' },
    });
  });

  it('rejects a foreign sender before looking at the argument', async () => {
    const { dispatch, lines } = setup();
    const subFrame = { ...trusted, isMainFrame: false };
    const otherWindow = { ...trusted, webContentsId: 99 };
    for (const sender of [subFrame, otherWindow]) {
      expect(await dispatch('app:ping', { message: 'x' }, sender)).toMatchObject({ ok: false, error: { kind: 'forbidden_sender' } });
    }
    expect(lines.filter((line) => line.includes('untrusted sender'))).toHaveLength(2);
  });

  it('turns an exception into a plain error value without the stack or the message', async () => {
    const { dispatch, lines } = setup({
      'app:ping': async () => {
        throw new Error('secret-ish internal detail at main/services.ts:12');
      },
    });
    const result = await dispatch('app:ping', { message: 'x' }, trusted);
    expect(result).toMatchObject({ ok: false, error: { kind: 'internal' } });
    const text = JSON.stringify(result);
    expect(text).not.toContain('internal detail');
    expect(text).not.toContain('.ts:');
    expect(lines.join('\n')).toContain('internal detail');
  });

  it('passes expected failures from services through unchanged', async () => {
    const { dispatch } = setup({ 'app:ping': async () => fail('network', 'Server unreachable.') });
    expect(await dispatch('app:ping', { message: 'x' }, trusted)).toEqual(fail('network', 'Server unreachable.'));
  });
});

describe('deferred handlers', () => {
  it('hold early requests until the services are ready, then answer them', async () => {
    let ready: (handlers: Handlers) => void = () => {};
    const handlers = deferredHandlers(new Promise<Handlers>((resolve) => (ready = resolve)));
    const dispatch = createRouter(
      handlers,
      isTrusted,
      createLogger(() => {}),
    );
    const early = dispatch('app:ping', { message: 'early' }, trusted);
    let answered = false;
    void early.then(() => (answered = true));
    await Promise.resolve();
    expect(answered).toBe(false);
    ready({ 'app:ping': async ({ message }: { message: string }) => ok({ message, receivedAt: 'now' }) } as unknown as Handlers);
    expect(await early).toEqual(ok({ message: 'early', receivedAt: 'now' }));
  });
});
