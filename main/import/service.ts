import { applyEdits, type LoadOptions } from '../../common/import/load';
import { savedMappingFrom, type SavedMapping } from '../../common/import/mapping';
import { draftProblems } from '../../common/import/problems';
import type {
  BatchProgress,
  ColumnMapping,
  BatchSummary,
  CellIssue,
  DraftAccount,
  ImportDraft,
  ImportPlan,
  ImportRow,
  MatchKey,
  OnExisting,
  OnPersonFailure,
  PlanRow,
  RowResult,
} from '../../common/import/types';
import { rowLabel } from '../../common/import/row-label';
import { fail, ok, type Result } from '../../common/ipc/result';
import { finish } from '../../common/steps';
import { newDocumentId } from '../api/devices';
import type { AuditSink } from '../audit/audit-sink';
import type { Logger } from '../log';
import { ensurePrivateDir } from '../private-dir';
import { isEnvironmentConnectionId, type Connection } from '../profiles/connection';
import type { Sealer } from '../secrets/sealer';
import type { ConnectionService } from '../profiles/connection-service';
import type { ProfileStore } from '../profiles/profile-store';
import { accountIssuesOf, readAccount } from './account-check';
import { journalFileOf, listBatches, loadBatch, undoBatchesOf, type StoredBatch } from './batch-store';
import { draftView, type AccountCheck, type DraftEntry } from './draft-entry';
import type { BatchSpec } from './operations';
import { planDraft } from './plan-draft';
import { prepareDraft, type DraftJob, type PreparedDraft } from './prepare-draft';
import { buildReport } from './report';
import { openBatchRunner, type BatchControl, type BatchRunner, type BatchRunnerOptions, type BatchRunResult } from './runner';
import { schemaIssuesOf } from './schema-check';
import { runSliced } from './sliced';

const MAPPING_SETTING = 'import.mapping';

export interface ImportServiceDeps {
  /** Opens the saved connection a batch was started on, to resume it. */
  connections: Pick<ConnectionService, 'open'>;
  profiles: Pick<ProfileStore, 'getSetting' | 'setSetting'>;
  /** `<userData>/batches`: one journal per batch. */
  batchesDir: string;
  log: Logger;
  onProgress: (progress: BatchProgress) => void;
  /** Seals the secrets batches journal (before-images), opened when the first batch runs. */
  sealer: () => Promise<Sealer>;
  /** The audit log of a connection's account, which every batch on it records its changes in. */
  auditFor: (connection: Connection) => AuditSink;
  now?: () => Date;
}

export interface LoadInput {
  fileName: string;
  bytes: Uint8Array;
  /** The saved connection whose remembered column choices to offer, or null. */
  connectionId: string | null;
  /** Column choices given outright (the command line's --mapping), in place of the remembered ones. */
  mapping?: SavedMapping;
  /**
   * Opens the connection whose account the rows are checked against (unknown owners, MACs, SIP
   * usernames and extensions in use), read once for this file. A file is checked on its own when
   * there is none, or when it cannot be opened (a locked keychain, no network): the draft says so.
   */
  account?: () => Promise<Result<Connection>>;
}

