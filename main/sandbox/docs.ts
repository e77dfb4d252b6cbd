/**
 * Stored documents as CouchDB/KAZOO keep them: public fields beside `_id`, `_rev` and `pvt_*`
 * private fields that clients never see.
 */
import type { JsonObject } from '../kazoo-schemas/validate';
import { newId } from './ids';

export type Doc = JsonObject & { _id: string; _rev: string };

const isPrivateKey = (key: string): boolean => key.startsWith('_') || key.startsWith('pvt_');

export const isObject = (value: unknown): value is JsonObject => value !== null && typeof value === 'object' && !Array.isArray(value);

/** kz_doc:public_fields/1 plus `id`. */
export function publicView(doc: Doc): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(doc)) if (!isPrivateKey(key)) out[key] = value;
  out['id'] = doc._id;
  return out;
}

export function privateFields(doc: Doc): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(doc)) if (isPrivateKey(key)) out[key] = value;
  return out;
}

function withoutNulls(data: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(data)) if (value !== null) out[key] = isObject(value) ? withoutNulls(value) : value;
  return out;
}

/**
 * Public fields only (private keys are top-level ones, as kz_doc:public_fields/1 sees them, so a
 * callflow's `_` branch stays), without `id` and without nulls: what a request may set.
 */
export function requestFields(data: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(data)) {
    if (isPrivateKey(key) || key === 'id' || value === null) continue;
    out[key] = isObject(value) ? withoutNulls(value) : value;
  }
  return out;
}

/** CouchDB-style revision `N-<32 hex>`; the hash part only has to change on every write. */
export function nextRev(previous: string | undefined): string {
  const generation = previous ? Number(previous.split('-')[0]) + 1 : 1;
  return `${generation}-${newId()}`;
}

/** PATCH: request fields win, objects merge recursively, `null` removes the key. */
/** A PATCH body merged over the stored document's public fields: what gets validated and saved in its place. */
export function patchedFields(existing: Doc, data: unknown): JsonObject {
  const current = publicView(existing);
  delete current['id'];
  const patch = isObject(data) ? { ...data } : {};
  delete patch['id'];
  return mergePatch(current, patch);
}

export function mergePatch(target: JsonObject, patch: JsonObject): JsonObject {
  const out: JsonObject = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else if (isObject(value) && isObject(out[key])) out[key] = mergePatch(out[key] as JsonObject, value);
    else if (isObject(value)) out[key] = mergePatch({}, value);
    else out[key] = value;
  }
  return out;
}

export function getPath(doc: unknown, dotted: string): unknown {
  let node: unknown = doc;
  for (const key of dotted.split('.')) {
    if (!isObject(node)) return undefined;
    node = node[key];
  }
  return node;
}
