/**
 * 500 rows through the import service (load, plan, start, report) while the sandbox fails
 * requests on purpose (seeded 503s, connection resets, answers lost after the commit) and its
 * tokens expire every 10 seconds. Afterwards every row exists exactly once, as its CSV row says,
 * and the report says created for each.
 *
 * Time: 10-second tokens in real time would make the run last minutes. Instead sandbox and client
 * share a clock that moves 50 ms for every request the sandbox receives, as a server answering
 * one request after another in 50 ms would see it. A token then lives 200 requests, so the ~650
 * requests of the run outlive several of them whatever the speed of the machine. The client keeps
 * up to 32 requests in flight, which moves this clock about 1.6 s between a token's check and its
 * use: well inside the renewal margin (half the token's life left). Back-off waits stay in real
 * time (they only spread retries out).
 */
import { createAuditLog } from '../../../../main/audit/audit-log';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BatchProgress } from '../../../../common/import/types';
import { ok } from '../../../../common/ipc/result';
import { KazooClient } from '../../../../main/api/client';
import { systemClock } from '../../../../main/clock';
import type { Credentials } from '../../../../main/api/credentials';
import { createImportService } from '../../../../main/import/service';
import { createLogger } from '../../../../main/log';
import type { Connection } from '../../../../main/profiles/connection';
import { createProfileStore } from '../../../../main/profiles/profile-store';
import { startSandbox, type Sandbox } from '../../../../main/sandbox/server';
import { createMemoryStore } from '../../../../main/secrets/memory-store';
import { memorySealer } from '../../../../main/secrets/journal-sealer';
import { addSampleOwners } from '../../../support/sample-owners';
import { expectRolloutImported, rolloutCsv, rolloutRows } from './rollout';

const ROWS = 500;
const TOKEN_TTL_SECONDS = 10;
const MS_PER_REQUEST = 50;
const FAULTS = { unavailable: 0.05, reset: 0.03, lost: 0.05 };
/** About 10 s on a quiet machine, most of it back-off waits after the injected faults. */
const TIMEOUT_MS = 90_000;

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

const log = createLogger(() => undefined);

/** A sandbox whose clock is its request count (see the top of this file), with the samples' owners. */
async function faultySandbox(seed: number): Promise<{ sb: Sandbox; now: () => number }> {
  const start = Date.now();
  // The sandbox reads its clock while it starts, before there is a count to read.
  let requests = (): number => 0;
  const now = (): number => start + requests() * MS_PER_REQUEST;
  const sb = await startSandbox({
    seed,
    clock: { now },
    tokenTtlSeconds: TOKEN_TTL_SECONDS,
    rateLimit: false,
    autoRegister: false,
    latencyMs: 2,
  });
  requests = () => sb.state.stats().requests;
  open.push(sb);
  await addSampleOwners(sb);
  sb.configure({ faults: FAULTS });
  return { sb, now };
}

/**
 * The import service as the app builds it, acting on a connection whose client is the one the
 * test made (on the test's clock, without the client-side rate limit the sandbox does not have).
 */
