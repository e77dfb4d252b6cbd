import type { Result } from '../../common/ipc/result';
import type { KazooClient, RequestOptions } from './client';
import { listDocuments, textOf } from './listing';

export interface UserSummary {
  id: string;
  username: string | null;
  email: string | null;
  firstName: string;
  lastName: string;
  /** The user's presence ID: by KAZOO convention (and its onboarding tools) the user's extension. */
  presenceId: string | null;
}

/** Every user of the account. */
export const listUsers = (client: KazooClient, options: RequestOptions = {}): Promise<Result<UserSummary[]>> =>
  listDocuments(
    client,
    '/users',
    (item) => ({
      id: item.id,
      username: textOf(item['username']),
      email: textOf(item['email']),
      firstName: textOf(item['first_name']) ?? '',
      lastName: textOf(item['last_name']) ?? '',
      presenceId: textOf(item['presence_id']),
    }),
    options,
  );
