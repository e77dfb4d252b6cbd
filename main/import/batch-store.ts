import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BatchProgress, BatchSummary, RowResult } from '../../common/import/types';
import { fail, ok, type Result } from '../../common/ipc/result';
import {
  countIncompletePeople,
  countOutcomes,
  countResources,
  rowResultsOf,
  unitStatesOf,
  type ResultContext,
  type UnitStates,
} from './batch-results';
import { readJournal, type JournalReplay } from './journal';
import type { BatchSpec } from './operations';

const JOURNAL_SUFFIX = '.jsonl';
/** Batch ids become file names: nothing that could climb out of the folder. */
const BATCH_ID = /^[A-Za-z0-9_-]{1,100}$/;
const DEFAULT_LIST_LIMIT = 50;

/** A batch running in this process, which knows better than its journal how far it got. */
export interface LiveBatch {
  progress(): BatchProgress;
  results(): RowResult[];
}

export type LiveBatches = ReadonlyMap<string, LiveBatch>;

export interface StoredBatch {
  spec: BatchSpec;
  progress: BatchProgress;
  rows: RowResult[];
  file: string;
}

/** Where a batch's journal lives in the app's batch folder (`<userData>/batches/`). */
export function journalFileOf(folder: string, batchId: string): Result<string> {
  if (!BATCH_ID.test(batchId)) return fail('invalid_request', 'This batch id is not valid.', { detail: batchId });
  return ok(join(folder, `${batchId}${JOURNAL_SUFFIX}`));
}

/** The results of one batch: from its runner while it runs here, else from its journal. */
export function loadBatch(file: string, live?: LiveBatch): Result<StoredBatch> {
  const read = readJournal(file);
  if (!read.ok) return read;
  if (live) return ok({ spec: read.value.spec, progress: live.progress(), rows: live.results(), file });
  const states = unitStatesOf(read.value);
  // Nobody runs it here: unless it finished, it stopped, and people begun and not finished are incomplete.
  const context = { stopped: read.value.state !== 'finished' };
  const rows = rowResultsOf(read.value.spec, states, context);
  return ok({ spec: read.value.spec, progress: storedProgress(read.value, states, rows, context), rows, file });
}

/** The most recent batches first (by start), as the batch list and the Live view show them. */
export function listBatches(folder: string, options: { limit?: number; live?: LiveBatches } = {}): BatchSummary[] {
  const stored = storedBatches(folder, options.live);
  const undos = undosByTarget(stored);
  const summaries = stored.map((batch) =>
    summaryOf(
      batch,
      (undos.get(batch.spec.batchId) ?? []).map((undo) => undo.spec.batchId),
    ),
  );
  summaries.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  return summaries.slice(0, options.limit ?? DEFAULT_LIST_LIMIT);
}

/** The undo batches among the app's batches, by the batch each undoes, most recent first. */
export const undoBatchesOf = (folder: string): Map<string, StoredBatch[]> => undosByTarget(storedBatches(folder, undefined));

function undosByTarget(stored: readonly StoredBatch[]): Map<string, StoredBatch[]> {
  const undos = new Map<string, StoredBatch[]>();
  const newestFirst = [...stored].sort((a, b) => b.progress.startedAt.localeCompare(a.progress.startedAt));
  for (const batch of newestFirst) {
    const target = batch.spec.undoes;
    if (target !== undefined) undos.set(target, [...(undos.get(target) ?? []), batch]);
  }
  return undos;
}

function summaryOf({ spec, progress, rows }: StoredBatch, undoneBy: string[]): BatchSummary {
  return {
    batchId: progress.batchId,
    origin: progress.origin,
    undoes: spec.undoes ?? null,
    undoneBy,
    name: progress.name,
    connectionId: progress.connectionId,
    fileName: progress.fileName,
    state: progress.state,
    total: progress.total,
    created: progress.created,
    updated: progress.updated,
    deleted: progress.deleted,
    skipped: progress.skipped,
    failed: progress.failed,
    startedAt: progress.startedAt,
    finishedAt: progress.finishedAt,
    deviceIds: rows.flatMap((row) =>
      row.resources
        .filter(
          (resource) =>
            resource.resource === 'device' && (resource.outcome === 'created' || resource.outcome === 'updated') && resource.id !== null,
        )
        .map((resource) => resource.id!),
    ),
    incompletePeople: progress.incompletePeople,
  };
}

function storedBatches(folder: string, live: LiveBatches | undefined): StoredBatch[] {
  let names: string[];
  try {
    names = readdirSync(folder).filter((name) => name.endsWith(JOURNAL_SUFFIX));
  } catch {
    // No batch has run on this machine yet.
    return [];
  }
  const batches: StoredBatch[] = [];
  for (const name of names) {
    const batchId = name.slice(0, -JOURNAL_SUFFIX.length);
    const loaded = loadBatch(join(folder, name), live?.get(batchId));
    if (loaded.ok) batches.push(loaded.value);
  }
  return batches;
}

/** A batch nobody is running: unless its journal says it ended, it was interrupted. */
function storedProgress(replay: JournalReplay, states: UnitStates, rows: RowResult[], context: ResultContext): BatchProgress {
  const { spec } = replay;
  const ended = replay.state === 'finished' || replay.state === 'cancelled';
  return {
    batchId: spec.batchId,
    origin: spec.origin ?? 'import',
    name: spec.name,
    connectionId: spec.connectionId,
    fileName: spec.fileName,
    state: ended && replay.state ? replay.state : 'interrupted',
    total: rows.length,
    ...countOutcomes(rows),
    resources: countResources(spec, states),
    incompletePeople: countIncompletePeople(spec, states, context),
    ratePerSecond: 0,
    etaSeconds: null,
    throttled: 0,
    pace: null,
    startedAt: replay.startedAt ?? spec.createdAt,
    finishedAt: ended ? replay.finishedAt : null,
    changed: [],
  };
}