export interface ImportService {
  load(input: LoadInput): Promise<Result<ImportDraft>>;
  configure(
    input: Pick<LoadOptions, 'encoding' | 'delimiter' | 'headerRow' | 'mapping'> & { draftId: string },
  ): Promise<Result<ImportDraft>>;
  editCells(input: {
    draftId: string;
    edits: Array<{ row: number; sourceColumn: number; value: string }>;
  }): Result<{ rows: Array<{ index: number; row: ImportRow }>; issues: CellIssue[]; account: DraftAccount | null }>;
  /** `revealPasswords` (the command line's --report-passwords, never the window's) shows SIP passwords in the changes of updates. */
  plan(
    connection: Connection,
    input: { draftId: string; match: MatchKey; onExisting: OnExisting; onExistingPerson: OnExisting; revealPasswords?: boolean },
  ): Promise<Result<ImportPlan>>;
  /**
   * Runs the plan `planId` of the draft as a batch; its journal goes to the app's batch folder
   * unless `journal` names a file. Refused when that plan is no longer the draft's latest, or
   * when it changes SIP credentials or owners of registered phones not all listed in
   * `confirmedRegisteredDeviceIds`. `onFailure` says what happens to a person one of whose steps
   * fails; new users get the server's welcome e-mail only with `sendWelcomeEmail`.
   */
  start(
    connection: Connection,
    input: {
      draftId: string;
      planId: string;
      name: string;
      confirmedRegisteredDeviceIds: readonly string[];
      onFailure: OnPersonFailure;
      sendWelcomeEmail: boolean;
      journal?: string;
    },
  ): Promise<Result<BatchProgress>>;
  /**
   * Runs a batch that did not come from a sheet (a bulk action, an undo) through the same paced,
   * journaled, resumable runner; its journal goes to the app's batch folder.
   */
  run(connection: Connection, spec: BatchSpec): Result<BatchProgress>;
  /**
   * Pause, cancel, charges for a running batch; resume continues one left unfinished, on the
   * connection it was started on unless `connection` says which (a script's unsaved one).
   */
  control(input: { batchId: string; action: BatchControl }, connection?: Connection): Promise<Result<BatchProgress>>;
  /** Continues the batch of a journal kept outside the app's batch folder (the command line's --journal), as `control` resumes. */
  resumeJournal(file: string, connection?: Connection): Promise<Result<BatchProgress>>;
  /** The end of a batch running here (finished, cancelled, or stopped by a fatal error). */
  settled(batchId: string): Promise<Result<BatchRunResult>>;
  batches(): BatchSummary[];
  results(batchId: string): Result<{ progress: BatchProgress; rows: RowResult[] }>;
  report(input: { batchId: string; includePasswords: boolean }): Promise<Result<{ fileName: string; csv: string }>>;
  /** Waits for running batches to reach a journal-safe point (tests, quit). */
  close(): Promise<void>;
}

/**
 * The import as the app and the CLI drive it: a file becomes a checked draft (row rules and
 * KAZOO's schema), the draft a plan against the account of a connection, the plan a journaled
 * batch that either host can list and resume.
 */
