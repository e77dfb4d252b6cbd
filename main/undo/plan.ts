import type { UndoAction, UndoCounts, UndoItem, UndoPlan } from '../../common/undo';
import { fail, ok, type Result } from '../../common/ipc/result';
import type { KazooClient } from '../api/client';
import { COLLECTION_OF } from '../api/document-collections';
import { newDocumentId } from '../api/devices';
import { deviceStates } from '../api/registrations';
import { BULK_IN_FLIGHT, mapInFlight } from '../devices/in-flight';
import { stepKey, type AfterImage, type BeforeImage, type JournalReplay } from '../import/journal';
import type { Step } from '../import/operations';
import type { Sealer } from '../secrets/sealer';
import { conflictOf, writtenValues } from './conflict';
import { readNow } from './read-now';
import { recreatedIdsOf } from './recreated-ids';
import { referenceNotes } from './references';
import { restoreOf } from './restore';
import { recreateOf } from './recreate-document';

type JsonObject = Record<string, unknown>;

/** What undoing one step sends, once the undo runs it. */
export type UndoRequest =
  /** `revision`: the document's as the plan read it; the undo leaves it alone if it has another when sent. */
  | { action: 'delete'; revision: string | null }
  | { action: 'update'; changes: JsonObject; revision: string | null }
  /** The before-image's document: sealed values stay sealed, the runner opens them. */
  | { action: 'create'; document: JsonObject };

/** One item of the plan with the step of the batch it undoes and what undoing it sends (null: nothing to send). */
export interface UndoEntry {
  unit: number;
  step: number;
  item: UndoItem;
  request: UndoRequest | null;
}

/** The plan as shown, and what the undo batch is built from. */
export interface PlannedUndo {
  plan: UndoPlan;
  entries: UndoEntry[];
}

export interface UndoPlanInput {
  /** The journal of the batch to undo. */
  replay: JournalReplay;
  /** The journals of undo batches already run for it, most recent first: what they re-created lives under their ids. */
  earlierUndos: JournalReplay[];
  client: KazooClient;
  sealer: Sealer;
  now: Date;
}

/** A step the batch changed, and what undoing it means, before the account is read. */
interface Candidate {
  unit: number;
  step: number;
  source: Step;
  action: Exclude<UndoAction, 'nothing'>;
  /** The document's id now (a re-create's: the id it had). */
  id: string;
  after: AfterImage | undefined;
  before: BeforeImage | undefined;
  /** Sent, and its answer never came. */
  unanswered: boolean;
}

const NOTHING_SENT = { action: 'nothing' as const, fields: [], conflict: null };

/**
 * What undoing a batch would do, from its journal and the account now: delete what it created,
 * restore what it updated, re-create what it deleted, per unit in reverse order of its steps (a
 * person's callflow, phones, voicemail box, then user). Each document is read now: one already
 * as before needs nothing, one changed since the batch is a conflict, left alone unless ticked.
 */
export async function planUndo(input: UndoPlanInput): Promise<Result<PlannedUndo>> {
  const { replay, client, sealer } = input;
  const candidates = candidatesOf(replay);
  const recreated = recreatedIdsOf(input.earlierUndos);
  const entries = await mapInFlight(candidates, BULK_IN_FLIGHT, (candidate) => entryOf(candidate, client, sealer, recreated));
  const failed = entries.find((entry) => !entry.ok);
  if (failed && !failed.ok) return failed;
  const planned = entries.flatMap((entry) => (entry.ok && entry.value !== null ? [entry.value] : []));
  await markRegistered(client, planned);
  await noteReferences(client, planned);
  const items = planned.map((entry) => entry.item);
  const { spec } = replay;
  return ok({
    plan: {
      planId: newDocumentId(),
      batchId: spec.batchId,
      batchName: spec.name,
      connectionId: spec.connectionId,
      items,
      counts: countsOf(items),
      sealedWith: sealer.keptIn,
      unreadableSecrets: planned.filter((entry) => entry.unreadable).length,
      undoneBy: input.earlierUndos.map((undo) => undo.spec.batchId),
      createdAt: input.now.toISOString(),
    },
    entries: planned.map(({ unreadable: _counted, ...entry }) => entry),
  });
}

