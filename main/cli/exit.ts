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
