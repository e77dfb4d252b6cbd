import type { AppError, Result } from '../../../common/ipc/result';

/**
 * Expected failures arrive as Result values; a throw means the transport itself broke (main
 * gone, preview server stopped). Stores turn it into the same AppError shape so views need only one path.
 */
export function errorFromThrown(thrown: unknown): AppError {
  return {
    kind: 'network',
    message: 'The main process did not answer. Restart the app if this keeps happening.',
    detail: thrown instanceof Error ? thrown.message : String(thrown),
  };
}

/** A request's Result, with a broken transport turned into one as well. */
export async function settledResult<T>(request: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await request();
  } catch (thrown) {
    return { ok: false, error: errorFromThrown(thrown) };
  }
}
