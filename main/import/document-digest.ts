import { createHash } from 'node:crypto';

type JsonObject = Record<string, unknown>;

/**
 * Keys KAZOO computes on each read without an underscore: a callflow's `metadata` (the names of
 * the users, boxes and devices it rings, so it changes when one of them is renamed).
 */
const COMPUTED_ON_READ = new Set(['metadata']);

/** The document without the keys KAZOO computes or keeps for itself (`_read_only`, `_rev`, `metadata`...): what a technician can change. */
export function publicDocument(document: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(document).filter(([key]) => !key.startsWith('_') && !COMPUTED_ON_READ.has(key)));
}

/** JSON with every object's keys in order, so equal documents give equal text whatever order the server wrote them in. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, canonical((value as JsonObject)[key])]),
  );
}

/** sha-256 (hex) of the public document's canonical JSON: equal for documents that read the same. */
export const documentDigest = (document: JsonObject): string =>
  createHash('sha256')
    .update(JSON.stringify(canonical(publicDocument(document))))
    .digest('hex');
