import { columnOfFieldPath } from '../../../../common/import/columns';
import {
  RESOURCE_KINDS,
  type BatchProgress,
  type BatchSummary,
  type OutcomeCounts,
  type ResourceKind,
} from '../../../../common/import/types';
import type { UndoField, UndoItem } from '../../../../common/undo';
import { plural } from '../../components/plural';
import { columnShortWords } from './columnWords';

/** An item is undone when it is no conflict, or a conflict the technician ticked. */
export const isUndone = (item: UndoItem, ticked: ReadonlySet<string>): boolean =>
  item.action !== 'nothing' && (item.conflict === null || ticked.has(item.key));

const sentenceVerbs = [
  ['delete', 'Delete', 'delete'],
  ['restore', 'Restore', 'restore'],
  ['recreate', 'Re-create', 're-create'],
] as const;

/**
 * What starting the undo sends, as a sentence: "Delete 12 documents, restore 3, re-create 1";
 * null when it sends nothing. Conflicts count only once ticked.
 */
export function undoSentence(items: readonly UndoItem[], ticked: ReadonlySet<string>): string | null {
  const parts = sentenceVerbs.flatMap(([action, first, later]) => {
    const count = items.filter((item) => item.action === action && isUndone(item, ticked)).length;
    return count > 0 ? [{ count, first, later }] : [];
  });
  if (parts.length === 0) return null;
  return parts
    .map((part, index) =>
      index === 0 ? `${part.first} ${plural(part.count, 'document', 'documents')}` : `${part.later} ${part.count.toLocaleString()}`,
    )
    .join(', ');
}

/** How many documents starting sends a request for. */
export const undoneCount = (items: readonly UndoItem[], ticked: ReadonlySet<string>): number =>
  items.filter((item) => isUndone(item, ticked)).length;

/** Fields of users, voicemail boxes and extensions, as the PBX screens name them; a device's come from the import's columns. */
const documentFieldWords: Partial<Record<ResourceKind, Record<string, string>>> = {
  user: {
    first_name: 'First name',
    last_name: 'Last name',
    email: 'Email',
    username: 'Portal username',
    password: 'Portal password',
    presence_id: 'Extension',
    'caller_id.internal.number': 'Internal caller ID number',
    'caller_id.internal.name': 'Internal caller ID name',
    enabled: 'Enabled',
  },
  vmbox: { name: 'Name', mailbox: 'Mailbox', pin: 'Voicemail PIN', owner_id: 'Owner' },
  callflow: { name: 'Name', numbers: 'Numbers', owner_id: 'Owner', flow: 'What it rings' },
};

/** A field of a document in words: "SIP username", "Mailbox"; a field no screen names keeps its path. */
export function fieldWords(resource: ResourceKind, path: string): string {
  if (resource === 'device') {
    const column = columnOfFieldPath(path);
    if (column && path !== 'sip' && path !== 'call_forward') return columnShortWords[column];
  }
  return documentFieldWords[resource]?.[path] ?? path;
}

/** One field a restore puts back: "Desk 12 → back to Desk 1"; a secret only says it changed. */
export function restoreWords(field: UndoField): string {
  if (field.secret) return 'changed → back to before';
  return `${field.now ?? '(none)'} → back to ${field.back ?? '(none)'}`;
}

/** A device registered now, and what undoing it does to the phone. */
export function registeredWords(item: UndoItem): string | null {
  if (item.resource !== 'device' || item.action === 'nothing') return null;
  if (item.registered === null) return 'Registration not known: the server did not say whether it is online';
  if (!item.registered) return null;
  return item.action === 'restore'
    ? 'Registered now: restoring its settings may take it offline'
    : 'Registered now: undoing takes it offline';
}

/** How a batch of the recent list is named: a sheet by its file, a bulk action and an undo by what they did. */
export function batchFacts(batch: Pick<BatchSummary, 'origin' | 'fileName'>): string {
  if (batch.origin === 'import') return batch.fileName;
  return batch.origin === 'undo' ? 'Undo' : 'Devices action';
}

/**
 * A batch's counts as the recent list says them. An undo's rows are people and phones, each
 * several documents some of which may be left alone: it says how many are done, its results say
 * per document what was deleted, restored or re-created.
 */
export function batchCountsWords(
  batch: Pick<BatchSummary, 'origin' | 'total' | 'created' | 'updated' | 'deleted' | 'skipped' | 'failed'>,
): string {
  if (batch.origin === 'undo') {
    const done = batch.created + batch.updated + batch.deleted + batch.skipped;
    const failed = batch.failed > 0 ? `, ${batch.failed.toLocaleString()} failed` : '';
    return `${done.toLocaleString()} of ${plural(batch.total, 'person or phone', 'people and phones')} done${failed}`;
  }
  const parts = (['created', 'updated', 'deleted', 'skipped', 'failed'] as const)
    .filter((outcome) => batch[outcome] > 0)
    .map((outcome) => `${batch[outcome].toLocaleString()} ${outcome}`);
  return parts.length > 0 ? `${parts.join(', ')} of ${batch.total.toLocaleString()}` : `0 of ${batch.total.toLocaleString()} done`;
}

/** An undo counts documents, not rows: a person's undo deletes their extension, phones, voicemail box and user. */
export function documentCounts(progress: Pick<BatchProgress, 'resources'>): OutcomeCounts {
  const counts: OutcomeCounts = { created: 0, updated: 0, deleted: 0, skipped: 0, failed: 0 };
  for (const kind of RESOURCE_KINDS)
    for (const outcome of Object.keys(counts) as Array<keyof OutcomeCounts>) counts[outcome] += progress.resources[kind][outcome];
  return counts;
}
