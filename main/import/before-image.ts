import { isSecretFieldPath, SECRET_FIELD_PATHS } from '../../common/document-secrets';
import { isSealed, type Sealer } from '../secrets/sealer';
import { publicDocument } from './document-digest';
import { isObject, leafPaths, setValueAt, valueAt } from './document-paths';
import type { BeforeImage } from './journal';
import type { Step } from './operations';

type JsonObject = Record<string, unknown>;

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
  if (step.action === 'update') {
    const fields = Object.fromEntries(
      leafPaths(step.changes).map((path) => [path, sealedAt(valueAt(read.document, path) ?? null, path, sealer)]),
    );
    return { kind: 'fields', revision: read.revision, fields };
  }
  return { kind: 'document', revision: read.revision, document: sealedAt(publicDocument(read.document), '', sealer) as JsonObject };
}

/**
 * A value found at `path` of a document with every secret in it sealed: the value itself when
 * `path` is a secret's, the secrets inside it when it is an object holding one (an update that
 * sets the whole `sip` object, a delete's whole document).
 */
function sealedAt(value: unknown, path: string, sealer: Sealer): unknown {
  if (value === null || value === undefined) return value;
  if (isSecretFieldPath(path)) return sealer.seal(value);
  if (!isObject(value)) return value;
  const prefix = path === '' ? '' : `${path}.`;
  const inside = SECRET_FIELD_PATHS.filter((secret) => secret.startsWith(prefix)).map((secret) => secret.slice(prefix.length));
  if (inside.length === 0) return value;
  const copy = structuredClone(value);
  for (const inner of inside) {
    const secret = valueAt(copy, inner);
    if (secret !== undefined && secret !== null) setValueAt(copy, inner, sealer.seal(secret));
  }
  return copy;
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
