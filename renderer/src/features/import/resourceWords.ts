import type {
  OutcomeCounts,
  PersonState,
  PlanAction,
  PlanCounts,
  PlanResource,
  ResourceKind,
  ResourceOutcome,
  ResourceResult,
  RowResult,
} from '../../../../common/import/types';
import type { StatusTone } from '../../components/StatusBadge';
import { changeWords } from './planUpdateWords';

/** Each kind of document a rollout makes, named as the PBX screens name them: one, many, and as a table's column. */
export const resourceKindWords: Record<ResourceKind, { one: string; many: string; column: string }> = {
  user: { one: 'User', many: 'Users', column: 'User' },
  vmbox: { one: 'Voicemail box', many: 'Voicemail boxes', column: 'Voicemail' },
  device: { one: 'Phone', many: 'Phones', column: 'Phone' },
  callflow: { one: 'Extension', many: 'Extensions', column: 'Extension' },
};

/** What the plan does to one document, in a word; a skipped one is left as it is. */
export const resourceActionWords: Record<PlanAction, { label: string; tone: StatusTone }> = {
  create: { label: 'Create', tone: 'info' },
  update: { label: 'Update', tone: 'info' },
  delete: { label: 'Delete', tone: 'warning' },
  skip: { label: 'Leave', tone: 'neutral' },
  error: { label: 'Error', tone: 'danger' },
};

/**
 * What happened to one document. A rolled-back one was made by this import and removed again
 * when a later step of its person failed (the person's state says "Rolled back"). `pending` once
 * the batch is over is a document never sent.
 */
export const resourceOutcomeWords: Record<ResourceOutcome, { label: string; tone: StatusTone; meaning: string }> = {
  created: { label: 'Created', tone: 'success', meaning: 'created' },
  updated: { label: 'Updated', tone: 'success', meaning: 'updated' },
  deleted: { label: 'Deleted', tone: 'neutral', meaning: 'deleted' },
  skipped: { label: 'Left', tone: 'neutral', meaning: 'left as it is' },
  failed: { label: 'Failed', tone: 'danger', meaning: 'failed' },
  rolled_back: { label: 'Removed', tone: 'warning', meaning: 'rolled back: created, then removed when a later step failed' },
  not_sent: { label: 'Not sent', tone: 'warning', meaning: 'not sent, because an earlier step of this person failed' },
  pending: { label: 'Not sent', tone: 'neutral', meaning: 'not sent' },
};

/** Where a person stands after the run, in words a technician acts on. */
export const personStateWords: Record<PersonState, { label: string; tone: StatusTone; meaning: string }> = {
  complete: { label: 'Complete', tone: 'success', meaning: 'everything made or already there' },
  incomplete: { label: 'Incomplete', tone: 'warning', meaning: 'a step failed; what was made is kept for a resume to finish' },
  rolled_back: { label: 'Rolled back', tone: 'danger', meaning: 'a step failed; what this import made for them was deleted' },
  not_sent: { label: 'Not sent', tone: 'danger', meaning: 'a row of theirs has an error: nothing of them was sent' },
  pending: { label: 'Not done', tone: 'neutral', meaning: 'not reached yet' },
};

const planCountWords: Record<PlanAction, string> = {
  create: 'new',
  update: 'to update',
  delete: 'to delete',
  skip: 'left as they are',
  error: 'with errors',
};

/** "12 new, 3 left as they are"; "none" when the sheet needs none of this kind. */
export function planCountsWords(counts: PlanCounts): string {
  const parts = (['create', 'update', 'delete', 'skip', 'error'] as const)
    .filter((action) => counts[action] > 0)
    .map((action) => `${counts[action].toLocaleString()} ${planCountWords[action]}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/** "12 created, 1 failed"; "none" when the batch has none of this kind. */
export function outcomeCountsWords(counts: OutcomeCounts): string {
  const parts = (['created', 'updated', 'skipped', 'failed'] as const)
    .filter((outcome) => counts[outcome] > 0)
    .map((outcome) => `${counts[outcome].toLocaleString()} ${outcome === 'skipped' ? 'left as they are' : outcome}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/** Words by which a label already says its kind ("extension 1001", "Alice Smith's VMBox"). */
const kindInLabel: Record<ResourceKind, readonly string[]> = {
  user: [],
  vmbox: ['vmbox', 'voicemail'],
  device: [],
  callflow: ['extension'],
};

/** How a planned document is named in a sentence: "Phone Desk 12", "Extension 1001", "User Alice Smith". */
export function resourceName(resource: Pick<PlanResource, 'resource' | 'label'>): string {
  const { label } = resource;
  const named = kindInLabel[resource.resource].some((word) => label.toLowerCase().includes(word));
  return named ? `${label.charAt(0).toUpperCase()}${label.slice(1)}` : `${resourceKindWords[resource.resource].one} ${label}`;
}

/** One planned document in a sentence: "Phone Desk 12: new", "User Alice Smith: Email a@x → b@x", "Extension 1001: is already Bob Brown's". */
export function planResourceSentence(resource: PlanResource): string {
  const name = resourceName(resource);
  if (resource.action === 'update') {
    const changes = resource.changes.map((change) => {
      const words = changeWords(change);
      return words.before === null ? `${words.field} ${words.after}` : `${words.field} ${words.before} → ${words.after}`;
    });
    return `${name}: ${changes.join('; ') || 'update'}`;
  }
  if (resource.reason) return `${name}: ${resource.reason}`;
  return `${name}: ${resource.action === 'skip' ? 'left as it is' : 'new'}`;
}

/** One document's outcome in a sentence: "Phone Desk 12: failed: the MAC address is on another device". */
export function resultResourceSentence(resource: ResourceResult): string {
  const { meaning } = resourceOutcomeWords[resource.outcome];
  // A document not sent carries its cause in words already ("Not sent: Bob desk failed: …").
  if (resource.outcome === 'not_sent' && resource.error) return `${resourceName(resource)}: ${resource.error.message}`;
  return `${resourceName(resource)}: ${resource.error ? `${meaning}: ${resource.error.message}` : meaning}`;
}

/**
 * Why a row did not finish, in one sentence: for a person, the first of its documents that failed
 * (those after it failed because of it), else the row's own error.
 */
export function failureCause(row: RowResult): string | null {
  const first = row.person ? row.resources.find((resource) => resource.outcome === 'failed') : undefined;
  return first ? resultResourceSentence(first) : (row.error?.message ?? null);
}
