import { ok, type Result } from '../../common/ipc/result';
import type { KazooClient } from '../api/client';
import type { DocumentCollection } from '../api/documents';
import type { DocumentNow } from './conflict';

/** A document as the server has it now, with its revision; null when it is gone. */
export async function readNow(client: KazooClient, collection: DocumentCollection, id: string): Promise<Result<DocumentNow | null>> {
  const answer = await client.account<Record<string, unknown>>('GET', `/${collection}/${encodeURIComponent(id)}`, {
    priority: 'interactive',
  });
  if (answer.ok) return ok({ document: answer.value.envelope.data, revision: answer.value.envelope.revision ?? null });
  return answer.error.kind === 'not_found' ? ok(null) : answer;
}