/** Per unit, its steps from last to first: each one the batch created, updated or deleted. */
function candidatesOf(replay: JournalReplay): Candidate[] {
  return replay.spec.units.flatMap((unit, unitIndex) =>
    unit.steps
      .map((source, stepIndex): Candidate | undefined => {
        const key = stepKey(unitIndex, stepIndex);
        const done = replay.done.get(key);
        const before = replay.before.get(key);
        // Sent and never answered (a cancel, a crash): the server may have carried it out, so the read now decides.
        const unanswered = !done && (replay.attempts.get(key) ?? 0) > 0;
        const action = done ? UNDO_OF[done.outcome] : unanswered ? UNANSWERED_UNDO_OF[source.action] : undefined;
        if (!action) return undefined;
        const id = done?.id ?? replay.reassigned.get(key) ?? ('id' in source ? source.id : null);
        if (id === null) return undefined;
        return { unit: unitIndex, step: stepIndex, source, action, id, after: done?.after, before, unanswered };
      })
      .filter((candidate) => candidate !== undefined)
      .reverse(),
  );
}

/** A step that created (even one a rollback could not delete), updated or deleted its document; the others changed nothing. */
const UNDO_OF: Partial<Record<string, Candidate['action']>> = { created: 'delete', updated: 'restore', deleted: 'recreate' };

/** A step sent without an answer, undone as if it had been carried out: reading the document now tells whether it was. */
const UNANSWERED_UNDO_OF: Partial<Record<Step['action'], Candidate['action']>> = {
  create: 'delete',
  update: 'restore',
  delete: 'recreate',
};

type PlannedEntry = UndoEntry & { unreadable: boolean };

async function entryOf(
  candidate: Candidate,
  client: KazooClient,
  sealer: Sealer,
  recreated: ReadonlyMap<string, string>,
): Promise<Result<PlannedEntry | null>> {
  const { source, id } = candidate;
  const liveId = candidate.action === 'recreate' ? (recreated.get(id) ?? id) : id;
  const read = await readNow(client, COLLECTION_OF[source.resource], liveId);
  if (!read.ok) {
    return fail(read.error.kind, `Could not read ${source.label} to plan the undo: ${read.error.message}`, {
      ...(read.error.detail ? { detail: read.error.detail } : {}),
    });
  }
  const now = read.value;
  const known = now?.document ?? (candidate.before?.kind === 'document' ? candidate.before.document : undefined);
  const base = {
    key: stepKey(candidate.unit, candidate.step),
    resource: source.resource,
    id,
    name: nameOf(source.label, id, known),
    registered: null,
  };
  const nothing = (note: string): Result<PlannedEntry | null> =>
    ok({ unit: candidate.unit, step: candidate.step, item: { ...base, ...NOTHING_SENT, note }, request: null, unreadable: false });
  const entry = (item: Omit<UndoItem, keyof typeof base>, request: UndoRequest, unreadable = false): Result<PlannedEntry | null> =>
    ok({ unit: candidate.unit, step: candidate.step, item: { ...base, ...item }, request, unreadable });

  switch (candidate.action) {
    case 'delete': {
      if (now === null) return candidate.unanswered ? ok(null) : nothing('Already deleted.');
      if (candidate.unanswered) {
        return entry(
          { action: 'delete', fields: [], conflict: null, note: 'Its answer never came; it is on the server.' },
          { action: 'delete', revision: now.revision },
        );
      }
      const conflict = conflictOf(candidate.after, now, writtenOf(source, sealer));
      return entry({ action: 'delete', fields: [], conflict, note: null }, { action: 'delete', revision: now.revision });
    }
    case 'restore': {
      const before = candidate.before;
      if (before?.kind !== 'fields') return nothing('The batch did not record this document as it was before, so it cannot be put back.');
      if (now === null) return nothing('Deleted since the batch: there is nothing to put back.');
      const restore = restoreOf(before.fields, now.document, sealer);
      const note = restore.unreadable.length > 0 ? unreadableNote(restore.unreadable, sealer, 'left as it is now') : null;
      if (restore.fields.length === 0) return nothing(note ?? 'Already as before.');
      // Unanswered, there is no after-image to compare: what differs from before is what it (or the answer it never gave) changed.
      const conflict = candidate.unanswered ? null : conflictOf(candidate.after, now, writtenOf(source, sealer));
      return entry(
        { action: 'restore', fields: restore.fields, conflict, note },
        { action: 'update', changes: restore.changes, revision: now.revision },
        restore.unreadable.length > 0,
      );
    }
    case 'recreate': {
      const before = candidate.before;
      if (before?.kind === 'missing') return nothing('It was already gone when the batch ran: there is nothing to re-create.');
      if (before?.kind !== 'document')
        return nothing('The batch did not record this document before deleting it, so it cannot be re-created.');
      if (now !== null && candidate.unanswered && liveId === id) return ok(null);
      if (now !== null) return nothing(liveId === id ? 'Already there again.' : `Already re-created (as ${liveId}).`);
      const recreate = recreateOf(source.resource, before.document, sealer);
      const notes = [
        ...(recreate.unreadable.length > 0 ? [unreadableNote(recreate.unreadable, sealer, 're-created without it')] : []),
        ...(recreate.newPassword ? ['The server never gives a password back: the user is re-created with a new one.'] : []),
      ];
      return entry(
        { action: 'recreate', fields: [], conflict: null, note: notes.length > 0 ? notes.join(' ') : null },
        { action: 'create', document: recreate.document },
        recreate.unreadable.length > 0,
      );
    }
  }
}

