import type { Steps } from '../../common/steps';

/**
 * The longest main works on a file before its event loop gets a turn: the window's requests,
 * a batch's answers and the registration poll wait at most about this long while a 100,000-row
 * file is read (`npm run bench` reports the longest wait).
 */
const SLICE_MS = 10;

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Work that yields where it may pause, run on main's thread a slice at a time. */
export async function runSliced<T>(steps: Steps<T>): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (performance.now() - sliceStart >= SLICE_MS) {
      await turn();
      sliceStart = performance.now();
    }
  }
}
