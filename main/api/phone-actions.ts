import { ok, type Result } from '../../common/ipc/result';
import type { KazooClient, RequestOptions } from './client';

/** Asks the phone to re-read its configuration (check-sync NOTIFY), or to reboot. */
export async function syncDevice(client: KazooClient, id: string, reboot: boolean, options: RequestOptions = {}): Promise<Result<string>> {
  const answer = await client.account<string>('POST', `/devices/${id}/sync`, {
    ...options,
    query: reboot ? { reboot: true } : {},
    body: { data: {} },
    // A repeated reboot would cut a call the first one did not; the technician can press again.
    retryOnTransportError: false,
  });
  return answer.ok ? ok(typeof answer.value.envelope.data === 'string' ? answer.value.envelope.data : 'sync request sent') : answer;
}

/** Rings the phone; answered, it calls `number` (KAZOO quickcall, non-blocking). */
export async function quickcall(client: KazooClient, id: string, number: string, options: RequestOptions = {}): Promise<Result<unknown>> {
  const answer = await client.account<unknown>('GET', `/devices/${id}/quickcall/${encodeURIComponent(number)}`, {
    ...options,
    retryOnTransportError: false,
  });
  return answer.ok ? ok(answer.value.envelope.data) : answer;
}
