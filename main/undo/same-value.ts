import { isDeepStrictEqual } from 'node:util';

/** Two JSON values alike, whatever the order of their keys; absent and null are alike (a field not there reads as null). */
export const sameValue = (a: unknown, b: unknown): boolean => isDeepStrictEqual(a ?? null, b ?? null);
