/**
 * Stored documents as CouchDB/KAZOO keep them: public fields beside `_id`, `_rev` and `pvt_*`
 * private fields that clients never see.
 */
import type { JsonObject } from '../api/device-schema';
import { newId } from './ids';

export type Doc = JsonObject & { _id: string; _rev: string };

const isPrivateKey = (key: string): boolean => key.startsWith('_') || key.startsWith('pvt_');

export const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

/** kz_doc:public_fields/1 plus `id`. */
export function publicView(doc: Doc): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(doc)) if (!isPrivateKey(k)) out[k] = v;
  out['id'] = doc._id;
  return out;
}

export function privateFields(doc: Doc): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(doc)) if (isPrivateKey(k)) out[k] = v;
  return out;
}

/** Public fields only, without `id` and without nulls: what a request may set. */
export function requestFields(data: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(data)) {
    if (isPrivateKey(k) || k === 'id' || v === null) continue;
    out[k] = isObject(v) ? requestFields(v) : v;
  }
  return out;
}

/** CouchDB-style revision `N-<32 hex>`; the hash part only has to change on every write. */
export function nextRev(previous: string | undefined): string {
  const generation = previous ? Number(previous.split('-')[0]) + 1 : 1;
  return `${generation}-${newId()}`;
}

/** PATCH: request fields win, objects merge recursively, `null` removes the key. */
export function mergePatch(target: JsonObject, patch: JsonObject): JsonObject {
  const out: JsonObject = { ...target };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else if (isObject(v) && isObject(out[k])) out[k] = mergePatch(out[k] as JsonObject, v);
    else if (isObject(v)) out[k] = mergePatch({}, v);
    else out[k] = v;
  }
  return out;
}

export function getPath(doc: unknown, dotted: string): unknown {
  let cur: unknown = doc;
  for (const key of dotted.split('.')) {
    if (!isObject(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}
