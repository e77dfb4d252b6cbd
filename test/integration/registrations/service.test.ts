import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestChannel, RequestInput, RequestOutput } from '../../../common/ipc/contract';
import { requestSchemas } from '../../../common/ipc/contract';
import type { EventName, EventPayloads } from '../../../common/ipc/events';
import type { Result } from '../../../common/ipc/result';
import { saveSandboxConnection } from '../../support/sandbox-connection';
import { rowStateWords, type RegistrationAlert } from '../../../common/registrations';
import { createLogger } from '../../../main/log';
import { ManualClock } from '../../support/manual-clock';
import { startSandbox } from '../../../main/sandbox/server';
import { createMemoryStore } from '../../../main/secrets/memory-store';
import { createServices } from '../../../main/services';
import { LIST_READ_GAP_MS } from '../../../main/registrations/poller';
import { value } from '../../support/value';

/**
 * The Live view's channels as the window calls them, against the sandbox: a batch imported through
 * the import service, watched while its phones register and drop, with time stepped by hand.
 */

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

const CSV = [
  'name,mac_address,sip_username,sip_password',
  'Reception,00:15:65:aa:00:01,site_101,Pw5942859575a',
  'Workshop,00:15:65:aa:00:02,site_102,Pw5942859575b',
  'Back office,00:15:65:aa:00:03,site_103,Pw5942859575c',
].join('\n');

async function setup() {
  const clock = new ManualClock(Date.now());
  const sb = await startSandbox({ rateLimit: false, autoRegister: false, seed: 5, clock });
  open.push(sb);
  const log = createLogger(() => {});
  const events: Array<{ [E in EventName]: { event: E; payload: EventPayloads[E] } }[EventName]> = [];
  const notified: RegistrationAlert[] = [];
  const services = createServices({
    host: 'cli',
    version: 'test',
    platform: 'linux',
    log,
    publish: <E extends EventName>(event: E, payload: EventPayloads[E]) => {
      events.push({ event, payload } as (typeof events)[number]);
    },
    userDataDir: mkdtempSync(path.join(os.tmpdir(), 'registrations-service-')),
    secrets: createMemoryStore(log, 'test'),
    notify: (alert) => notified.push(alert),
    clock,
  });
  open.push(services);
  /** A channel as main's router calls it: input parsed by the contract first. */
  const call = <C extends RequestChannel>(channel: C, input: RequestInput<C>): Promise<Result<RequestOutput<C>>> =>
    (services.handlers[channel] as (input: unknown) => Promise<Result<RequestOutput<C>>>)(requestSchemas[channel].parse(input));
  const connection = await saveSandboxConnection(services, sb);

  /** Imports the file through the wizard's channels and answers its batch once it finished. */
  const importFile = async (name: string, csv: string) => {
    const draft = value(await call('import:load', { fileName: `${name}.csv`, contentBase64: Buffer.from(csv).toString('base64') }));
    const plan = value(await call('import:plan', { draftId: draft.id, match: 'mac', onExisting: 'skip', onExistingPerson: 'skip' }));
    const started = value(
      await call('import:start', {
        draftId: draft.id,
        planId: plan.planId,
        name,
        confirmedRegisteredDeviceIds: [],
        onFailure: 'keep',
        sendWelcomeEmail: false,
      }),
    );
    value(await services.imports.settled(started.batchId));
    const imported = services.imports.batches().find((item) => item.batchId === started.batchId);
    if (!imported || imported.state !== 'finished') throw new Error(`the import did not finish: ${JSON.stringify(imported)}`);
    return imported;
  };
  const batch = await importFile('Floor 1', CSV);
  if (batch.deviceIds.length !== 3) throw new Error(`the import did not create every device: ${JSON.stringify(batch)}`);

  const of = <E extends EventName>(event: E): Array<EventPayloads[E]> =>
    events.filter((entry) => entry.event === event).map((entry) => entry.payload as EventPayloads[E]);
  /** One poll cycle; answers what it pushed. */
  const step = async () => {
    events.length = 0;
    await clock.step();
    return { changes: of('registrations:changed').flatMap((update) => update.changes), alerts: of('registrations:alert') };
  };
  return { sb, clock, services, call, batch, connection, notified, step, of, events, importFile };
}

