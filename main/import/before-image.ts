import { isSecretFieldPath, SECRET_FIELD_PATHS } from '../../common/document-secrets';
import { isSealed, type Sealer } from '../secrets/sealer';
import { publicDocument } from './document-digest';
import { setValueAt, valueAt } from './document-paths';
import type { BeforeImage } from './journal';
import type { Step } from './operations';

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The dotted paths an update sets: every leaf of its changes (a nested object is walked into, as
 * PATCH merges it; a sealed value is one leaf, as an undo's restore of a password carries it).
 */
export function changedPaths(changes: JsonObject, prefix = ''): string[] {
  return Object.entries(changes).flatMap(([key, value]) => {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    return isObject(value) && !isSealed(value) && Object.keys(value).length > 0 ? changedPaths(value, path) : [path];
  });
}

/**
 * What an update or delete step is about to change, from the document as the server has it now
 * (null: it is gone). Secrets in it are sealed, so the journal never holds one in clear.
 */
export function beforeImageOf(
  step: Extract<Step, { action: 'update' | 'delete' }>,
  read: { document: JsonObject; revision: string | null } | null,
  sealer: Sealer,
): BeforeImage {
  if (read === null) return { kind: 'missing' };
  const seal = (path: string, value: unknown): unknown =>
    isSecretFieldPath(path) && value !== undefined && value !== null ? sealer.seal(value) : value;
  if (step.action === 'update') {
    const fields = Object.fromEntries(changedPaths(step.changes).map((path) => [path, seal(path, valueAt(read.document, path)) ?? null]));
    return { kind: 'fields', revision: read.revision, fields };
  }
  const document = structuredClone(publicDocument(read.document));
  for (const path of SECRET_FIELD_PATHS) {
    const value = valueAt(document, path);
    if (value !== undefined && value !== null) setValueAt(document, path, seal(path, value));
  }
  return { kind: 'document', revision: read.revision, document };
}

/** A before-image's fields (dotted paths) as the document they describe, for reading them like one. */
export function documentOfFields(fields: JsonObject): JsonObject {
  const document: JsonObject = {};
  for (const [path, value] of Object.entries(fields)) setValueAt(document, path, value);
  return document;
}

/**
 * The document (or an update's changes) with every sealed value opened; a value this sealer cannot
 * open (sealed under another run's memory key, or damaged) is left out, so it is never sent as its
 * sealed form.
 */
export function unsealDocument(document: JsonObject, sealer: Sealer): JsonObject {
  const open = (value: unknown): unknown => {
    if (isSealed(value)) return sealer.unseal(value);
    if (Array.isArray(value)) return value.map(open);
    if (!isObject(value)) return value;
    return Object.fromEntries(
      Object.entries(value).flatMap(([key, inner]) => {
        const opened = open(inner);
        return opened === undefined ? [] : [[key, opened]];
      }),
    );
  };
  return open(document) as JsonObject;
}
