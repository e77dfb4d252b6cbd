import { describe, expect, it } from 'vitest';
import { finish, mayPause, type Steps } from '../../../common/steps';
import { runSliced } from '../../../main/import/sliced';

/** Work of `items` items, each taking at least `ms` of the thread, pausing where the importer's loops do. */
function* work(items: number, ms: number): Steps<number> {
  for (let i = 0; i < items; i++) {
    if (mayPause(i)) yield;
    const until = performance.now() + ms;
    while (performance.now() < until) {
      // The item's work: the thread is busy.
    }
  }
  return items;
}

describe('work run a slice at a time', () => {
  it('gives the event loop turns while it runs, and returns what running it at once returns', async () => {
    let turns = 0;
    let running = true;
    const count = (): void => {
      if (!running) return;
      turns += 1;
      setImmediate(count);
    };
    setImmediate(count);
    // 4,096 items of at least 0.01 ms: 40 ms or more, paused at every 1,024th item.
    const result = await runSliced(work(4_096, 0.01));
    running = false;
    expect(result).toBe(finish(work(4_096, 0)));
    expect(turns).toBeGreaterThanOrEqual(2);
  });
});
