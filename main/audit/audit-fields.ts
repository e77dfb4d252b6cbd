import type { AuditField } from '../../common/audit';
import { isSecretFieldPath } from '../../common/document-secrets';
import { leafPaths, valueAt } from '../import/document-paths';

type JsonObject = Record<string, unknown>;

/** A value as History shows it: text as it is, anything else as JSON; absent or null is null. */
export function shown(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The fields that differ between two states of a document (undefined: it did not exist, or no
 * longer does), at `paths` or else every leaf of either. A secret reads "changed", never its value.
 */
export function auditFieldsOf(before: JsonObject | undefined, after: JsonObject | undefined, paths?: readonly string[]): AuditField[] {
  const candidates = paths ?? [...new Set([...leafPaths(before ?? {}), ...leafPaths(after ?? {})])];
  const fields: AuditField[] = [];
  for (const path of candidates) {
    const was = shown(before && valueAt(before, path));
    const now = shown(after && valueAt(after, path));
    if (was === now) continue;
    const secret = isSecretFieldPath(path);
    fields.push(
      secret ? { path, before: null, after: now === null ? null : 'changed', secret } : { path, before: was, after: now, secret },
    );
  }
  return fields;
}
