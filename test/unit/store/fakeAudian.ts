import type { AudianApi } from '../../../common/ipc/api';
import type { RequestChannel, RequestInput, RequestOutput } from '../../../common/ipc/contract';
import type { EventName, EventPayloads } from '../../../common/ipc/events';
import type { AppError, Result } from '../../../common/ipc/result';

type Answer<C extends RequestChannel> = (input: RequestInput<C>) => Result<RequestOutput<C>> | Promise<Result<RequestOutput<C>>>;

/**
 * A stand-in for window.audian, the seam between the renderer and main: it answers each channel
 * with the Result a test gives it, records what was asked, and sends pushes when told to.
 * A channel with no answer fails the test that asks it.
 */
export function fakeAudian() {
  const answers = new Map<RequestChannel, Answer<RequestChannel>>();
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const asked: Array<{ channel: RequestChannel; input: unknown }> = [];

  const api: AudianApi = {
    invoke: async (channel, input) => {
      asked.push({ channel, input });
      const answer = answers.get(channel);
      if (!answer) throw new Error(`The test gave no answer for ${channel}.`);
      return (await answer(input)) as never;
    },
    on: (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: never) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: never) => void);
    },
  };

  return {
    api,
    answer<C extends RequestChannel>(channel: C, answer: Answer<C>) {
      answers.set(channel, answer as unknown as Answer<RequestChannel>);
    },
    emit<E extends EventName>(event: E, payload: EventPayloads[E]) {
      for (const listener of listeners.get(event) ?? []) listener(payload as never);
    },
    /** The inputs sent on one channel, in order. */
    asked<C extends RequestChannel>(channel: C): RequestInput<C>[] {
      return asked.filter((entry) => entry.channel === channel).map((entry) => entry.input as RequestInput<C>);
    },
  };
}

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const failed = (kind: AppError['kind'], message: string): Result<never> => ({ ok: false, error: { kind, message } });

/** An answer the test releases when it chooses, to make answers arrive late or out of order. */
export function later<T>() {
  let release!: (value: T) => void;
  const promise = new Promise<T>((resolve) => {
    release = resolve;
  });
  return { promise, release };
}
