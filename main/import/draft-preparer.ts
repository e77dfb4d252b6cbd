import type { Worker } from 'node:worker_threads';
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
 * In a worker thread (the desktop app): reading and checking a 50 MB file takes seconds, and
 * main's event loop must keep answering the window meanwhile. One worker, started on the first
 * file and kept; one that fails is replaced on the next file.
 */
export function workerPreparer(spawn: () => Worker, log: Logger): DraftPreparer {
  let worker: Worker | undefined;
  let nextId = 0;
  const pending = new Map<number, { assembly: DraftAssembly; resolve: (result: Result<PreparedDraft>) => void }>();

  const failAll = (error: unknown) => {
    log.error('import.draft_worker_failed', { error });
    worker = undefined;
    for (const { resolve } of pending.values()) resolve(fail('internal', WORKER_FAILED));
    pending.clear();
  };

  const running = (): Worker => {
    if (worker) return worker;
    const started = spawn();
    started.on('message', (message: DraftMessage) => {
      const request = pending.get(message.id);
      const result = request?.assembly.add(message);
      if (!request || !result) return;
      pending.delete(message.id);
      request.resolve(result);
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
