/**
 * Work over a whole file (every line, record or row) written as a generator that yields where it
 * may pause. Main runs it a slice at a time so its event loop keeps answering the window while a
 * 100,000-row file is read (main/import/sliced.ts); a command, a test or one edit's few rows run
 * it to the end at once (`finish`). One piece of code either way, and no copy of the file's rows
 * to another thread and back, which cost more than the work itself.
 */
export type Steps<T> = Generator<void, T, undefined>;

/** Items (lines, records, rows) between two points where work may pause: far under a millisecond of work. */
const ITEMS_PER_STEP = 1024;

/** Whether work that has just done item `index` has reached a point where it may pause. */
export const mayPause = (index: number): boolean => index % ITEMS_PER_STEP === ITEMS_PER_STEP - 1;

/** The work done at once: its result. */
export function finish<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}
