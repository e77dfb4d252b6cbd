import { fail, ok, type Result } from '../../common/ipc/result';
import type { KazooClient, RequestOptions } from './client';
import { getDevice } from './devices';

/**
 * A 404 on a device's sub-route tells only that something was not found: the device, or the route
 * itself (a server without that module answers 404 `not_found` for a device that exists). Only the
 * device's own GET may say it is gone.
 */
async function whyNotFound<T>(
  client: KazooClient,
  id: string,
  answer: Result<T>,
  action: { offered: string; instead: string },
  options: RequestOptions,
): Promise<Result<T>> {
  if (answer.ok || answer.error.kind !== 'not_found') return answer;
  const device = await getDevice(client, id, options);
  if (device.ok) {
    return fail(
      'unsupported',
      `This server does not offer ${action.offered}: it answered "not found" for a device that exists. ${action.instead}`,
      { detail: answer.error.detail },
    );
  }
  if (device.error.kind === 'not_found')
    return fail('not_found', 'This device no longer exists on the server.', { detail: device.error.detail });
  return device;
}

/** Asks the phone to re-read its configuration (check-sync NOTIFY), or to reboot. */
export async function syncDevice(client: KazooClient, id: string, reboot: boolean, options: RequestOptions = {}): Promise<Result<string>> {
  const answer = await client.account<string>('POST', `/devices/${id}/sync`, {
    ...options,
    query: reboot ? { reboot: true } : {},
    body: { data: {} },
    // A repeated reboot would cut a call the first one did not; the technician can press again.
    resendWhenUnsure: false,
  });
  const sent = await whyNotFound(
    client,
    id,
    answer,
    {
      offered: reboot ? 'restarting a phone' : 'resending settings to a phone (check-sync)',
      instead: reboot
        ? 'Restart the phone by hand, or ask Audian to enable it.'
        : 'Restart the phone by hand to make it read its settings, or ask Audian to enable it.',
    },
    options,
  );
  return sent.ok ? ok(typeof sent.value.envelope.data === 'string' ? sent.value.envelope.data : 'sync request sent') : sent;
}

/** Rings the phone; answered, it calls `number` (KAZOO quickcall, non-blocking). */
export async function quickcall(client: KazooClient, id: string, number: string, options: RequestOptions = {}): Promise<Result<unknown>> {
  const answer = await client.account<unknown>('GET', `/devices/${id}/quickcall/${encodeURIComponent(number)}`, {
    ...options,
    resendWhenUnsure: false,
  });
  const sent = await whyNotFound(
    client,
    id,
    answer,
    { offered: 'test calls (quickcall)', instead: 'Call the phone from another phone instead, or ask Audian to enable quickcall.' },
    options,
  );
  return sent.ok ? ok(sent.value.envelope.data) : sent;
}
