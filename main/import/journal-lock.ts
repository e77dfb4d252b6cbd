import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { fail, ok, type Result } from '../../common/ipc/result';

/** Held while a runner has a journal open: another one would send the same steps a second time. */
export interface JournalLock {
  release(): void;
}

const lockFileOf = (journal: string): string => `${journal}.lock`;

/**
 * Takes the journal's lock (`<journal>.lock`, made exclusively, holding this process's id). A lock
 * whose process is gone (a crash, a kill) is stale and taken over; one held by a live process,
 * this one included, is a refusal that says which.
 */
export function lockJournal(journal: string): Result<JournalLock> {
  const file = lockFileOf(journal);
  // Twice at most: the second attempt follows the removal of a stale lock.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    let fd: number;
    try {
      fd = openSync(file, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        return fail('internal', 'Could not lock the batch journal.', { detail: `${file}: ${(error as Error).message}` });
      }
      const holder = journalHolder(journal);
      if (holder !== null) return fail('invalid_request', runningElsewhere(holder));
      rmSync(file, { force: true });
      continue;
    }
    try {
      writeSync(fd, String(process.pid));
    } finally {
      closeSync(fd);
    }
    let held = true;
    // Once only: after it, the lock may be another process's.
    const release = (): void => {
      if (held) rmSync(file, { force: true });
      held = false;
    };
    return ok({ release });
  }
  return fail('invalid_request', 'The batch is being opened by another process at the same moment. Try again.');
}

/** The live process holding the journal's lock, if one does. */
export function journalHolder(journal: string): number | null {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(lockFileOf(journal), 'utf8'), 10);
  } catch {
    return null;
  }
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : null;
}

export const runningElsewhere = (pid: number): string =>
  `This batch is running in another process (pid ${pid}): let it finish or pause it there (or close that app or command), then try again.`;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
