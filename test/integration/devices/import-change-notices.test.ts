import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestChannel, RequestInput, RequestOutput } from '../../../common/ipc/contract';
import { requestSchemas } from '../../../common/ipc/contract';
import type { EventName, EventPayloads } from '../../../common/ipc/events';
import type { Result } from '../../../common/ipc/result';
import { createLogger } from '../../../main/log';
import { LIST_READ_GAP_MS } from '../../../main/registrations/poller';
import { startSandbox } from '../../../main/sandbox/server';
import { createMemoryStore } from '../../../main/secrets/memory-store';
import { createServices } from '../../../main/services';
import { ManualClock } from '../../support/manual-clock';
import { saveSandboxConnection } from '../../support/sandbox-connection';
import { value } from '../../support/value';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

const ROWS = 120;
const hex = (n: number) => n.toString(16).padStart(2, '0');
const CSV = [
  'name,mac_address,sip_username,sip_password',
  ...Array.from({ length: ROWS }, (_, i) => `Desk ${i + 1},00:15:65:bb:00:${hex(i)},desk_${i + 1},Pw${5942859575 + i}q`),
].join('\n');
/** Long enough for the batch to outlast many progress events however fast the machine is. */
const REQUEST_LATENCY_MS = 100;
/** The runner paces its progress events a quarter second apart on the real clock; each one moves the services' clock twice that. */
const STEP_PER_PROGRESS_MS = 500;

type Told = { event: 'devices:changed'; at: number } | { event: 'import:progress'; at: number; state: string; rows: number };

describe('devices:changed during an import', () => {
  it('is told at most once per list-read gap while the batch runs, and once more so its last rows are never left untold', async () => {
    const clock = new ManualClock(Date.now());
    // The service gives the runner no clock of the test's, so its progress events come on the real clock: each request
    // takes long enough that the batch lasts at least ROWS × latency ÷ 4 workers = 3 s, a dozen progress events where 3 are needed.
    const sb = await startSandbox({ rateLimit: false, autoRegister: false, seed: 11, clock, latencyMs: REQUEST_LATENCY_MS });
    open.push(sb);
    const log = createLogger(() => {});
    const told: Told[] = [];
    const services = createServices({
      host: 'cli',
      version: 'test',
      platform: 'linux',
      log,
      publish: <E extends EventName>(event: E, payload: EventPayloads[E]) => {
        if (event === 'devices:changed') told.push({ event, at: clock.now() });
        if (event !== 'import:progress') return;
        // Runs what falls due (a notice waiting for its turn) before the services see this event.
        void clock.advance(STEP_PER_PROGRESS_MS);
        const progress = payload as EventPayloads['import:progress'];
        told.push({ event, at: clock.now(), state: progress.state, rows: progress.changed.length });
      },
      userDataDir: mkdtempSync(path.join(os.tmpdir(), 'import-change-notices-')),
      secrets: createMemoryStore(log, 'test'),
      clock,
    });
    open.push(services);
    const call = <C extends RequestChannel>(channel: C, input: RequestInput<C>): Promise<Result<RequestOutput<C>>> =>
      (services.handlers[channel] as (input: unknown) => Promise<Result<RequestOutput<C>>>)(requestSchemas[channel].parse(input));
    await saveSandboxConnection(services, sb);

    const draft = value(await call('import:load', { fileName: 'desks.csv', contentBase64: Buffer.from(CSV).toString('base64') }));
    const plan = value(await call('import:plan', { draftId: draft.id, match: 'mac', onExisting: 'skip', onExistingPerson: 'skip' }));
    const started = value(
      await call('import:start', {
        draftId: draft.id,
        planId: plan.planId,
        name: 'Desks',
        confirmedRegisteredDeviceIds: [],
        onFailure: 'keep',
        sendWelcomeEmail: false,
      }),
    );
    value(await services.imports.settled(started.batchId));

    const progressWithRows = told.filter((entry) => entry.event === 'import:progress' && entry.rows > 0);
    const notices = told.filter((entry) => entry.event === 'devices:changed');
    expect(told.some((entry) => entry.event === 'import:progress' && entry.state === 'finished')).toBe(true);
    // The batch ran long enough for the limit to matter: several progress events brought new devices.
    expect(progressWithRows.length).toBeGreaterThanOrEqual(3);
    expect(notices.length).toBeLessThan(progressWithRows.length);
    // While rows keep coming, notices are a list-read gap apart; only the one at the end may come sooner.
    const whileRunning = notices.slice(0, -1);
    whileRunning.slice(1).forEach((notice, index) => {
      expect(notice.at - (whileRunning[index] as Told).at).toBeGreaterThanOrEqual(LIST_READ_GAP_MS);
    });
    // Every row a progress event brought was told afterwards.
    expect(told.lastIndexOf(notices.at(-1) as Told)).toBeGreaterThan(told.lastIndexOf(progressWithRows.at(-1) as Told));
  });
});
