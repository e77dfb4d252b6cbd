import { parentPort } from 'node:worker_threads';
import { prepareDraft, type DraftJob } from './prepare-draft';

/** The draft worker: one job at a time, answered with the job's number so answers find their request. */
parentPort?.on('message', ({ id, job }: { id: number; job: DraftJob }) => {
  parentPort?.postMessage({ id, result: prepareDraft(job) });
});
