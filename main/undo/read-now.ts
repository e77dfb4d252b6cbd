import { ok, type Result } from '../../common/ipc/result';
import type { KazooClient } from '../api/client';
import { readDocument, type DocumentCollection } from '../api/documents';
import type { DocumentNow } from './conflict';

/** A document as the server has it now, with its revision; null when it is gone. Read for a technician waiting on the plan. */
export async function readNow(client: KazooClient, collection: DocumentCollection, id: string): Promise<Result<DocumentNow | null>> {
  const read = await readDocument<Record<string, unknown>>(client, collection, encodeURIComponent(id), { priority: 'interactive' });
  if (read.ok) return read;
  return read.error.kind === 'not_found' ? ok(null) : read;
}
