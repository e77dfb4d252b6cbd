import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BatchProgress } from '../../../../common/import/types';
import { openBatchRunner } from '../../../../main/import/runner';
import { client, journalFolder, quietLog, sandbox } from './helpers';
import { creates, specOf } from '../../../support/batch-spec';

describe('time left of a running batch', () => {
  it('uses the pace the server’s rate limit allows, not the speed of the first burst', async () => {
    // Like Audian’s bucket (100 at once, then 10 a second), smaller: 40 at once, then 2 a second.
    const limit = { burst: 40, perSecond: 2 };
    const sb = await sandbox({ rateLimit: limit });
    const spec = specOf(creates(50));
    const seen: Array<{ at: number; progress: BatchProgress }> = [];
    const opened = openBatchRunner(
      { file: path.join(journalFolder(), 'time-left.jsonl'), spec },
      {
        client: client(sb, { rateLimit: limit }),
        log: quietLog,
        onProgress: (progress) => seen.push({ at: Date.now(), progress }),
      },
    );
    if (!opened.ok) throw new Error(opened.error.message);
    const startedAt = Date.now();
    const result = await opened.value.run();
    expect(result).toMatchObject({ ok: true, value: { progress: { state: 'finished', created: 50 } } });

    const running = seen.filter(({ progress }) => progress.state === 'running' && progress.done > 0 && progress.done < 50);
    expect(running.length).toBeGreaterThan(0);
    for (const { at, progress } of running) {
      // The server cannot have more tokens than its bucket refilled since the start, less what was spent.
      const tokensAtMost = Math.min(limit.burst, limit.burst + (limit.perSecond * (at - startedAt)) / 1000 - progress.done);
      const leastSeconds = (progress.total - progress.done - Math.max(0, tokensAtMost)) / limit.perSecond;
      expect(progress.etaSeconds, `${progress.done} done`).not.toBeNull();
      expect(progress.etaSeconds!, `${progress.done} done`).toBeGreaterThanOrEqual(Math.floor(leastSeconds));
    }
  }, 30_000);
});
