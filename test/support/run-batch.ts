import type { Result } from '../../common/ipc/result';
import { openBatchRunner, type BatchRunnerOptions, type BatchRunResult, type BatchTarget } from '../../main/import/runner';

/** Opens a batch and runs it to its end (finished or cancelled), the two steps the import service takes. */
export async function runBatch(target: BatchTarget, options: BatchRunnerOptions): Promise<Result<BatchRunResult>> {
  const runner = openBatchRunner(target, options);
  return runner.ok ? runner.value.run() : runner;
}