describe('registrations service', () => {
  it('knows the devices an import makes while it watches: read again at once, by name, user, extension and MAC, waiting for their first registration', async () => {
    const { sb, clock, call, connection, step, of, events, importFile } = await setup();
    value(await call('registrations:watch', { batchId: null }));
    events.length = 0;

    const floor2 = await importFile(
      'Floor 2',
      [
        'first_name,last_name,email,extension,name,mac_address,sip_username,sip_password',
        'Dana,Lee,dana.lee@example.com,3201,Lab,00:15:65:aa:00:21,site_201,Pw5942859575d',
        ',,,,Store,00:15:65:aa:00:22,site_202,Pw5942859575e',
      ].join('\n'),
    );
    // Every view is told as the rows finish, and the poller reads its list at once rather than on its tenth cycle.
    expect(of('devices:changed')).toContainEqual({ connectionId: connection.id });
    expect(clock.nextIn()).toBeLessThanOrEqual(LIST_READ_GAP_MS);
    await step();
    expect(of('devices:changed')).toEqual([{ connectionId: connection.id }]);

    const watched = value(await call('registrations:watch', { batchId: floor2.batchId }));
    expect(watched.rows.map((row) => [row.name, row.ownerName, row.extension, row.macAddress, rowStateWords(row)])).toEqual([
      ['Lab', 'Dana Lee', '3201', '00:15:65:aa:00:21', 'waiting for first registration'],
      ['Store', null, null, '00:15:65:aa:00:22', 'waiting for first registration'],
    ]);
    expect(watched.rows.every((row) => row.known)).toBe(true);

    sb.phones.register('site_201');
    expect((await step()).changes).toEqual([expect.objectContaining({ name: 'Lab', kind: 'online' })]);
  });

  it('watches a batch from 0 to all registered, alerts once when complete and when a phone drops', async () => {
    const { sb, clock, call, batch, notified, step } = await setup();

    const snapshot = value(await call('registrations:watch', { batchId: batch.batchId, intervalSeconds: 2 }));
    expect(snapshot).toMatchObject({ batchId: batch.batchId, summary: '0 of 3 registered', intervalSeconds: 2, status: { state: 'ok' } });
    expect(snapshot.rows.map((row) => [row.name, row.state])).toEqual([
      ['Reception', 'not_registered'],
      ['Workshop', 'not_registered'],
      ['Back office', 'not_registered'],
    ]);
    expect(clock.nextIn()).toBe(2000);

    sb.phones.register('site_101', { source_ip: '198.51.100.11', user_agent: 'Yealink SIP-T46U 108.86.0.45' });
    const first = await step();
    expect(first.changes).toEqual([expect.objectContaining({ name: 'Reception', kind: 'online' })]);
    expect(first.alerts).toEqual([]);

    sb.phones.register('site_102');
    sb.phones.register('site_103');
    const complete = await step();
    expect(complete.alerts).toEqual([
      expect.objectContaining({ kind: 'batch_complete', title: 'Floor 1: all phones registered', batchId: batch.batchId }),
    ]);
    expect(notified).toEqual(complete.alerts);
    // Nothing changed since: no second alert.
    expect((await step()).alerts).toEqual([]);

    sb.phones.unregister('site_102');
    const dropped = await step();
    expect(dropped.alerts).toEqual([
      expect.objectContaining({
        kind: 'phone_dropped',
        title: 'Workshop went offline',
        body: expect.stringContaining('Now 2 of 3 registered'),
      }),
    ]);
    expect(notified).toHaveLength(2);

    // The customer's sheet: every device of the batch with its state, IP and user agent.
    const report = value(await call('registrations:report', { batchId: batch.batchId }));
    expect(report.fileName).toMatch(/^Floor-1-registrations-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = report.csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('device_id,name,user,extension,mac_address,state,first_registration,last_seen,ip,user_agent,checked_at');
    expect(lines.slice(1).map((line) => line.split(',').slice(1, 6))).toEqual([
      ['Reception', '', '', '00:15:65:aa:00:01', 'registered'],
      ['Workshop', '', '', '00:15:65:aa:00:02', 'not registered'],
      ['Back office', '', '', '00:15:65:aa:00:03', 'registered'],
    ]);
    expect(lines[1]).toContain('198.51.100.11,Yealink SIP-T46U 108.86.0.45');
    expect(lines[1]?.split(',')[6]).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('changes the poll interval at once, keeps the phones’ history across a re-aim, and polls gently while hidden', async () => {
    const { sb, clock, call, batch, step, of, events } = await setup();
    value(await call('registrations:watch', { batchId: null }));
    expect(clock.nextIn()).toBe(5000);

    sb.phones.register('site_101');
    expect((await step()).changes).toEqual([expect.objectContaining({ kind: 'online' })]);

    events.length = 0;
    const batchView = value(await call('registrations:watch', { batchId: batch.batchId, intervalSeconds: 10 }));
    // The new rhythm starts with a check now, not after the old interval.
    expect(clock.nextIn()).toBe(10_000);
    expect(of('registrations:status')).toEqual([expect.objectContaining({ state: 'ok', nextPollInSeconds: 10 })]);
    expect(batchView.summary).toBe('1 of 3 registered');

    // The same poller goes on, so each phone's history survives the re-aim: a third transition makes it flapping.
    sb.phones.unregister('site_101');
    expect((await step()).changes).toEqual([expect.objectContaining({ kind: 'offline' })]);
    sb.phones.register('site_101');
    await step();
    expect(of('registrations:changed').at(-1)?.rows).toEqual([expect.objectContaining({ name: 'Reception', flapping: true })]);

    value(await call('registrations:visibility', { hidden: true }));
    await step();
    expect(clock.nextIn()).toBe(30_000);
    value(await call('registrations:visibility', { hidden: false }));
    // Back in view: a check right away, then the chosen rhythm.
    expect(clock.nextIn()).toBe(0);
    await step();
    expect(clock.nextIn()).toBe(10_000);

    value(await call('registrations:unwatch', {}));
    expect(clock.nextIn()).toBeNull();
    sb.phones.register('site_102');
    await clock.advance(60_000);
    expect(of('registrations:changed')).toEqual([]);
  });

  it('tells the Devices list of phones outside the watched batch, without telling Live', async () => {
    const { sb, clock, call, batch, of, events } = await setup();
    // A phone of the account that is not in the batch (a copy gets no SIP credentials of its own).
    const spare = value(await call('devices:duplicate', { id: batch.deviceIds[0] as string, name: 'Spare handset' }));
    value(await call('devices:save', { id: spare.id, fields: { sip_username: 'spare_1' } }));
    value(await call('registrations:watch', { batchId: batch.batchId }));
    sb.phones.register('spare_1');

    events.length = 0;
    await clock.step();
    expect(of('registrations:changed')).toEqual([
      expect.objectContaining({ batchId: batch.batchId, changes: [], rows: [], states: [{ deviceId: spare.id, state: 'registered' }] }),
    ]);
    expect(of('registrations:alert')).toEqual([]);

    // A batch phone's change reaches both.
    sb.phones.register('site_101');
    events.length = 0;
    await clock.step();
    const [update] = of('registrations:changed');
    expect(update?.changes).toEqual([expect.objectContaining({ name: 'Reception', kind: 'online' })]);
    expect(update?.states).toEqual([{ deviceId: batch.deviceIds[0], state: 'registered' }]);
  });

  it('refuses what cannot be watched, in words, and keeps the current watch', async () => {
    const { call, services, clock } = await setup();
    expect(() => requestSchemas['registrations:watch'].parse({ intervalSeconds: 1 })).toThrow();
    expect(() => requestSchemas['registrations:watch'].parse({ intervalSeconds: 61 })).toThrow();
    value(await call('registrations:watch', {}));
    expect(await call('registrations:watch', { batchId: 'f'.repeat(32) })).toMatchObject({
      ok: false,
      error: { kind: 'not_found', message: 'That import batch is not on this computer any more. Choose another one.' },
    });
    expect(clock.nextIn()).toBe(5000);

    value(await services.connections.activate(null));
    expect(await call('registrations:watch', {})).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/No connection is selected/) },
    });
  });
});
