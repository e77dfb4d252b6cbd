/**
 * One engine for the app and the command line: a batch started in one, interrupted, is listed
 * and resumed in the other when both use the same saved connection (the keychain holds its
 * secret for both), and a batch a script started from AUDIAN_* variables says where it can be
 * resumed instead of failing on a connection the app does not have.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BatchProgress } from '../../../common/import/types';
import { runCli } from '../../../main/cli/run';
import { createLogger } from '../../../main/log';
import { startSandbox } from '../../../main/sandbox/server';
import { createMemoryStore } from '../../../main/secrets/memory-store';
import { openSecretStore } from '../../../main/secrets/open-secret-store';
import type { SecretStore } from '../../../main/secrets/secret-store';
import { createServices, type Services } from '../../../main/services';
import { runCliUntilKilled } from '../../support/cli-process';
import { capturedRun, sandboxEnv } from '../../support/cli-run';
import { saveSandboxConnection } from '../../support/sandbox-connection';
import { addSampleOwners } from '../../support/sample-owners';
import { expectRolloutImported, rolloutCsv, rolloutRows } from './faults/rollout';
import { value } from '../../support/value';

const ROWS = 60;
/** A cold start of node, tsx and the CLI on a busy 2-core machine, then the rest of the rollout. */
const TIMEOUT_MS = 90_000;
/** test/run-all.sh sets this inside a dbus-run-session with a throw-away, unlocked gnome-keyring. */
const hasTestSecretService = process.env.AUDIAN_TEST_SECRET_SERVICE === '1';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

const log = createLogger(() => {});

async function rollout() {
  const sb = await startSandbox({ rateLimit: false, autoRegister: false, seed: 17, latencyMs: 20 });
  open.push(sb);
  await addSampleOwners(sb);
  const home = mkdtempSync(path.join(os.tmpdir(), 'shared-batches-'));
  const rows = rolloutRows(ROWS);
  const csv = path.join(home, 'site-4.csv');
  writeFileSync(csv, rolloutCsv(rows));
  return { sb, home, rows, csv };
}

/** The app's services on a user-data folder, with the app's progress pushes collected. */
function appOn(home: string, secrets: SecretStore) {
  const progress: BatchProgress[] = [];
  const waiters: Array<() => void> = [];
  const services: Services = createServices({
    host: 'preview',
    version: 'test',
    platform: process.platform,
    log,
    publish: (event, payload) => {
      if (event !== 'import:progress') return;
      progress.push(payload as BatchProgress);
      for (const wake of waiters.splice(0)) wake();
    },
    userDataDir: home,
    secrets,
  });
  open.push(services);
  const finished = async (batchId: string): Promise<BatchProgress> => {
    for (;;) {
      const last = progress.findLast((item) => item.batchId === batchId && item.state === 'finished');
      if (last) return last;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return { services, handlers: services.handlers, finished };
}

describe.skipIf(!hasTestSecretService)(
  'a batch on a saved connection, shared by the app and the command line (skipped: needs a Secret Service, which `npm test` provides)',
  () => {
    it(
      'the command line starts it and is killed; the app lists it as interrupted and finishes it',
      async () => {
        const { sb, home, rows, csv } = await rollout();
        const app = appOn(home, await openSecretStore({ log, platform: process.platform }));
        const { id: connectionId } = await saveSandboxConnection(app.services, sb, 'Site 4');

        await runCliUntilKilled(
          ['import', csv, '--yes', '--profile', 'Site 4'],
          { AUDIAN_HOME: home },
          { batchesDir: path.join(home, 'batches') },
          20,
        );
        const [listed] = value(await app.handlers['import:batches']({}));
        expect(listed).toMatchObject({ state: 'interrupted', connectionId, total: ROWS });
        expect(sb.state.devices().length).toBeLessThan(ROWS);

        value(await app.handlers['import:control']({ batchId: listed!.batchId, action: 'resume' }));
        expect(await app.finished(listed!.batchId)).toMatchObject({ created: ROWS, failed: 0 });
        expectRolloutImported(
          sb,
          rows,
          value(await app.handlers['import:report']({ batchId: listed!.batchId, includePasswords: false })).csv,
        );
      },
      TIMEOUT_MS,
    );

    it(
      'the app starts it and quits; the command line lists it and finishes it on its own connection',
      async () => {
        const { sb, home, rows, csv } = await rollout();
        const app = appOn(home, await openSecretStore({ log, platform: process.platform }));
        const { id: connectionId } = await saveSandboxConnection(app.services, sb, 'Site 4');
        const draft = value(
          await app.handlers['import:load']({ fileName: 'site-4.csv', contentBase64: readFileSync(csv).toString('base64') }),
        );
        const plan = value(
          await app.handlers['import:plan']({ draftId: draft.id, match: 'mac', onExisting: 'skip', onExistingPerson: 'skip' }),
        );
        const started = value(
          await app.handlers['import:start']({
            draftId: draft.id,
            planId: plan.planId,
            name: 'Site 4 rollout',
            confirmedRegisteredDeviceIds: [],
            onFailure: 'rollback',
            sendWelcomeEmail: false,
          }),
        );
        // Quitting pauses the batch at a journal-safe point, with most rows still to send.
        await app.services.close();
        expect(sb.state.devices().length).toBeLessThan(ROWS);

        const list = capturedRun({ AUDIAN_HOME: home });
        expect(await runCli(['import', '--list', '--json'], list.io)).toBe(0);
        expect(JSON.parse(list.out())).toEqual([expect.objectContaining({ batchId: started.batchId, connectionId, state: 'interrupted' })]);

        const resume = capturedRun({ AUDIAN_HOME: home });
        const report = path.join(home, 'site-4-results.csv');
        expect(await runCli(['import', '--resume', '--batch', started.batchId, '--report', report], resume.io)).toBe(0);
        expect(resume.lastLine()).toBe(`created ${ROWS}, updated 0, skipped 0, failed 0`);
        expectRolloutImported(sb, rows, readFileSync(report, 'utf8'));
      },
      TIMEOUT_MS,
    );
  },
);

describe('a batch a script started from AUDIAN_* variables', () => {
  it(
    'is listed by the app, which says to resume it from the command line; the same variables finish it',
    async () => {
      const { sb, home, rows, csv } = await rollout();
      const env = { ...sandboxEnv(sb), AUDIAN_HOME: home };
      await runCliUntilKilled(['import', csv, '--yes'], env, { batchesDir: path.join(home, 'batches') }, 20);

      const app = appOn(home, createMemoryStore(log, 'test'));
      const [listed] = value(await app.handlers['import:batches']({}));
      expect(listed).toMatchObject({ state: 'interrupted', connectionId: expect.stringMatching(/^environment:/) });
      expect(await app.handlers['import:control']({ batchId: listed!.batchId, action: 'resume' })).toMatchObject({
        ok: false,
        error: { kind: 'invalid_request', message: expect.stringContaining(`audian-provision import --resume --batch ${listed!.batchId}`) },
      });

      const resume = capturedRun(env);
      expect(await runCli(['import', '--resume', '--batch', listed!.batchId], resume.io)).toBe(0);
      expect(resume.lastLine()).toBe(`created ${ROWS}, updated 0, skipped 0, failed 0`);
      const results = value(await app.services.imports.report({ batchId: listed!.batchId, includePasswords: false }));
      expectRolloutImported(sb, rows, results.csv);
    },
    TIMEOUT_MS,
  );
});
