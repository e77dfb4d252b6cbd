import { columnOfFieldPath } from '../../common/import/columns';
import { columnLabel } from '../../common/import/labels';
import { rowToDevice } from '../../common/import/to-device';
import type { CellIssue, ImportDraft } from '../../common/import/types';
import { mayPause, type Steps } from '../../common/steps';
import { checkDevice } from '../api/device-schema';

const PLACEHOLDER_NAME = 'x';

/** KAZOO's device schema run over the given rows: what the server would refuse, by row. */
export function* schemaIssuesOf(draft: ImportDraft, rows: Iterable<number>): Steps<Map<number, CellIssue[]>> {
  const found = new Map<number, CellIssue[]>();
  let checked = 0;
  for (const index of rows) {
    if (mayPause(checked++)) yield;
    const row = draft.rows[index];
    if (!row) continue;
    const { document } = rowToDevice(row.cells, draft.mapping);
    // A missing name is the rules' finding; the schema should judge the rest of the row. The document is this check's own.
    document.name ??= PLACEHOLDER_NAME;
    const errors = checkDevice(document);
    if (errors.length === 0) continue;
    found.set(
      index,
      errors.map((error) => {
        const column = columnOfFieldPath(error.path);
        const sourceColumn = column === null ? -1 : draft.mapping.indexOf(column);
        const where = sourceColumn >= 0 ? columnLabel(draft.headers, sourceColumn) : error.path;
        return {
          row: index,
          sourceColumn: sourceColumn >= 0 ? sourceColumn : null,
          column,
          severity: 'error' as const,
          code: `schema.${error.code}`,
          message: `${where}: ${error.message}. The PBX would refuse this value.`,
        };
      }),
    );
  }
  return found;
}

/**
 * The draft's own issues plus the schema's, without flagging a cell twice: where the row rules
 * already explain a cell, the schema's more technical wording is left out.
 */
export function mergeSchemaIssues(draft: ImportDraft, schema: ReadonlyMap<number, readonly CellIssue[]>): CellIssue[] {
  if (schema.size === 0) return draft.issues;
  const flagged = new Set(draft.issues.filter((issue) => issue.severity === 'error').map((issue) => `${issue.row}:${issue.column ?? '-'}`));
  const merged = [...draft.issues];
  for (const issues of schema.values()) {
    for (const issue of issues) {
      const key = `${issue.row}:${issue.column ?? '-'}`;
      if (flagged.has(key)) continue;
      flagged.add(key);
      merged.push(issue);
    }
  }
  return merged;
}
