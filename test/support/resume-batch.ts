/**
 * Runs the batch of a journal against a server to its end: the process a kill test kills.
 * Usage: resume-batch.ts JOURNAL BASE_URL ACCOUNT_ID API_KEY
 */
import { KazooClient } from '../../main/api/client';
import { openBatchRunner } from '../../main/import/runner';
import { createLogger } from '../../main/log';

const [file, baseUrl, accountId, apiKey] = process.argv.slice(2);
if (!file || !baseUrl || !accountId || !apiKey) throw new Error('usage: resume-batch.ts JOURNAL BASE_URL ACCOUNT_ID API_KEY');
const log = createLogger(() => undefined);
const client = new KazooClient({
  baseUrl,
  accountId,
  credentials: { method: 'api_key', apiKey },
  log,
  rateLimit: null,
  retry: { retries: 8, baseDelayMs: 1, maxDelayMs: 5 },
});
// A few at a time, so that a kill counted in answered steps lands with most of the batch still to do.
const runner = openBatchRunner({ file }, { client, log, concurrency: 4 });
if (!runner.ok) throw new Error(runner.error.message);
const result = await runner.value.run();
await client.close();
if (!result.ok) throw new Error(result.error.message);