export function createImportService(deps: ImportServiceDeps): ImportService {
  const now = deps.now ?? (() => new Date());
  const drafts = new Map<string, DraftEntry>();
  const running = new Map<string, BatchRunner>();
  /** Journals this process opened outside the batch folder, by batch id. */
  const journalsElsewhere = new Map<string, string>();
  ensurePrivateDir(deps.batchesDir);

  const notLoaded = () =>
    fail('not_found', 'This file is no longer loaded (the app was restarted, or another file was loaded). Drop the file again.');
  const entryOf = (draftId: string): Result<DraftEntry> => {
    const entry = drafts.get(draftId);
    return entry ? ok(entry) : notLoaded();
  };

  const journalOf = (batchId: string): Result<string> => {
    const elsewhere = journalsElsewhere.get(batchId);
    return elsewhere ? ok(elsewhere) : journalFileOf(deps.batchesDir, batchId);
  };

  const rememberedMapping = async (connectionId: string | null): Promise<SavedMapping | undefined> => {
    if (connectionId === null) return undefined;
    const saved = await deps.profiles.getSetting(connectionId, MAPPING_SETTING);
    return typeof saved === 'object' && saved !== null ? (saved as SavedMapping) : undefined;
  };

  /** The account's findings for every row of a new or re-read draft, from the account read when its file was loaded. */
  const withAccountIssues = async (draft: ImportDraft, account: AccountCheck | null): Promise<AccountCheck | null> =>
    account?.status === 'checked'
      ? { ...account, issues: await runSliced(accountIssuesOf(draft, account.snapshot, draft.rows.keys())) }
      : account;

  /** Read once per file, and only for a file that can be imported: one without names or rows needs no account yet. */
  const checkAccount = async (draft: ImportDraft, open: LoadInput['account']): Promise<AccountCheck | null> => {
    if (!open || draftProblems(draft).length > 0) return null;
    const connection = await open();
    if (!connection.ok) return { status: 'unavailable', connectionName: null, message: connection.error.message };
    const snapshot = await readAccount(connection.value.client);
    const connectionName = connection.value.name;
    if (!snapshot.ok) return { status: 'unavailable', connectionName, message: snapshot.error.message };
    // `withAccountIssues` finds the rows' issues against it.
    return { status: 'checked', connectionName, snapshot: snapshot.value, issues: new Map() };
  };

  const store = (
    { draft, schemaIssues }: PreparedDraft,
    entry: Pick<DraftEntry, 'bytes' | 'savedMapping' | 'account' | 'openAccount'>,
    previous?: DraftEntry,
  ): DraftEntry => {
    const next: DraftEntry = {
      ...entry,
      draft,
      schemaIssues: new Map(schemaIssues),
      version: (previous?.version ?? 0) + 1,
      plan: null,
    };
    drafts.set(draft.id, next);
    return next;
  };

  /** The connection a stored batch belongs to, or the one given after checking it is that one. */
  const connectionOfBatch = async (spec: BatchSpec, given: Connection | undefined): Promise<Result<Connection>> => {
    if (given) {
      return given.id === spec.connectionId
        ? ok(given)
        : fail('invalid_request', `“${spec.name}” was started on another connection. Resume it with the connection it was started on.`, {
            detail: spec.connectionId,
          });
    }
    if (isEnvironmentConnectionId(spec.connectionId)) {
      return fail(
        'invalid_request',
        `“${spec.name}” was started from the command line with AUDIAN_* variables, not a saved connection. Resume it there with the same variables: audian-provision import --resume --batch ${spec.batchId}`,
      );
    }
    return deps.connections.open({ kind: 'saved', id: spec.connectionId });
  };

  const runnerOptions = (connection: Connection): BatchRunnerOptions => ({
    client: connection.client,
    log: deps.log,
    onProgress: deps.onProgress,
    sealer: deps.sealer(),
    audit: deps.auditFor(connection),
  });

  const launch = (runner: BatchRunner): BatchProgress => {
    running.set(runner.batchId, runner);
    void runner.run().then((result) => {
      if (!result.ok) deps.log.error('import.batch_failed', { batchId: runner.batchId, error: result.error });
    });
    return runner.progress();
  };

  const resume = async (stored: StoredBatch, given: Connection | undefined): Promise<Result<BatchProgress>> => {
    const refused = resumeRefusal(stored.spec, undoBatchesOf(deps.batchesDir));
    if (!refused.ok) return refused;
    const connection = await connectionOfBatch(stored.spec, given);
    if (!connection.ok) return connection;
    const runner = openBatchRunner({ file: stored.file }, runnerOptions(connection.value));
    return runner.ok ? ok(launch(runner.value)) : runner;
  };

  return {
    async load({ fileName, bytes, connectionId, mapping, account }) {
      const savedMapping = mapping ?? (await rememberedMapping(connectionId));
      const prepared = await runSliced(prepareDraft({ kind: 'read', options: { id: newDocumentId(), fileName, bytes, savedMapping } }));
      if (!prepared.ok) return prepared;
      const checked = await withAccountIssues(prepared.value.draft, await checkAccount(prepared.value.draft, account));
      // One file is prepared at a time (the wizard, a command): the ones before it are let go, with their bytes.
      drafts.clear();
      return ok(draftView(store(prepared.value, { bytes, savedMapping, account: checked, openAccount: account })));
    },

    async configure({ draftId, ...choices }) {
      const entry = entryOf(draftId);
      if (!entry.ok) return entry;
      const { draft, bytes, savedMapping } = entry.value;
      const rereads = choices.encoding !== undefined || choices.delimiter !== undefined || choices.headerRow !== undefined;
      if (!rereads && !choices.mapping) return ok(draftView(entry.value));
      const job: DraftJob = rereads
        ? {
            kind: 'read',
            options: {
              id: draftId,
              fileName: draft.source.fileName,
              bytes,
              encoding: choices.encoding ?? draft.source.encoding,
              delimiter: choices.delimiter ?? draft.source.delimiter,
              headerRow: choices.headerRow ?? draft.source.headerRow,
              ...(choices.mapping ? { mapping: choices.mapping } : { savedMapping }),
            },
          }
        : { kind: 'remap', draft, mapping: choices.mapping as ColumnMapping };
      const prepared = await runSliced(prepareDraft(job));
      if (!prepared.ok) return prepared;
      // A file that could not be imported as first read (no name column) is checked against the account once it can be.
      const account = await withAccountIssues(
        prepared.value.draft,
        entry.value.account ?? (await checkAccount(prepared.value.draft, entry.value.openAccount)),
      );
      const current = drafts.get(draftId);
      // Another file, or newer choices for this one, came while this was read: theirs stand.
      if (current !== entry.value) return current ? ok(draftView(current)) : notLoaded();
      return ok(draftView(store(prepared.value, { ...entry.value, account }, entry.value)));
    },

    editCells({ draftId, edits }) {
      const entry = entryOf(draftId);
      if (!entry.ok) return entry;
      const edited = applyEdits(entry.value.draft, edits);
      if (!edited.ok) return edited;
      const { draft, editedRows } = edited.value;
      const schemaIssues = new Map(entry.value.schemaIssues);
      for (const index of editedRows) schemaIssues.delete(index);
      for (const [index, issues] of finish(schemaIssuesOf(draft, editedRows))) schemaIssues.set(index, issues);
      let { account } = entry.value;
      if (account?.status === 'checked') {
        const issues = new Map(account.issues);
        for (const index of editedRows) issues.delete(index);
        for (const [index, found] of finish(accountIssuesOf(draft, account.snapshot, editedRows))) issues.set(index, found);
        account = { ...account, issues };
      }
      const next: DraftEntry = { ...entry.value, draft, schemaIssues, account, version: entry.value.version + 1, plan: null };
      drafts.set(draftId, next);
      const view = draftView(next);
      return ok({
        rows: editedRows.map((index) => ({ index, row: draft.rows[index] as ImportRow })),
        issues: view.issues,
        account: view.account,
      });
    },

    async plan(connection, { draftId, match, onExisting, onExistingPerson, revealPasswords }) {
      const entry = entryOf(draftId);
      if (!entry.ok) return entry;
      const view = draftView(entry.value);
      const problems = draftProblems(view);
      if (problems.length > 0) return fail('invalid_request', `${view.source.fileName}: ${problems.join(' ')}`);
      const planned = await planDraft({
        draft: view,
        client: connection.client,
        match,
        onExisting,
        onExistingPerson,
        revealPasswords,
        now: now(),
      });
      if (!planned.ok) return planned;
      // The file changed, or another plan was asked for, while this one was made: that one is the plan to start.
      if (drafts.get(draftId) !== entry.value) return ok(planned.value.view);
      // The mapping that led to a plan is the one to offer for this connection's next file.
      if (connection.saved) await deps.profiles.setSetting(connection.id, MAPPING_SETTING, savedMappingFrom(view.headers, view.mapping));
      const plan = planned.value.view;
      drafts.set(draftId, {
        ...entry.value,
        plan: {
          version: entry.value.version,
          connectionId: connection.id,
          view: plan,
          units: planned.value.units,
          sheetRows: planned.value.sheetRows,
        },
      });
      return ok(plan);
    },

    async start(connection, { draftId, planId, name, confirmedRegisteredDeviceIds, onFailure, sendWelcomeEmail, journal }) {
      const entry = entryOf(draftId);
      if (!entry.ok) return entry;
      const { plan, draft } = entry.value;
      if (!plan)
        return fail(
          'invalid_request',
          'There is no plan to start: the file changed after the plan was made, or the plan was started already. Make the plan again, then start.',
        );
      if (plan.version !== entry.value.version) {
        return fail('invalid_request', 'The file changed after the plan was made. Review the plan again, then start.');
      }
      if (plan.connectionId !== connection.id) {
        return fail('invalid_request', 'The plan was made on another connection. Review the plan again, then start.');
      }
      if (plan.view.planId !== planId) {
        return fail('invalid_request', 'The plan was made again after the one shown. Review the new plan, then start.');
      }
      const confirmed = new Set(confirmedRegisteredDeviceIds);
      const unconfirmed = plan.view.rows.filter((row) => row.disruptsRegisteredPhone && !confirmed.has(row.deviceId ?? ''));
      if (unconfirmed.length > 0) return fail('invalid_request', unconfirmedMessage(unconfirmed));
      const batchId = newDocumentId();
      const file = journal === undefined ? journalFileOf(deps.batchesDir, batchId) : ok(journal);
      if (!file.ok) return file;
      if (journal !== undefined) journalsElsewhere.set(batchId, journal);
      const spec: BatchSpec = {
        batchId,
        name,
        connectionId: connection.id,
        fileName: draft.source.fileName,
        createdAt: now().toISOString(),
        headers: draft.headers,
        mapping: draft.mapping,
        rows: draft.rows,
        sheetRows: plan.sheetRows,
        units: plan.units,
        onFailure,
        sendWelcomeEmail,
      };
      const runner = openBatchRunner({ file: file.value, spec }, runnerOptions(connection));
      if (!runner.ok) return runner;
      // A plan runs once: a second batch of the same ids would take the first one's documents for its own.
      drafts.set(draftId, { ...entry.value, plan: null });
      return ok(launch(runner.value));
    },

    run(connection, spec) {
      if (spec.connectionId !== connection.id) return fail('invalid_request', 'This batch belongs to another connection.');
      const file = journalFileOf(deps.batchesDir, spec.batchId);
      if (!file.ok) return file;
      const runner = openBatchRunner({ file: file.value, spec }, runnerOptions(connection));
      return runner.ok ? ok(launch(runner.value)) : runner;
    },

    async control({ batchId, action }, connection) {
      const current = running.get(batchId);
      // A batch that finished with people kept half-made (or a rollback left undone) resumes as a new run.
      if (current && !(action === 'resume' && current.endedWithWorkLeft)) return current.control(action);
      const file = journalOf(batchId);
      if (!file.ok) return file;
      if (action !== 'resume') return fail('invalid_request', 'This batch is not running here. Resume it first.');
      const stored = loadBatch(file.value);
      // A batch left behind by a crash, a closed laptop, or the other of the app and the command line.
      return stored.ok ? resume(stored.value, connection) : stored;
    },

    async resumeJournal(file, connection) {
      const stored = loadBatch(file);
      if (!stored.ok) return stored;
      const { batchId } = stored.value.spec;
      const current = running.get(batchId);
      if (current && !current.endedWithWorkLeft) return ok(current.progress());
      journalsElsewhere.set(batchId, file);
      return resume(stored.value, connection);
    },

    async settled(batchId) {
      // run() hands back the run already going.
      return running.get(batchId)?.run() ?? fail('not_found', 'This batch is not running here.');
    },

    batches: () => listBatches(deps.batchesDir, { live: running }),

    results(batchId) {
      const file = journalOf(batchId);
      if (!file.ok) return file;
      const stored = loadBatch(file.value, running.get(batchId));
      return stored.ok ? ok({ progress: stored.value.progress, rows: stored.value.rows }) : stored;
    },

    async report({ batchId, includePasswords }) {
      const file = journalOf(batchId);
      if (!file.ok) return file;
      const stored = loadBatch(file.value, running.get(batchId));
      if (!stored.ok) return stored;
      const sealer = includePasswords ? await deps.sealer() : undefined;
      return ok(buildReport(stored.value.spec, stored.value.rows, { includePasswords, sealer }));
    },

    async close() {
      for (const runner of running.values()) runner.control('pause');
      await Promise.all([...running.values()].map((runner) => runner.whenIdle()));
      for (const runner of running.values()) runner.releaseJournal();
    },
  };
}

