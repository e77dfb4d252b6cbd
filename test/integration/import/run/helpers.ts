/** A sandbox, a client against it and a journal folder per test, all closed afterwards. */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { KazooClient, type ClientOptions } from '../../../../main/api/client';
import type { BatchProgress } from '../../../../common/import/types';
import { createLogger } from '../../../../main/log';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../../main/sandbox/server';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

export const quietLog = createLogger(() => undefined);

export async function sandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const sb = await startSandbox({ rateLimit: false, seed: 7, ...options });
  open.push(sb);
  return sb;
}

export function client(sb: Sandbox, options: Partial<ClientOptions> = {}): KazooClient {
  const created = new KazooClient({
    baseUrl: sb.url,
    accountId: sb.account.id,
    credentials: { method: 'api_key', apiKey: sb.credentials.apiKey },
    log: quietLog,
    rateLimit: null,
    retry: { retries: 8, baseDelayMs: 1, maxDelayMs: 5 },
    ...options,
  });
  open.push(created);
  return created;
}

export const journalFolder = (): string => mkdtempSync(path.join(os.tmpdir(), 'audian-batches-'));

/** Progress events as they come, and a way to wait for the first one that matches. */
export function progressLog() {
  const events: BatchProgress[] = [];
  const waiting: Array<{ test: (p: BatchProgress) => boolean; resolve: (p: BatchProgress) => void }> = [];
  return {
    events,
    onProgress: (progress: BatchProgress) => {
      events.push(progress);
      for (const waiter of [...waiting]) {
        if (!waiter.test(progress)) continue;
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve(progress);
      }
    },
    until: (test: (p: BatchProgress) => boolean): Promise<BatchProgress> => {
      const seen = events.find(test);
      return seen ? Promise.resolve(seen) : new Promise((resolve) => waiting.push({ test, resolve }));
    },
  };
}

/** Live devices in the sandbox, counted by name and by id. */
export function census(sb: Sandbox) {
  const devices = sb.state.devices();
  const byName = new Map<string, number>();
  for (const device of devices) byName.set(String(device['name']), (byName.get(String(device['name'])) ?? 0) + 1);
  return { devices, byName, ids: new Set(devices.map((device) => device._id)) };
}
