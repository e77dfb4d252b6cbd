import { ok, type Result } from '../../common/ipc/result';
import type { KazooClient, RequestOptions } from './client';

export interface UserSummary {
  id: string;
  username: string | null;
  email: string | null;
  firstName: string;
  lastName: string;
  /** The user's presence ID: by KAZOO convention (and its onboarding tools) the user's extension. */
  presenceId: string | null;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

export async function listUsers(client: KazooClient, options: RequestOptions = {}): Promise<Result<UserSummary[]>> {
  const items = await client.listAll<Record<string, unknown>>('/users', options);
  if (!items.ok) return items;
  return ok(
    items.value
      .filter((item) => typeof item.id === 'string')
      .map((item) => ({
        id: String(item.id),
        username: text(item.username),
        email: text(item.email),
        firstName: text(item.first_name) ?? '',
        lastName: text(item.last_name) ?? '',
        presenceId: text(item.presence_id),
      })),
  );
}
