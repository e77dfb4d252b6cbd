import { CellInterner } from '../../common/import/cell-interner';
import type { ImportRow } from '../../common/import/types';
import { ok, type Result } from '../../common/ipc/result';
import type { PreparedDraft } from './prepare-draft';

/**
 * Rows per message from the draft worker. One message for a whole 100,000-row draft would be a
 * ~10 MB string built at once beside the draft; parts of this size keep each a few hundred KB and
 * let the worker's rows go as they are sent.
 */
export const ROWS_PER_MESSAGE = 5_000;

/**
 * One message of the worker's answer to a job: its draft's rows in order, part by part, then the
 * rest of the result. A part is its rows as JSON text: a string crosses to main as one copy, where
 * 5,000 rows as objects would be rebuilt there one string and array at a time, and main turns it
 * into rows only once the worker is done (see DraftAssembly).
 */
export type DraftMessage = { id: number; rows: string } | { id: number; result: Result<PreparedDraft> };

/**
 * The messages that carry `result` for job `id`. The rows leave the draft as they are yielded, so
 * the sender holds no reference to a part already sent.
 */
export function* messagesOf(id: number, result: Result<PreparedDraft>): Generator<DraftMessage> {
  if (result.ok) {
    const { rows } = result.value.draft;
    while (rows.length > 0) yield { id, rows: JSON.stringify(rows.splice(0, ROWS_PER_MESSAGE)) };
  }
  yield { id, result };
}

/** Puts one job's answer back together from its messages, in the order they were sent. */
export class DraftAssembly {
  private readonly parts: string[] = [];

  addRows(part: string): void {
    this.parts.push(part);
  }

  /** Parts of rows received so far. */
  get partCount(): number {
    return this.parts.length;
  }

  /**
   * The whole result, from its last message and the parts before it. The rows are made here, not
   * as their parts arrive, so the worker can be let go first (draft-preparer.ts); a column's
   * repeated values become one string again, as the worker had them. Main's event loop gets a
   * turn between parts, as it did while the worker read the file.
   */
  async finish(result: Result<PreparedDraft>): Promise<Result<PreparedDraft>> {
    if (!result.ok) return result;
    const rows: ImportRow[] = [];
    const interner = new CellInterner();
    for (const part of this.parts.splice(0)) {
      for (const row of JSON.parse(part) as ImportRow[]) {
        interner.intern(row.cells);
        rows.push(row);
      }
      await new Promise(setImmediate);
    }
    return ok({ ...result.value, draft: { ...result.value.draft, rows } });
  }
}
