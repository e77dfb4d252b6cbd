import { mkdirSync } from 'node:fs';
import { applyEdits, applyMapping, loadDraft, type LoadOptions } from '../../common/import/load';
import { savedMappingFrom, type SavedMapping } from '../../common/import/mapping';
import type {
  BatchProgress,
  BatchSummary,
  CellIssue,
  ImportDraft,
  ImportPlan,
  ImportRow,
  MatchKey,
  OnExisting,
  RowResult,
} from '../../common/import/types';
import { fail, ok, type Result } from '../../common/ipc/result';
import { newDocumentId } from '../api/devices';
import type { Logger } from '../log';
import type { ClientRegistry } from '../profiles/client-registry';
import type { ConnectionService } from '../profiles/connection-service';
import type { ProfileStore } from '../profiles/profile-store';
import { journalFileOf, listBatches, loadBatch } from './batch-store';
import { draftView, type DraftEntry } from './draft-entry';
import type { BatchSpec } from './operations';
import { planDraft } from './plan-draft';
import { buildReport } from './report';
import { openBatchRunner, type BatchControl, type BatchRunner } from './runner';
import { schemaIssuesOf } from './schema-check';

const MAPPING_SETTING = 'import.mapping';
const allRows = (draft: ImportDraft) => draft.rows.keys();

export interface ImportServiceDeps {
  connections: ConnectionService;
  clients: ClientRegistry;
  profiles: ProfileStore;
  /** `<userData>/batches`: one journal per batch. */
  batchesDir: string;
  log: Logger;
  onProgress: (progress: BatchProgress) => void;
  now?: () => Date;
}

export interface ImportService {
  load(input: { fileName: string; bytes: Uint8Array }): Promise<Result<ImportDraft>>;
  configure(
    input: Pick<LoadOptions, 'encoding' | 'delimiter' | 'headerRow' | 'mapping'> & { draftId: string },
  ): Promise<Result<ImportDraft>>;
  editCells(input: {
    draftId: string;
    edits: Array<{ row: number; sourceColumn: number; value: string }>;
  }): Result<{ rows: Array<{ index: number; row: ImportRow }>; issues: CellIssue[] }>;
  plan(input: { draftId: string; match: MatchKey; onExisting: OnExisting }): Promise<Result<ImportPlan>>;
  start(input: { draftId: string; name: string }): Promise<Result<BatchProgress>>;
  control(input: { batchId: string; action: BatchControl }): Promise<Result<BatchProgress>>;
  batches(): BatchSummary[];
  results(batchId: string): Result<{ progress: BatchProgress; rows: RowResult[] }>;
  report(input: { batchId: string; includePasswords: boolean }): Result<{ fileName: string; csv: string }>;
  /** Waits for running batches to reach a journal-safe point (tests, quit). */
  close(): Promise<void>;
}

/**
 * The import as the app and the CLI drive it: a file becomes a checked draft (row rules and
 * KAZOO's schema), the draft a plan against the live account, the plan a journaled batch.
 */
