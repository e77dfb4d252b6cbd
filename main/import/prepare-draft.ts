import { applyMapping, loadDraft, type LoadOptions } from '../../common/import/load';
import type { CellIssue, ColumnMapping, ImportDraft } from '../../common/import/types';
import { ok, type Result } from '../../common/ipc/result';
import type { Steps } from '../../common/steps';
import { schemaIssuesOf } from './schema-check';

/** Turning a file (or new column choices) into a checked draft: the import's heavy part. */
export type DraftJob =
  /** The file's bytes read again into a checked draft: decode, parse, map, row rules. */
  | { kind: 'read'; options: LoadOptions }
  /** The same rows under other column choices. */
  | { kind: 'remap'; draft: ImportDraft; mapping: ColumnMapping };

export interface PreparedDraft {
  draft: ImportDraft;
  /** KAZOO's schema over every row, by row index: kept apart from the rules' issues so an edit re-checks one row. */
  schemaIssues: Array<[number, CellIssue[]]>;
}

export function* prepareDraft(job: DraftJob): Steps<Result<PreparedDraft>> {
  const checked = job.kind === 'read' ? yield* loadDraft(job.options) : yield* applyMapping(job.draft, job.mapping);
  if (!checked.ok) return checked;
  const draft = checked.value;
  return ok({ draft, schemaIssues: [...(yield* schemaIssuesOf(draft, draft.rows.keys()))] });
}
