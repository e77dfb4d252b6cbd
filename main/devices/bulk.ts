import type { BulkAction, BulkItemResult, BulkResult } from '../../common/devices-view';
import type { Result } from '../../common/ipc/result';
import type { KazooClient } from '../api/client';
import { deleteDevice, patchDevice } from '../api/devices';
import { syncDevice } from '../api/phone-actions';
import { BULK_IN_FLIGHT, mapInFlight } from './in-flight';

export interface BulkTarget {
  id: string;
  /** The name to report with; the id when the list has not been read. */
  name: string;
}

const DONE: Record<BulkAction, string> = {
  enable: 'Enabled.',
  disable: 'Disabled.',
  delete: 'Deleted.',
  reboot: 'Asked to restart.',
  set_owner: 'Owner changed.',
};

const alreadyGone = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && (value as { alreadyGone?: unknown }).alreadyGone === true;

function send(client: KazooClient, id: string, action: BulkAction, ownerId: string | null): Promise<Result<unknown>> {
  // 'bulk' priority leaves room in the rate budget for whoever is clicking in the app meanwhile.
  const options = { priority: 'bulk' } as const;
  switch (action) {
    case 'enable':
    case 'disable':
      return patchDevice(client, id, { enabled: action === 'enable' }, options);
    case 'set_owner':
      return patchDevice(client, id, { owner_id: ownerId }, options);
    case 'delete':
      return deleteDevice(client, id, options);
    case 'reboot':
      return syncDevice(client, id, true, options);
  }
}

/** One action on many devices, paced by the client, a few in flight; every device gets its own outcome. */
export async function runBulk(
  client: KazooClient,
  targets: readonly BulkTarget[],
  action: BulkAction,
  ownerId: string | null = null,
): Promise<BulkResult> {
  const results = await mapInFlight(targets, BULK_IN_FLIGHT, async ({ id, name }): Promise<BulkItemResult> => {
    const outcome = await send(client, id, action, ownerId);
    if (outcome.ok) return { id, name, ok: true, message: alreadyGone(outcome.value) ? 'Already deleted.' : DONE[action] };
    const message = outcome.error.kind === 'not_found' ? 'This device no longer exists on the server.' : outcome.error.message;
    return { id, name, ok: false, message };
  });
  const succeeded = results.filter((result) => result.ok).length;
  return { action, results, counts: { ok: succeeded, failed: results.length - succeeded } };
}
