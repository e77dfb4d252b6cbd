import { ok, type Result } from '../../common/ipc/result';
import type { KazooClient, RequestOptions } from './client';

/** A listing field as text: KAZOO leaves unset keys out, and older tools store "" for "none". */
export const textOf = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/**
 * Every document of a collection, in one request when the server allows it, else page by page,
 * each listing row read by `from`; rows it cannot read (no id) are left out.
 */
export async function listDocuments<T>(
  client: KazooClient,
  path: string,
  from: (item: Record<string, unknown> & { id: string }) => T,
  options: RequestOptions = {},
): Promise<Result<T[]>> {
  const items = await client.listAll<unknown>(path, options);
  if (!items.ok) return items;
  return ok(
    items.value
      .filter(
        (item): item is Record<string, unknown> & { id: string } =>
          typeof item === 'object' && item !== null && typeof (item as { id?: unknown }).id === 'string',
      )
      .map(from),
  );
}
