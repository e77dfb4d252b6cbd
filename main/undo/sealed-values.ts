import { isSealed, type Sealer } from '../secrets/sealer';

/** A journaled value as it was: a sealed one opened (undefined when this key cannot open it), any other as it is. */
export const openedValue = (value: unknown, sealer: Sealer): unknown => (isSealed(value) ? sealer.unseal(value) : value);

/** Two JSON values alike, whatever the order of their keys. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || a === null || b === undefined || b === null) return (a ?? null) === (b ?? null);
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  return (
    aKeys.length === bKeys.length &&
    aKeys.every((key) => sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
  );
}
