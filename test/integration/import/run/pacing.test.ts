import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BatchProgress } from '../../../../common/import/types';
import { openBatchRunner } from '../../../../main/import/runner';
import { creates, specOf } from '../../../support/batch-spec';
import { client, journalFolder, quietLog, sandbox } from './helpers';

/** Imports `rows` devices with a client told nothing of the server's limit (it assumes KAZOO's default). */
async function importDevices(options: { burst: number; perSecond: number; envelopeTokens: boolean }, rows: number) {
  const sb = await sandbox({ rateLimit: { burst: options.burst, perSecond: options.perSecond }, envelopeTokens: options.envelopeTokens });
  const api = client(sb, { rateLimit: undefined });
  const seen: BatchProgress[] = [];
  const opened = openBatchRunner(
    { file: path.join(journalFolder(), 'pacing.jsonl'), spec: specOf(creates(rows)) },
    { client: api, log: quietLog, progressIntervalMs: 50, onProgress: (progress) => seen.push(progress) },
  );
  if (!opened.ok) throw new Error(opened.error.message);
  const startedAt = performance.now();
  const result = await opened.value.run();
  const seconds = (performance.now() - startedAt) / 1000;
  if (!result.ok) throw new Error(result.error.message);
  return { progress: result.value.progress, seconds, seen, throttled: sb.state.stats().tooManyRequests };
}

describe('an import paced by what it learns of the server’s limit', () => {
  it('learns a bucket of 20 and 100 a second from the token counts, with hardly a 429', async () => {
    const { progress, seconds, throttled } = await importDevices({ burst: 20, perSecond: 100, envelopeTokens: true }, 300);
    expect(progress).toMatchObject({ state: 'finished', created: 300, failed: 0 });
    expect(throttled).toBeLessThanOrEqual(5);
    expect(progress.pace).toMatchObject({ burst: 20, learnedFrom: 'tokens' });
    expect(progress.pace!.perSecond).toBeGreaterThan(70);
    // At the assumed 10 a second it would take 28 s; the bound is 2.8 s.
    expect(seconds).toBeLessThan(10);
  }, 30_000);

  it('learns the same server’s refill from its 429s when the answers carry no counts', async () => {
    const { progress, seconds, throttled } = await importDevices({ burst: 20, perSecond: 100, envelopeTokens: false }, 300);
    expect(progress).toMatchObject({ state: 'finished', created: 300, failed: 0 });
    // Probing meets the limit a 429 at a time, each with the requests then in flight: 37-58 here on a
    // quiet machine, 85 once while the whole suite ran; a storm would be most of the 300.
    expect(throttled).toBeLessThanOrEqual(100);
    expect(progress.pace).toMatchObject({ burst: null, learnedFrom: 'throttling' });
    expect(progress.pace!.perSecond).toBeGreaterThan(50);
    expect(seconds).toBeLessThan(10);
  }, 30_000);

  it('keeps to KAZOO’s default bucket when the server has exactly that, with at most a few 429s', async () => {
    const { progress, throttled, seen } = await importDevices({ burst: 100, perSecond: 10, envelopeTokens: true }, 120);
    expect(progress).toMatchObject({ state: 'finished', created: 120, failed: 0 });
    expect(throttled).toBeLessThanOrEqual(5);
    expect(progress.pace).toMatchObject({ burst: 100, learnedFrom: 'tokens' });
    expect(Math.abs(progress.pace!.perSecond! - 10)).toBeLessThan(1.5);
    // The time left while running comes from the learnt pace: the 20 rows past the bucket take about 2 s.
    const running = seen.filter((event) => event.state === 'running' && event.done >= 100 && event.done < 110);
    expect(running.length).toBeGreaterThan(0);
    for (const event of running) expect(event.etaSeconds).toBeGreaterThanOrEqual(Math.floor((120 - event.done - 2) / 10));
  }, 30_000);
});