async function importServiceFor(client: KazooClient) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'import-faults-'));
  const profiles = createProfileStore({ dir, secrets: createMemoryStore(log, 'test'), log });
  const connection: Connection = { id: 'c'.repeat(32), name: 'Site', saved: false, unencrypted: false, client };
  const progress: BatchProgress[] = [];
  const waiters: Array<() => void> = [];
  const imports = createImportService({
    connections: { open: async () => ok(connection) },
    profiles,
    batchesDir: path.join(dir, 'batches'),
    log,
    sealer: async () => memorySealer(),
    auditFor: (on) =>
      createAuditLog({ dir: path.join(dir, 'audit'), desktopUser: 'tech', now: () => new Date(), log }).forConnection({
        ...on,
        accountId: on.client.accountId,
      }),
    onProgress: (p) => {
      progress.push(p);
      for (const wake of waiters.splice(0)) wake();
    },
  });
  open.push(imports, client);
  const finished = async (batchId: string): Promise<BatchProgress> => {
    for (;;) {
      const last = progress.findLast((p) => p.batchId === batchId && p.state === 'finished');
      if (last) return last;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return { imports, connection, finished };
}

const cases: Array<{ label: string; seed: number; clientSkewMs: number; credentials: (sb: Sandbox) => Credentials }> = [
  {
    label: 'user and password, clocks agreeing: tokens are renewed before they expire',
    seed: 31,
    clientSkewMs: 0,
    credentials: (sb) => ({
      method: 'user_password',
      username: sb.credentials.username,
      password: sb.credentials.password,
      accountName: sb.account.name,
    }),
  },
  {
    label: 'API key, client clock 30 s behind: tokens expire under it and a 401 leads to a new login',
    seed: 32,
    clientSkewMs: -30_000,
    credentials: (sb) => ({ method: 'api_key', apiKey: sb.credentials.apiKey }),
  },
];

describe('a 500-row import through 503s, resets, lost answers and expiring tokens', () => {
  it.each(cases)(
    '$label',
    async ({ seed, clientSkewMs, credentials }) => {
      const { sb, now } = await faultySandbox(seed);
      const client = new KazooClient({
        baseUrl: sb.url,
        accountId: sb.account.id,
        credentials: credentials(sb),
        log,
        rateLimit: null,
        clock: { ...systemClock, now: () => now() + clientSkewMs },
      });
      const { imports, connection, finished } = await importServiceFor(client);
      const rows = rolloutRows(ROWS);

      const draft = await imports.load({ connectionId: null, fileName: 'site-2.csv', bytes: new TextEncoder().encode(rolloutCsv(rows)) });
      if (!draft.ok) throw new Error(draft.error.message);
      expect(draft.value.issues.filter((issue) => issue.severity === 'error')).toEqual([]);
      const plan = await imports.plan(connection, { draftId: draft.value.id, match: 'mac', onExisting: 'skip', onExistingPerson: 'skip' });
      if (!plan.ok) throw new Error(plan.error.message);
      expect(plan.value.counts).toEqual({ create: ROWS, update: 0, delete: 0, skip: 0, error: 0 });
      const started = await imports.start(connection, {
        draftId: draft.value.id,
        planId: plan.value.planId,
        name: 'Site 2',
        confirmedRegisteredDeviceIds: [],
        onFailure: 'rollback',
        sendWelcomeEmail: false,
      });
      if (!started.ok) throw new Error(started.error.message);
      expect(await finished(started.value.batchId)).toMatchObject({ total: ROWS, created: ROWS, failed: 0 });

      const report = await imports.report({ batchId: started.value.batchId, includePasswords: false });
      if (!report.ok) throw new Error(report.error.message);
      expectRolloutImported(sb, rows, report.value.csv);

      // The faults did happen, and so did the expiries: several logins, yet no login per request.
      const stats = sb.state.stats();
      expect(stats.faults.unavailable).toBeGreaterThan(5);
      expect(stats.faults.reset).toBeGreaterThan(5);
      expect(stats.faults.lost).toBeGreaterThan(5);
      expect(client.stats.authentications).toBeGreaterThanOrEqual(4);
      expect(client.stats.authentications).toBeLessThan(40);
      // With clocks agreeing, tokens are renewed ahead of their expiry: a request overtaken on the
      // way (a new connection after a reset, up to 32 in flight) may now and then still meet one
      // just expired, but most logins are renewals, not answers to a 401. With the client's clock
      // behind, expiry comes first and every token ends in a 401.
      if (clientSkewMs === 0) expect(stats.byStatus[401] ?? 0).toBeLessThan(client.stats.authentications / 2);
      else expect(stats.byStatus[401]).toBeGreaterThan(0);
    },
    TIMEOUT_MS,
  );
});
