import { ok, type Result } from '../../common/ipc/result';
import type { KazooClient, RequestOptions } from './client';

/** A voicemail box of the account, as KAZOO's listing gives it. */
export interface VmboxSummary {
  id: string;
  name: string;
  /** The number callers and the owner dial it by; KAZOO compares mailboxes as integers ("0100" is 100). */
  mailbox: string;
  ownerId: string | null;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** Every voicemail box of the account, in one request when the server allows it, else page by page. */
export async function listVmboxes(client: KazooClient, options: RequestOptions = {}): Promise<Result<VmboxSummary[]>> {
  const items = await client.listAll<Record<string, unknown>>('/vmboxes', options);
  if (!items.ok) return items;
  return ok(
    items.value
      .filter((item) => typeof item.id === 'string')
      .map((item) => ({
        id: String(item.id),
        name: text(item.name) ?? '',
        // A mailbox stored as a JSON number by an older tool still names the box.
        mailbox: typeof item.mailbox === 'number' ? String(item.mailbox) : (text(item.mailbox) ?? ''),
        ownerId: text(item.owner_id),
      })),
  );
}
