import type { AuditAction, AuditRecord, AuditSource } from '../../../common/audit';
import type { BatchSummary, ResourceKind } from '../../../common/import/types';
import { formatWhen } from './formatWhen';

/** What an audit record did and which part of the app did it, as History and a device's editor say it. */

const doneWords: Record<'create' | 'update' | 'delete', string> = { create: 'Created', update: 'Updated', delete: 'Deleted' };

const bySource: Record<AuditSource, string> = {
  import: 'by import',
  bulk: 'by a bulk action',
  editor: 'in the editor',
  duplicate: 'by Duplicate',
  undo: 'by undo',
  rollback: 'by a rollback',
  phone_action: 'by a phone action',
};

const phoneActionWords: Record<'reboot' | 'resync' | 'quickcall', string> = {
  reboot: 'Rebooted',
  resync: 'Resynced',
  quickcall: 'Test call placed',
};

/** "Updated in the editor", "Created by import", "Deleted by undo", "Rebooted". */
export function changeWords(action: AuditAction, source: AuditSource): string {
  if (action === 'reboot' || action === 'resync' || action === 'quickcall') return phoneActionWords[action];
  // An undo puts back: an update it sends restores the fields a batch changed, a create re-creates what it deleted.
  if (source === 'undo' && action === 'update') return 'Restored by undo';
  if (source === 'undo' && action === 'create') return 'Re-created by undo';
  return `${doneWords[action]} ${bySource[source]}`;
}

/** The actions as History's filter offers them. */
export const actionFilterWords: Record<AuditAction, string> = {
  create: 'Created',
  update: 'Updated',
  delete: 'Deleted',
  reboot: 'Rebooted',
  resync: 'Resynced',
  quickcall: 'Test calls',
};

export const auditKindWords: Record<ResourceKind, string> = {
  device: 'Device',
  user: 'User',
  vmbox: 'Voicemail box',
  callflow: 'Extension',
};

export const UNKNOWN_OUTCOME_REASON = 'no answer was recorded (the app closed or the network dropped)';

/** How a change ended, in words first: "Done", "Failed: the reason", "Unknown: no answer was recorded…". */
export function outcomeWords(record: Pick<AuditRecord, 'outcome' | 'error' | 'note'>): {
  label: string;
  full: string;
  /** A StatusBadge's tone. */
  tone: 'success' | 'danger' | 'warning';
} {
  switch (record.outcome) {
    case 'done':
      // Answered, yet nothing changed (a delete that found the document already gone): not the app's doing.
      return record.note
        ? { label: 'Nothing changed', full: `Nothing changed: ${record.note}`, tone: 'success' }
        : { label: 'Done', full: 'Done', tone: 'success' };
    case 'failed': {
      const reason = record.error ?? 'the server refused it';
      return { label: 'Failed', full: `Failed: ${reason}`, tone: 'danger' };
    }
    case 'unknown':
      return { label: 'Unknown', full: `Unknown: ${UNKNOWN_OUTCOME_REASON}`, tone: 'warning' };
  }
}

/** A batch's id is long; its first characters tell batches apart in a list. */
export const shortBatchId = (batchId: string): string => batchId.slice(0, 8);

/** A batch as History's filter names it: what it was and when it started. */
export const batchLabel = (batch: Pick<BatchSummary, 'name' | 'startedAt'>): string => `${batch.name} · ${formatWhen(batch.startedAt)}`;
