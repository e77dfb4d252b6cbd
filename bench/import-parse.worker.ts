/**
 * The app's draft worker (main/import/prepare-worker.ts) with its heap watched: a worker's heap is
 * its own, out of sight of the process that started it. Just before its answer's last message
 * goes out (by then it has built and sent the whole draft), it reports the most heap it has had
 * in use, in a message of its own that the app's side ignores (no job has its id).
 */
import { GCProfiler } from 'node:v8';
import { parentPort } from 'node:worker_threads';

/** The id of the worker's heap report, which no job has. */
export const HEAP_REPORT_ID = -1;

export interface HeapReport {
  id: typeof HEAP_REPORT_ID;
  peakHeapMb: number;
}

const profiler = new GCProfiler();
profiler.start();
const port = parentPort;
if (port) {
  const send = port.postMessage.bind(port);
  port.postMessage = (message: { result?: unknown }) => {
    if (message.result !== undefined) {
      const used = process.memoryUsage().heapUsed;
      const collections = profiler.stop()?.statistics ?? [];
      const peak = Math.max(used, ...collections.map((gc) => gc.beforeGC.heapStatistics.usedHeapSize));
      send({ id: HEAP_REPORT_ID, peakHeapMb: Math.round((peak / 1024 / 1024) * 10) / 10 } satisfies HeapReport);
      profiler.start();
    }
    send(message);
  };
}
await import('../main/import/prepare-worker');
