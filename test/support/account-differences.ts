import { isDeepStrictEqual } from 'node:util';
import { expect } from 'vitest';
import type { accountSnapshot } from './account-setup';

export type AccountSnapshot = Awaited<ReturnType<typeof accountSnapshot>>;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const shown = (value: unknown): string => (value === undefined ? '(absent)' : JSON.stringify(value));

/** Each leaf that differs, as `path: before → now`; arrays are compared whole (their order is part of the document). */
function leafDifferences(path: string, before: unknown, now: unknown): string[] {
  if (isDeepStrictEqual(before, now)) return [];
  if (!isRecord(before) || !isRecord(now)) return [`${path}: ${shown(before)} → ${shown(now)}`];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(now)])].sort();
  return keys.flatMap((key) => leafDifferences(`${path}.${key}`, before[key], now[key]));
}

/**
 * Every field in which the account now differs from a snapshot taken before, one line each:
 * `devices/<id>.name: "Front desk" → "Reception"`, a whole document that came or went as
 * `devices/<id>: (absent) → {...}`.
 */
export function accountDifferences(before: AccountSnapshot, now: AccountSnapshot): string[] {
  const collections = Object.keys(before) as Array<keyof AccountSnapshot>;
  return collections.flatMap((collection) => {
    const ids = [...new Set([...Object.keys(before[collection]), ...Object.keys(now[collection])])].sort();
    return ids.flatMap((id) => {
      const was = before[collection][id];
      const is = now[collection][id];
      if (was === undefined || is === undefined)
        return isDeepStrictEqual(was, is) ? [] : [`${collection}/${id}: ${shown(was)} → ${shown(is)}`];
      return leafDifferences(`${collection}/${id}`, was, is);
    });
  });
}

/** The account is exactly as in the snapshot, every field of every document; a failure lists each field that is not. */
export function expectSameAccount(now: AccountSnapshot, before: AccountSnapshot): void {
  expect(accountDifferences(before, now), 'fields of the account that differ from the snapshot (before → now)').toEqual([]);
}