export function createImportService(deps: ImportServiceDeps): ImportService {
  const now = deps.now ?? (() => new Date());
  const drafts = new Map<string, DraftEntry>();
  const running = new Map<string, BatchRunner>();
  mkdirSync(deps.batchesDir, { recursive: true, mode: 0o700 });

  const entryOf = (draftId: string): Result<DraftEntry> => {
    const entry = drafts.get(draftId);
    return entry ? ok(entry) : fail('not_found', 'This file is no longer loaded (the app was restarted). Drop the file again.');
  };

  const savedMapping = async (): Promise<SavedMapping | undefined> => {
    const active = await deps.profiles.getActive();
    if (!active) return undefined;
    const saved = await deps.profiles.getSetting(active.id, MAPPING_SETTING);
    return typeof saved === 'object' && saved !== null ? (saved as SavedMapping) : undefined;
  };

  const store = (entry: Omit<DraftEntry, 'schemaIssues' | 'version' | 'plan'>, previous?: DraftEntry): DraftEntry => {
    const next: DraftEntry = {
      ...entry,
      schemaIssues: schemaIssuesOf(entry.draft, allRows(entry.draft)),
      version: (previous?.version ?? 0) + 1,
      plan: null,
    };
    drafts.set(entry.draft.id, next);
    return next;
  };

  const runnerFor = async (batchId: string, file: string, spec?: BatchSpec): Promise<Result<BatchRunner>> => {
    const stored = spec ? null : loadBatch(file);
    if (stored && !stored.ok) return stored;
    const connectionId = spec?.connectionId ?? (stored?.ok ? stored.value.spec.connectionId : '');
    const profile = await deps.connections.resolve(connectionId);
    if (!profile.ok) return profile;
    const client = await deps.clients.clientFor(profile.value);
    if (!client.ok) return client;
    const runner = openBatchRunner(spec ? { file, spec } : { file }, { client: client.value, log: deps.log, onProgress: deps.onProgress });
    if (!runner.ok) return runner;
    running.set(batchId, runner.value);
    void runner.value.run().then((result) => {
      if (!result.ok) deps.log.error('import.batch_failed', { batchId, error: result.error });
    });
    return runner;
  };

  return {
    async load({ fileName, bytes }) {
      const id = newDocumentId();
      const loaded = loadDraft({ id, fileName, bytes, savedMapping: await savedMapping() });
      if (!loaded.ok) return fail('invalid_request', loaded.message);
      return ok(draftView(store({ draft: loaded.draft, bytes })));
    },

    async configure({ draftId, ...choices }) {
      const entry = entryOf(draftId);
      if (!entry.ok) return entry;
      const { draft, bytes } = entry.value;
      const rereads = choices.encoding !== undefined || choices.delimiter !== undefined || choices.headerRow !== undefined;
      const next = rereads
        ? loadDraft({
            id: draftId,
            fileName: draft.source.fileName,
            bytes,
            encoding: choices.encoding ?? draft.source.encoding,
            delimiter: choices.delimiter ?? draft.source.delimiter,
            headerRow: choices.headerRow ?? draft.source.headerRow,
            ...(choices.mapping ? { mapping: choices.mapping } : { savedMapping: await savedMapping() }),
          })
        : choices.mapping
          ? applyMapping(draft, choices.mapping)
          : ({ ok: true, draft } as const);
      if (!next.ok) return fail('invalid_request', next.message);
      return ok(draftView(store({ draft: next.draft, bytes }, entry.value)));
    },

    editCells({ draftId, edits }) {
      const entry = entryOf(draftId);
      if (!entry.ok) return entry;
      const edited = applyEdits(entry.value.draft, edits);
      if (!edited.ok) return fail('invalid_request', edited.message);
      const schemaIssues = new Map(entry.value.schemaIssues);
      for (const index of edited.editedRows) schemaIssues.delete(index);
      for (const [index, issues] of schemaIssuesOf(edited.draft, edited.editedRows)) schemaIssues.set(index, issues);
      const next: DraftEntry = { ...entry.value, draft: edited.draft, schemaIssues, version: entry.value.version + 1, plan: null };
      drafts.set(draftId, next);
      const view = draftView(next);
      return ok({ rows: edited.editedRows.map((index) => ({ index, row: edited.draft.rows[index] as ImportRow })), issues: view.issues });
    },

    async plan({ draftId, match, onExisting }) {
      const entry = entryOf(draftId);
      if (!entry.ok) return entry;
      const profile = await deps.connections.active();
      if (!profile.ok) return profile;
      const client = await deps.clients.clientFor(profile.value);
      if (!client.ok) return client;
      const view = draftView(entry.value);
      const planned = await planDraft({ draft: view, client: client.value, match, onExisting, now: now() });
      if (!planned.ok) return planned;
      // The mapping that led to a plan is the one to offer for this connection's next file.
      await deps.profiles.setSetting(profile.value.id, MAPPING_SETTING, savedMappingFrom(view.headers, view.mapping));
      const plan = planned.value.view;
      drafts.set(draftId, {
        ...entry.value,
        plan: { version: entry.value.version, connectionId: profile.value.id, view: plan, operations: planned.value.operations },
      });
      return ok(plan);
    },

    async start({ draftId, name }) {
      const entry = entryOf(draftId);
      if (!entry.ok) return entry;
      const { plan, draft } = entry.value;
      if (!plan || plan.version !== entry.value.version) {
        return fail('invalid_request', 'The file changed after the plan was made. Review the plan again, then start.');
      }
      const batchId = newDocumentId();
      const file = journalFileOf(deps.batchesDir, batchId);
      if (!file.ok) return file;
      const spec: BatchSpec = {
        batchId,
        name,
        connectionId: plan.connectionId,
        fileName: draft.source.fileName,
        createdAt: now().toISOString(),
        headers: draft.headers,
        mapping: draft.mapping,
        rows: draft.rows,
        operations: plan.operations,
      };
      const runner = await runnerFor(batchId, file.value, spec);
      return runner.ok ? ok(runner.value.progress()) : runner;
    },

    async control({ batchId, action }) {
      const live = running.get(batchId);
      if (live) return live.control(action);
      const file = journalFileOf(deps.batchesDir, batchId);
      if (!file.ok) return file;
      if (action !== 'resume') return fail('invalid_request', 'This batch is not running in this window. Resume it first.');
      // A batch left behind by a crash or a closed laptop: continue from its journal.
      const runner = await runnerFor(batchId, file.value);
      return runner.ok ? ok(runner.value.progress()) : runner;
    },

    batches: () => listBatches(deps.batchesDir, { live: running }),

    results(batchId) {
      const file = journalFileOf(deps.batchesDir, batchId);
      if (!file.ok) return file;
      const stored = loadBatch(file.value, running.get(batchId));
      return stored.ok ? ok({ progress: stored.value.progress, rows: stored.value.rows }) : stored;
    },

    report({ batchId, includePasswords }) {
      const file = journalFileOf(deps.batchesDir, batchId);
      if (!file.ok) return file;
      const stored = loadBatch(file.value, running.get(batchId));
      return stored.ok ? ok(buildReport(stored.value.spec, stored.value.rows, { includePasswords })) : stored;
    },

    async close() {
      for (const runner of running.values()) runner.control('pause');
      await Promise.all([...running.values()].map((runner) => runner.whenIdle()));
    },
  };
}
