import { ok, type Result } from '../../common/ipc/result';
import type { KazooClient } from './client';

export interface AccountInfo {
  id: string;
  name: string;
  realm: string | null;
}

/** The account's own document: its name for "Connected as ...", its realm for SIP. */
export async function getAccount(client: KazooClient): Promise<Result<AccountInfo>> {
  const answer = await client.account<{ id?: string; name?: string; realm?: string }>('GET', '');
  if (!answer.ok) return answer;
  const data = answer.value.envelope.data ?? {};
  return ok({ id: data.id ?? client.accountId, name: data.name ?? client.accountId, realm: data.realm ?? null });
}
