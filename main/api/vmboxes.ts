import type { Result } from '../../common/ipc/result';
import type { KazooClient, RequestOptions } from './client';
import { listDocuments, textOf } from './listing';

/** A voicemail box of the account, as KAZOO's listing gives it. */
export interface VmboxSummary {
  id: string;
  name: string;
  /** The number callers and the owner dial it by; KAZOO compares mailboxes as integers ("0100" is 100). */
  mailbox: string;
  ownerId: string | null;
}

/** Every voicemail box of the account. */
export const listVmboxes = (client: KazooClient, options: RequestOptions = {}): Promise<Result<VmboxSummary[]>> =>
  listDocuments(
    client,
    '/vmboxes',
    (item) => ({
      id: item.id,
      name: textOf(item['name']) ?? '',
      // A mailbox stored as a JSON number by an older tool still names the box.
      mailbox: typeof item['mailbox'] === 'number' ? String(item['mailbox']) : (textOf(item['mailbox']) ?? ''),
      ownerId: textOf(item['owner_id']),
    }),
    options,
  );
