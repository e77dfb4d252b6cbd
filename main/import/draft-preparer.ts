import type { Worker, WorkerOptions } from 'node:worker_threads';
import { fail, type Result } from '../../common/ipc/result';
import type { Logger } from '../log';
import { DraftAssembly, type DraftMessage } from './draft-messages';
import { prepareDraft, type DraftJob, type PreparedDraft } from './prepare-draft';

/** Turns a file (or new column choices) into a checked draft. */
export interface DraftPreparer {
  prepare(job: DraftJob): Promise<Result<PreparedDraft>>;
  close(): Promise<void>;
}

/**
 * On the caller's own thread: the command line, the preview and tests, where nothing else waits
 * while a file is read.
 */
export const inProcessPreparer: DraftPreparer = {
  prepare: async (job) => prepareDraft(job),
  close: async () => {},
};

/**
 * A file's bytes copied into memory main and the draft worker share: the job that carries them
 * to the worker then copies nothing, so a big file is held once while it is read, not twice.
 * Neither side writes to them.
 */
export function sharedBytes(bytes: Uint8Array): Uint8Array {
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.byteLength));
  shared.set(bytes);
  return shared;
}

const WORKER_FAILED = 'Reading the file stopped inside the app. Drop the file again; if it happens again, the details are in the log.';

/**
 * Parts of rows (5,000 each) beyond which the worker that read a draft is let go. An idle V8
 * thread keeps the memory its last job took: after a 100,000-row file, some 100 MB that the
 * process would hold beside main's draft. A smaller file keeps its worker, so changing the column
 * choices does not wait for a new one to start.
 */
const KEEP_WORKER_UP_TO_PARTS = 2;

/**
 * How the draft worker runs. A young generation of a few MB (V8's default is up to 48): the
 * worker's objects are the draft, which lives until it is sent, so a large nursery only holds
 * more of it twice.
 */
export const DRAFT_WORKER_OPTIONS: WorkerOptions = { resourceLimits: { maxYoungGenerationSizeMb: 4 } };

/**
 * In a worker thread (the desktop app): reading and checking a 50 MB file takes seconds, and
 * main's event loop must keep answering the window meanwhile. One worker, started on the first
 * file and kept while files are small; one that fails is replaced on the next file.
 */
export function workerPreparer(spawn: (options: WorkerOptions) => Worker, log: Logger): DraftPreparer {
  let worker: Worker | undefined;
  let nextId = 0;
  const pending = new Map<number, { assembly: DraftAssembly; resolve: (result: Result<PreparedDraft>) => void }>();

  const failAll = (error: unknown) => {
    log.error('import.draft_worker_failed', { error });
    worker = undefined;
    for (const { resolve } of pending.values()) resolve(fail('internal', WORKER_FAILED));
    pending.clear();
  };

  /** Stops a worker that read a big draft, when no other file waits on it, before main builds its own rows. */
  const release = async (from: Worker, parts: number): Promise<void> => {
    if (parts <= KEEP_WORKER_UP_TO_PARTS || pending.size > 0 || worker !== from) return;
    worker = undefined;
    await from.terminate();
  };

  const running = (): Worker => {
    if (worker) return worker;
    const started = spawn(DRAFT_WORKER_OPTIONS);
    started.on('message', (message: DraftMessage) => {
      const request = pending.get(message.id);
      if (!request) return;
      if ('rows' in message) {
        request.assembly.addRows(message.rows);
        return;
      }
      pending.delete(message.id);
      void release(started, request.assembly.partCount)
        .then(() => request.assembly.finish(message.result))
        .then(request.resolve, (error: unknown) => {
          log.error('import.draft_assembly_failed', { error });
          request.resolve(fail('internal', WORKER_FAILED));
        });
    });
    started.on('error', failAll);
    started.on('exit', (code) => {
      if (worker === started) failAll(new Error(`the draft worker exited with code ${code}`));
    });
    // An idle worker must not keep a finished command or a closing app alive.
    started.unref();
    worker = started;
    return started;
  };

  return {
    prepare(job) {
      const id = (nextId += 1);
      return new Promise((resolve) => {
        pending.set(id, { assembly: new DraftAssembly(), resolve });
        running().postMessage({ id, job });
      });
    },
    async close() {
      const stopping = worker;
      worker = undefined;
      for (const { resolve } of pending.values()) resolve(fail('cancelled', 'The app is closing.'));
      pending.clear();
      await stopping?.terminate();
    },
  };
}
