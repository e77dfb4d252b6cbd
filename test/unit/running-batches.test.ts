import { describe, expect, it } from 'vitest';
import { createRunningBatches } from '../../main/updates/running-batches';

describe('running batches', () => {
  it('counts a batch from its first running event until any other state', () => {
    const batches = createRunningBatches();
    expect(batches.any()).toBe(false);
    batches.observe({ batchId: 'a', state: 'running' });
    batches.observe({ batchId: 'b', state: 'running' });
    batches.observe({ batchId: 'a', state: 'finished' });
    expect(batches.any()).toBe(true);
    batches.observe({ batchId: 'b', state: 'paused' });
    expect(batches.any()).toBe(false);
    batches.observe({ batchId: 'b', state: 'running' });
    batches.observe({ batchId: 'b', state: 'waiting_for_charges' });
    expect(batches.any()).toBe(false);
  });
});
