import type { SavedMapping } from '../../common/import/mapping';
import type { CellIssue, ImportDraft, ImportPlan } from '../../common/import/types';
import type { Operation } from './operations';
import { mergeSchemaIssues } from './schema-check';

/** A file being prepared for import in this run of the app: the draft, its bytes, its plan. */
export interface DraftEntry {
  /** The draft with the row rules' issues; the schema's are kept apart so an edit re-checks one row. */
  draft: ImportDraft;
  bytes: Uint8Array;
  /** The column choices remembered for the connection (or given outright), offered again when the file is re-read. */
  savedMapping: SavedMapping | undefined;
  schemaIssues: Map<number, CellIssue[]>;
  /** Bumped on every change, so a plan made before an edit is not run. */
  version: number;
  plan: { version: number; connectionId: string; view: ImportPlan; operations: Operation[] } | null;
}

/** What the renderer sees: the draft with every issue, rules' and schema's. */
export const draftView = (entry: DraftEntry): ImportDraft => ({
  ...entry.draft,
  issues: mergeSchemaIssues(entry.draft, entry.schemaIssues),
});
