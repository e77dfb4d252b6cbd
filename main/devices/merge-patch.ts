import { isObject } from '../import/document-paths';

type Json = Record<string, unknown>;

/**
 * What the server will store after a PATCH (KAZOO merges objects, `null` removes a key), so the
 * schema can be checked on the result before anything is sent.
 */
export function mergePatch(target: Json, patch: Json): Json {
  const out: Json = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else if (isObject(value)) out[key] = mergePatch(isObject(out[key]) ? out[key] : {}, value);
    else out[key] = value;
  }
  return out;
}
