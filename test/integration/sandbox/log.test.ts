import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { createLogger } from '../../../main/log';
import { startSandbox } from '../../../main/sandbox/server';
import { login } from './helpers';

it('tells its log when it cannot save its data file, and keeps serving', async () => {
  const lines: string[] = [];
  const dataFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'sandbox-log-')), 'missing-folder', 'state.json');
  const sandbox = await startSandbox({ rateLimit: false, dataFile, log: createLogger((line) => lines.push(line)) });
  expect(await login(sandbox)).toMatch(/\./);
  await sandbox.close();
  const saveFailures = lines
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry['event'] === 'sandbox.save_failed');
  expect(saveFailures.length).toBeGreaterThan(0);
  expect(saveFailures[0]).toMatchObject({ level: 'error', file: dataFile, error: { message: expect.stringContaining('ENOENT') } });
});
