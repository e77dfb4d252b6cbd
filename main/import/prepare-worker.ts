import { parentPort } from 'node:worker_threads';
import { messagesOf } from './draft-messages';
import { prepareDraft, type DraftJob } from './prepare-draft';

/**
 * The draft worker: one job at a time (the handler runs to its end before the next message), its
 * answer sent in parts that carry the job's number so they find their request (draft-messages.ts).
 */
parentPort?.on('message', ({ id, job }: { id: number; job: DraftJob }) => {
  for (const message of messagesOf(id, prepareDraft(job))) parentPort?.postMessage(message);
});
