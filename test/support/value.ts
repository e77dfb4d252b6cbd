import type { Result } from '../../common/ipc/result';

/** The value of a result a test expects to succeed; its error, in words, when it did not. */
export function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.kind}: ${result.error.message}`);
  return result.value;
}
