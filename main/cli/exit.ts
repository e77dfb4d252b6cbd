import type { AppError, Result } from '../../common/ipc/result';

/** The CLI's contract with scripts. */
export const EXIT = {
  ok: 0,
  /** The server refused some or all of the work. */
  refused: 1,
  /** Unusable input or usage: nothing was sent. */
  usage: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Thrown for a usage problem; the entry prints its message as one line and exits 2. */
export class UsageError extends Error {}

/** A service said no; the entry prints its message (and detail) as one line and picks the exit code from its kind. */
export class CommandFailed extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
  }
}

/** What was wrong with the input is a usage problem (nothing was sent); anything else, the server refused. */
export const exitCodeOf = (error: AppError): ExitCode => (error.kind === 'invalid_request' ? EXIT.usage : EXIT.refused);

/** The value of a service's answer, or the end of the command with its error. */
export function valueOf<T>(result: Result<T>): T {
  if (!result.ok) throw new CommandFailed(result.error);
  return result.value;
}
