import { randomUUID } from 'node:crypto';
import type { AuditIntent } from '../../common/audit';
import type { Result } from '../../common/ipc/result';
import type { AuditSink } from './audit-sink';

/** A change sent on its own, outside any batch (the editor, a duplicate, a phone action): everything its record needs but the id. */
export type SingleChange = Omit<AuditIntent, 'id' | 'batchId'>;

/**
 * Sends one change and records it: begun right before the request, ended with the answer (done,
 * or failed with the server's reason). Nothing retries it as a batch step would, so each gets a
 * random id of its own. A throw leaves the record "unknown", which is what is known.
 */
export async function audited<T>(sink: AuditSink, change: SingleChange, send: () => Promise<Result<T>>): Promise<Result<T>> {
  const id = randomUUID();
  sink.begin({ id, batchId: null, ...change });
  const answer = await send();
  sink.end(id, answer.ok ? { ok: true } : { ok: false, error: answer.error.message });
  return answer;
}
