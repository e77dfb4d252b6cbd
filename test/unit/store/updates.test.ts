import { describe, expect, it } from 'vitest';
import { createUpdatesStore } from '../../../renderer/src/store/createUpdatesStore';
import { failed, fakeAudian, ok } from './fakeAudian';

describe('updates store', () => {
  it('shows nothing until main reports an update feed, then follows its pushes', async () => {
    const audian = fakeAudian();
    audian.answer('updates:status', () => ok({ state: 'off' as const }));
    const store = createUpdatesStore(audian.api);
    await store.getState().load();
    expect(store.getState().status).toEqual({ state: 'off' });

    audian.emit('updates:status', { state: 'ready', version: '0.2.0' });
    expect(store.getState().status).toEqual({ state: 'ready', version: '0.2.0' });
  });

  it('keeps the refusal of a restart in words, and drops it when the status moves on', async () => {
    const audian = fakeAudian();
    const message = 'A batch is running. The update installs once it has finished, paused or been cancelled.';
    audian.answer('updates:restart', () => failed('conflict', message));
    const store = createUpdatesStore(audian.api);
    audian.emit('updates:status', { state: 'ready', version: '0.2.0' });

    await store.getState().restart();
    expect(store.getState().refusal).toBe(message);

    audian.emit('updates:status', { state: 'waiting-for-batch', version: '0.2.0' });
    expect(store.getState()).toMatchObject({ status: { state: 'waiting-for-batch' }, refusal: null });
  });
});
