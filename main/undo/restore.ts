import type { UndoField } from '../../common/undo';
import { isSecretFieldPath } from '../../common/document-secrets';
import { shown } from '../audit/audit-fields';
import { isObject, leafPaths, setValueAt, valueAt } from '../import/document-paths';
import { isSealed, type Sealer } from '../secrets/sealer';
import { sameValue } from './same-value';
import { openedValue } from './sealed-values';

type JsonObject = Record<string, unknown>;

export interface Restore {
  /** Each field that reads otherwise now than before the batch: now → back. */
  fields: UndoField[];
  /** The PATCH that puts them back (sealed values stay sealed: the runner opens them); `null` removes a field the batch added. */
  changes: JsonObject;
  /** Secret fields whose before-value this key cannot open: left as they are. */
  unreadable: string[];
}

/**
 * What restoring a document to its before-image's fields takes, against the document now. A
 * field the document did not have is removed, and with it any object that would be left empty
 * (the batch made it to hold that field), so the document reads exactly as before.
 */
export function restoreOf(before: JsonObject, now: JsonObject, sealer: Sealer): Restore {
  const fields: UndoField[] = [];
  const back = new Map<string, unknown>();
  const unreadable: string[] = [];
  for (const [path, kept] of Object.entries(before)) {
    const value = openedValue(kept, sealer);
    if (isSealed(kept) && value === undefined) {
      unreadable.push(path);
      continue;
    }
    const current = valueAt(now, path);
    if (sameValue(current, value)) continue;
    back.set(path, kept ?? null);
    const secret = isSecretFieldPath(path);
    fields.push(secret ? { path, now: null, back: 'changed', secret } : { path, now: shown(current), back: shown(value), secret });
  }
  return { fields, changes: patchOf(back, now), unreadable };
}

function patchOf(back: ReadonlyMap<string, unknown>, now: JsonObject): JsonObject {
  const removed = new Set([...back].filter(([, value]) => value === null).map(([path]) => path));
  const changes: JsonObject = {};
  for (const [path, value] of back) {
    setValueAt(changes, value === null ? removedAt(path, removed, now) : path, value);
  }
  return changes;
}

/** The outermost object holding `path` that holds nothing but fields being removed: removing it leaves no empty object behind. */
function removedAt(path: string, removed: ReadonlySet<string>, now: JsonObject): string {
  const keys = path.split('.');
  for (let length = 1; length < keys.length; length++) {
    const prefix = keys.slice(0, length).join('.');
    const holder = valueAt(now, prefix);
    if (isObject(holder) && leafPaths(holder, prefix).every((leaf) => removed.has(leaf))) return prefix;
  }
  return path;
}
