import type { BatchProgress } from '../../common/import/types';

/**
 * Which batches run in this process, learnt from their progress events: every batch (import, bulk
 * action, undo) reports each state it moves to, so this needs no read of the journals on disk.
 */
export function createRunningBatches() {
  const running = new Set<string>();
  return {
    observe(progress: Pick<BatchProgress, 'batchId' | 'state'>): void {
      if (progress.state === 'running') running.add(progress.batchId);
      else running.delete(progress.batchId);
    },
    any: (): boolean => running.size > 0,
  };
}
