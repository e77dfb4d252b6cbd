import type { BulkAction, BulkItemResult, BulkResult } from '../../common/devices-view';
import type { RowResult } from '../../common/import/types';
import type { KazooClient } from '../api/client';
import type { AuditSink } from '../audit/audit-sink';
import { audited, type SingleChange } from '../audit/audited';
import { newDocumentId } from '../api/devices';
import { syncDevice } from '../api/phone-actions';
import type { BatchSpec, Step } from '../import/operations';
import { ALREADY_DELETED } from '../import/runner';
import { BULK_IN_FLIGHT, mapInFlight } from './in-flight';

export interface BulkTarget {
  id: string;
  /** The name to report with; the id when the list has not been read. */
  name: string;
}

/** The bulk actions that change a device's document: each runs as a batch (journaled, resumable, undoable). */
export type DocumentBulkAction = Exclude<BulkAction, 'reboot'>;

const DONE: Record<BulkAction, string> = {
  enable: 'Enabled.',
  disable: 'Disabled.',
  delete: 'Deleted.',
  reboot: 'Asked to restart.',
  set_owner: 'Owner changed.',
};

const GONE = 'This device no longer exists on the server.';

const devices = (count: number): string => (count === 1 ? '1 device' : `${count} devices`);

const BATCH_NAMES: Record<DocumentBulkAction, (count: number) => string> = {
  enable: (count) => `Enable ${devices(count)}`,
  disable: (count) => `Disable ${devices(count)}`,
  delete: (count) => `Delete ${devices(count)}`,
  set_owner: (count) => `Change the owner of ${devices(count)}`,
};

/**
 * A bulk action as a batch: one unit per device, one step each (a PATCH of `enabled` or
 * `owner_id`, or a delete). No sheet: one result row per device, named as the list names it. A
 * failure is final (nothing to roll back, nothing for a resume to send again).
 */
export function bulkSpec(input: {
  connectionId: string;
  targets: readonly BulkTarget[];
  action: DocumentBulkAction;
  ownerId: string | null;
  now: Date;
}): BatchSpec {
  const { targets, action, ownerId } = input;
  const stepOf = ({ id, name }: BulkTarget, row: number): Step => {
    const base = { resource: 'device' as const, rows: [row], label: name, id };
    if (action === 'delete') return { ...base, action: 'delete' };
    const changes = action === 'set_owner' ? { owner_id: ownerId } : { enabled: action === 'enable' };
    return { ...base, action: 'update', changes, changedColumns: [action === 'set_owner' ? 'owner' : 'enabled'] };
  };
  return {
    batchId: newDocumentId(),
    origin: 'bulk',
    name: BATCH_NAMES[action](targets.length),
    connectionId: input.connectionId,
    fileName: '',
    createdAt: input.now.toISOString(),
    headers: [],
    mapping: [],
    rows: [],
    sheetRows: targets.map(({ name }, row) => ({
      row,
      line: row + 1,
      name,
      identity: { extension: null, macAddress: null, sipUsername: null },
    })),
    units: targets.map((target, row) => ({ key: `device:${target.id}`, label: target.name, rows: [row], steps: [stepOf(target, row)] })),
    onFailure: 'rollback',
    // Someone waits for the answer: a device the network keeps failing for fails, in words, rather than holding them all.
    whenUnreachable: 'fail',
    sendWelcomeEmail: false,
  };
}

/** The batch's rows (one per device, in the order given) as the bulk action answers: each device's outcome in words. */
export function bulkResultOf(action: DocumentBulkAction, targets: readonly BulkTarget[], rows: readonly RowResult[]): BulkResult {
  const results = targets.map(({ id, name }, index): BulkItemResult => {
    const row = rows[index];
    switch (row?.outcome) {
      case 'updated':
      case 'deleted':
        return { id, name, ok: true, message: DONE[action] };
      case 'skipped':
        return { id, name, ok: true, message: row.resources[0]?.error?.message ?? ALREADY_DELETED };
      case 'failed':
        return { id, name, ok: false, message: row.error?.message ?? 'The server refused this change.' };
      default:
        return { id, name, ok: false, message: 'Not sent: the batch stopped before this device.' };
    }
  });
  return countedResult(action, results);
}

/**
 * Asks many phones to restart (a phone action, not a change of their documents), paced by the
 * client, as many in flight as its model of the server allows, each recorded in the audit log.
 */
export async function rebootPhones(client: KazooClient, targets: readonly BulkTarget[], audit: AuditSink): Promise<BulkResult> {
  const results = await mapInFlight(targets, BULK_IN_FLIGHT, async ({ id, name }): Promise<BulkItemResult> => {
    const change: SingleChange = { action: 'reboot', source: 'bulk', resource: 'device', resourceId: id, name, fields: [] };
    // 'bulk' priority leaves room in the rate budget for whoever is clicking in the app meanwhile.
    const outcome = await audited(audit, change, () => syncDevice(client, id, true, { priority: 'bulk' }));
    if (outcome.ok) return { id, name, ok: true, message: DONE.reboot };
    return { id, name, ok: false, message: outcome.error.kind === 'not_found' ? GONE : outcome.error.message };
  });
  return countedResult('reboot', results);
}

function countedResult(action: BulkAction, results: BulkItemResult[]): BulkResult {
  const succeeded = results.filter((result) => result.ok).length;
  return { action, results, counts: { ok: succeeded, failed: results.length - succeeded } };
}
