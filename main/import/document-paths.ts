import { isSealed } from '../secrets/sealer';

/** A JSON object (not an array, not null): what a dotted path walks into. */
export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Every leaf of a document (or of a PATCH's changes: the paths it sets) as a dotted path: objects
 * are walked into, as PATCH merges them; arrays, scalars, empty objects and sealed values (one
 * secret, however it is kept) are leaves. Keys KAZOO computes (`_…`) are left out.
 */
export function leafPaths(document: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(document).flatMap(([key, value]) => {
    if (prefix === '' && key.startsWith('_')) return [];
    const path = prefix === '' ? key : `${prefix}.${key}`;
    return isObject(value) && !isSealed(value) && Object.keys(value).length > 0 ? leafPaths(value, path) : [path];
  });
}

/** Reads a dotted path (`caller_id.internal.number`) of a JSON document. */
export function valueAt(document: unknown, path: string): unknown {
  let current: unknown = document;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Writes a dotted path into a plain object, creating the objects on the way. */
export function setValueAt(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let current = target;
  for (const key of keys.slice(0, -1)) {
    const next = current[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) current[key] = {};
    current = current[key] as Record<string, unknown>;
  }
  current[keys[keys.length - 1]!] = value;
}
