import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../common/audit';
import type { BatchProgress } from '../../../common/import/types';
import { createHistoryStore, HISTORY_LIMIT } from '../../../renderer/src/store/createHistoryStore';
import { historyQueryOf, noHistoryFilters } from '../../../renderer/src/store/historyQuery';
import { failed, fakeAudian, later, ok } from './fakeAudian';

const NOW = new Date('2026-03-04T15:30:00.000Z');
const BATCH = 'b'.repeat(32);
const DEVICE = 'd'.repeat(32);

const record = (id: string, name: string): AuditRecord => ({
  id,
  batchId: null,
  action: 'update',
  source: 'editor',
  resource: 'device',
  resourceId: DEVICE,
  name,
  fields: [{ path: 'name', before: 'Old', after: name, secret: false }],
  at: NOW.toISOString(),
  connectionId: 'site-a',
  connectionName: 'Harborview',
  accountId: 'a'.repeat(32),
  desktopUser: 'tech',
  outcome: 'done',
  error: null,
  note: null,
  completedAt: NOW.toISOString(),
});

const progress = (state: BatchProgress['state'], connectionId = 'site-a') => ({ state, connectionId }) as BatchProgress;

describe('history query', () => {
  it('sends only the filters that are set, the span as ISO instants as of now', () => {
    expect(historyQueryOf(noHistoryFilters, NOW)).toEqual({});
    expect(historyQueryOf({ ...noHistoryFilters, time: 'hour', action: 'delete', text: '  lobby ' }, NOW)).toEqual({
      since: '2026-03-04T14:30:00.000Z',
      action: 'delete',
      text: 'lobby',
    });
    expect(historyQueryOf({ ...noHistoryFilters, time: 'week' }, NOW).since).toBe('2026-02-25T15:30:00.000Z');
    // Today starts at local midnight, whatever the zone the test runs in.
    const today = new Date(historyQueryOf({ ...noHistoryFilters, time: 'today' }, NOW).since!);
    expect([today.getHours(), today.getMinutes(), today.getDate()]).toEqual([0, 0, NOW.getDate()]);
    expect(
      historyQueryOf({ ...noHistoryFilters, resource: { id: DEVICE, name: 'Lobby' }, batch: { id: BATCH, name: 'phones.csv' } }, NOW),
    ).toEqual({ resourceId: DEVICE, batchId: BATCH });
  });

  it('reads a custom span from the date inputs and leaves out an end not filled in or not a time', () => {
    const query = historyQueryOf({ ...noHistoryFilters, time: 'custom', since: '2026-03-01T08:00', until: 'not a time' }, NOW);
    expect(query).toEqual({ since: new Date('2026-03-01T08:00').toISOString() });
  });
});

describe('history store', () => {
  it('reads the filtered records, and again with the same query when a filter changes', async () => {
    const audian = fakeAudian();
    audian.answer('audit:list', () => ok({ records: [record('r1', 'Lobby')], total: 1 }));
    const history = createHistoryStore(audian.api, () => NOW);
    await history.getState().load('site-a');
    expect(history.getState().list).toMatchObject({ status: 'ready', connectionId: 'site-a', total: 1 });

    history.getState().setFilters({ action: 'update', text: 'lobby' });
    await expect.poll(() => audian.asked('audit:list').length).toBe(2);
    expect(audian.asked('audit:list')[1]).toEqual({ action: 'update', text: 'lobby', limit: HISTORY_LIMIT });

    audian.answer('audit:export', () => ok({ fileName: 'history.csv', csv: 'x' }));
    await history.getState().exportCsv();
    expect(audian.asked('audit:export')).toEqual([{ action: 'update', text: 'lobby' }]);

    // From a device's editor or a batch: that one filter alone.
    history.getState().showBatch({ id: BATCH, name: 'phones.csv' });
    expect(history.getState().filters).toEqual({ ...noHistoryFilters, batch: { id: BATCH, name: 'phones.csv' } });
    await expect.poll(() => audian.asked('audit:list').at(-1)).toEqual({ batchId: BATCH, limit: HISTORY_LIMIT });
  });

  it('reads again when devices of its connection change, a batch stops running or a phone action was sent, never for a batch still running', async () => {
    const audian = fakeAudian();
    let name = 'Lobby';
    audian.answer('audit:list', () => ok({ records: [record('r1', name)], total: 1 }));
    const history = createHistoryStore(audian.api, () => NOW);
    await history.getState().load('site-a');

    name = 'Front desk';
    audian.emit('devices:changed', { connectionId: 'site-a' });
    await expect.poll(() => (history.getState().list as { records?: AuditRecord[] }).records?.[0]?.name).toBe('Front desk');
    expect(history.getState().version).toBe(1);

    audian.emit('import:progress', progress('running'));
    audian.emit('devices:changed', { connectionId: 'site-b' });
    expect(audian.asked('audit:list')).toHaveLength(2);

    audian.emit('import:progress', progress('finished'));
    await expect.poll(() => audian.asked('audit:list').length).toBe(3);
    expect(history.getState().version).toBe(3);

    // A phone action has no push of its own: the dialog that sent it says so.
    history.getState().recorded();
    await expect.poll(() => audian.asked('audit:list').length).toBe(4);
    expect(history.getState().version).toBe(4);
  });

  it('drops a late answer to an older query, and forgets another connection’s records when the connection in use changes', async () => {
    const audian = fakeAudian();
    const slow = later<ReturnType<typeof ok<{ records: AuditRecord[]; total: number }>>>();
    const answers = [slow.promise, Promise.resolve(ok({ records: [record('r2', 'Newer')], total: 1 }))];
    audian.answer('audit:list', () => answers.shift()!);
    const history = createHistoryStore(audian.api, () => NOW);
    const first = history.getState().load('site-a');
    await history.getState().load('site-a');
    slow.release(ok({ records: [record('r1', 'Older')], total: 1 }));
    await first;
    expect(history.getState().list).toMatchObject({ status: 'ready', records: [{ name: 'Newer' }] });

    audian.emit('connections:changed', { activeId: 'site-b' } as never);
    expect(history.getState().list).toEqual({ status: 'idle' });
  });

  it('keeps a failure with its connection, so the view can say so and try again', async () => {
    const audian = fakeAudian();
    audian.answer('audit:list', () => failed('internal', 'The audit log could not be read.'));
    const history = createHistoryStore(audian.api, () => NOW);
    await history.getState().load('site-a');
    expect(history.getState().list).toMatchObject({
      status: 'failed',
      connectionId: 'site-a',
      error: { message: 'The audit log could not be read.' },
    });
  });
});
