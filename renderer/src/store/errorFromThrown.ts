import type { AppError } from '../../../common/ipc/result';

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