/** The step's label, unless all it knew was the id (a bulk action on phones the list had not shown yet): then the document's own name. */
function nameOf(label: string, id: string, document: JsonObject | undefined): string {
  if (label !== id || !document) return label;
  const { name, first_name: first, last_name: last } = document;
  if (typeof name === 'string' && name !== '') return name;
  const full = [first, last].filter((part) => typeof part === 'string' && part !== '').join(' ');
  return full === '' ? label : full;
}

/** What the step wrote, to name the fields a conflict concerns. */
function writtenOf(source: Step, sealer: Sealer): Map<string, unknown> {
  if (source.action === 'create') return writtenValues(source.document, sealer);
  if (source.action === 'update') return writtenValues(source.changes, sealer);
  return new Map();
}

/** Why a secret from before cannot be put back, and what the undo does instead. */
function unreadableNote(paths: readonly string[], sealer: Sealer, instead: 'left as it is now' | 're-created without it'): string {
  const why =
    sealer.keptIn === 'memory'
      ? 'it was sealed by an earlier run, and without a keychain each run has a key of its own'
      : 'the keychain no longer has the key it was sealed with';
  return `${paths.join(', ')} from before cannot be read (${why}): ${instead}.`;
}

/** Devices registered right now, from one read of the account's registration states; unknown when it fails. */
async function markRegistered(client: KazooClient, entries: PlannedEntry[]): Promise<void> {
  const devices = entries.filter((entry) => entry.item.resource === 'device');
  if (devices.length === 0) return;
  const states = await deviceStates(client, { priority: 'interactive' });
  for (const entry of devices) {
    entry.item = { ...entry.item, registered: states.ok ? states.value.get(entry.item.id) === 'registered' : null };
  }
}

/** Appends to each deleted or re-created item what on the account would still name its old id. */
async function noteReferences(client: KazooClient, entries: PlannedEntry[]): Promise<void> {
  const notes = await referenceNotes(
    client,
    entries.map((entry) => entry.item),
  );
  for (const entry of entries) {
    const references = notes.get(entry.item.key);
    if (references) entry.item = { ...entry.item, note: entry.item.note ? `${entry.item.note} ${references}` : references };
  }
}

function countsOf(items: readonly UndoItem[]): UndoCounts {
  const counts: UndoCounts = { delete: 0, restore: 0, recreate: 0, nothing: 0, conflicts: 0 };
  for (const item of items) {
    counts[item.action] += 1;
    if (item.conflict) counts.conflicts += 1;
  }
  return counts;
}
