import { CellInterner } from '../../common/import/cell-interner';
import type { ImportRow } from '../../common/import/types';
import { ok, type Result } from '../../common/ipc/result';
import type { PreparedDraft } from './prepare-draft';

/**
 * Rows per message from the draft worker. One message for a whole 100,000-row draft is a ~50 MB
 * serialized copy held beside both drafts; parts of this size keep that copy a few MB and let the
 * worker's rows go as main's arrive.
 */
export const ROWS_PER_MESSAGE = 5_000;

/** One message of the worker's answer to a job: its draft's rows in order, part by part, then the rest of the result. */
export type DraftMessage = { id: number; rows: ImportRow[] } | { id: number; result: Result<PreparedDraft> };

/**
 * The messages that carry `result` for job `id`. The rows leave the draft as they are yielded, so
 * the sender holds no reference to a part already sent.
 */
export function* messagesOf(id: number, result: Result<PreparedDraft>): Generator<DraftMessage> {
  if (result.ok) {
    const { rows } = result.value.draft;
    while (rows.length > 0) yield { id, rows: rows.splice(0, ROWS_PER_MESSAGE) };
  }
  yield { id, result };
}

/** Puts one job's answer back together from its messages, in the order they were sent. */
export class DraftAssembly {
  private readonly rows: ImportRow[] = [];
  private readonly interner = new CellInterner();

  /** The whole result once the last message is in; undefined before. */
  add(message: DraftMessage): Result<PreparedDraft> | undefined {
    if ('rows' in message) {
      for (const row of message.rows) {
        this.interner.intern(row.cells);
        this.rows.push(row);
      }
      return undefined;
    }
    const { result } = message;
    if (!result.ok) return result;
    return ok({ ...result.value, draft: { ...result.value.draft, rows: this.rows } });
  }
}
