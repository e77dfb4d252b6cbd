import { createHash } from 'node:crypto';

type JsonObject = Record<string, unknown>;

const canonical = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, canonical((value as JsonObject)[key])]),
  );
};

/** sha-256 hex of a document's public fields (no `_`-prefixed keys) as canonical JSON, sorted keys: equal for equal contents. */
export function documentDigest(document: JsonObject): string {
  const publicFields = Object.fromEntries(Object.entries(document).filter(([key]) => !key.startsWith('_')));
  return createHash('sha256')
    .update(JSON.stringify(canonical(publicFields)))
    .digest('hex');
}