/**
 * Why a batch cannot go on: it was undone (going on would redo part of it beside the undo), or it
 * is an undo of a batch undone again since (both would act on the same documents).
 */
function resumeRefusal(spec: BatchSpec, undosByTarget: ReadonlyMap<string, readonly StoredBatch[]>): Result<void> {
  const [undo] = undosByTarget.get(spec.batchId) ?? [];
  if (undo) {
    return fail(
      'invalid_request',
      `“${spec.name}” was undone by “${undo.spec.name}” (${undo.spec.batchId}): resuming it would redo part of it beside that undo. Undo the undo to bring it back (audian-provision batches undo ${undo.spec.batchId}), or import the sheet again.`,
    );
  }
  const [latest] = spec.undoes === undefined ? [] : (undosByTarget.get(spec.undoes) ?? []);
  if (latest && latest.spec.batchId !== spec.batchId) {
    return fail(
      'invalid_request',
      `A later undo of the same batch was made (${latest.spec.batchId}): resuming this one would act beside it. Plan the undo again instead.`,
    );
  }
  return ok(undefined);
}

function unconfirmedMessage(rows: readonly PlanRow[]): string {
  const shown = rows.slice(0, 5).map((row) => rowLabel(row.device?.name ?? row.name, row.device ?? row));
  const more = rows.length > shown.length ? ` and ${rows.length - shown.length} more` : '';
  return `This import changes the SIP credentials or owner of ${rows.length === 1 ? 'a registered phone' : `${rows.length} registered phones`} (${shown.join(', ')}${more}), which can take ${rows.length === 1 ? 'it' : 'them'} offline. Confirm those changes, then start.`;
}
