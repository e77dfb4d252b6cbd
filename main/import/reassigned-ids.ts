type JsonObject = Record<string, unknown>;

/**
 * A document with every id this batch re-created under a new one (the server kept the old id of
 * the document it deleted) replaced by the new id, as a value and as a key (a callflow's branch):
 * a re-created voicemail box then names the re-created user, not the deleted one.
 */
export function withReassignedIds(document: JsonObject, ids: ReadonlyMap<string, string>): JsonObject {
  if (ids.size === 0) return document;
  const replace = (value: unknown): unknown => {
    if (typeof value === 'string') return ids.get(value) ?? value;
    if (Array.isArray(value)) return value.map(replace);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [ids.get(key) ?? key, replace(inner)]));
  };
  return replace(document) as JsonObject;
}
