import type { CanonicalColumn } from './columns';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
export type Delimiter = ',' | ';' | '\t';

/** How the file was read: what was detected and what is in force (the user may override). */
export interface ImportSource {
  fileName: string;
  byteLength: number;
  encoding: TextEncodingName;
  detectedEncoding: TextEncodingName;
  delimiter: Delimiter;
  detectedDelimiter: Delimiter;
  /** Index of the header record among the file's records (0 = first line). */
  headerRow: number;
  detectedHeaderRow: number;
}

/** One data record under the header. */
export interface ImportRow {
  /** The spreadsheet row number a technician sees in Excel (header row included, 1-based). */
  line: number;
  /** Cells aligned with the header; ragged rows are padded (short) or keep their extra cells (long). */
  cells: string[];
}

export type Severity = 'error' | 'warning';

/** A problem with one cell (column set) or with the whole row (column null). */
export interface CellIssue {
  /** Index into the draft's rows. */
  row: number;
  /** Index into the draft's headers; null for a whole-row problem. */
  sourceColumn: number | null;
  /** The canonical field concerned, when there is one. */
  column: CanonicalColumn | null;
  severity: Severity;
  /** Stable machine code, e.g. 'mac_invalid', 'duplicate_in_file', 'owner_unknown', 'schema.maxLength'. */
  code: string;
  /** What is wrong and what to do, in a technician's words. */
  message: string;
}

/** mapping[i] is the canonical column the i-th header feeds, or null when the column is ignored. */
export type ColumnMapping = (CanonicalColumn | null)[];

/** A file loaded and checked on its own, before the live account is consulted. */
export interface ImportDraft {
  id: string;
  source: ImportSource;
  headers: string[];
  mapping: ColumnMapping;
  /** Headers with no mapped field, listed so nothing is dropped silently. */
  ignoredColumns: string[];
  rows: ImportRow[];
  issues: CellIssue[];
  /** True when the mapping came from the one saved for this connection. */
  mappingFromSaved: boolean;
  /** What the live account said when the file was loaded; null when no connection was there to ask. */
  account: DraftAccount | null;
}

/** The account a draft was checked against as it loaded (read once per load, kept for the draft). */
export type DraftAccount =
  | {
      status: 'checked';
      connectionName: string;
      deviceCount: number;
      userCount: number;
      /** The users the file's owner cells name, by the cell trimmed and lowercased, as "First Last". */
      owners: Record<string, string>;
    }
  | { status: 'unavailable'; connectionName: string | null; message: string };

export type MatchKey = 'mac' | 'sip_username';
export type OnExisting = 'skip' | 'update';
/** `delete`: a bulk delete's or an undo's step; a sheet's plan never deletes. */
export type PlanAction = 'create' | 'update' | 'delete' | 'skip' | 'error';
/** When one step of a person fails: undo what the batch made for them, or keep it for a resume to finish. */
export type OnPersonFailure = 'rollback' | 'keep';

/** The documents a rollout makes per person, in the order it makes them. */
export const RESOURCE_KINDS = ['user', 'vmbox', 'device', 'callflow'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** A person of the sheet: one or more rows with the same email (or username). */
export interface PlanPerson {
  /** `person:<email or username>`, lowercased: the same on every row of the person. */
  key: string;
  /** "First Last". */
  name: string;
  email: string | null;
  username: string | null;
  extension: string | null;
  /** The person's first row (draft index): where their user, voicemail box and extension are shown. */
  firstRow: number;
}

/** What the plan does to one document a row needs. */
export interface PlanResource {
  resource: ResourceKind;
  action: PlanAction;
  /** The existing document (update, skip) or the id chosen for the new one (create); null for an error. */
  id: string | null;
  /** How the document is named: "Alice Smith", "Alice Smith's VMBox", "Desk 12", "extension 1001". */
  label: string;
  /** For skip and error: why, in words. */
  reason: string | null;
  /** For update: each changed field old → new; secrets are never shown (both sides null). */
  changes: PlanChange[];
}

/** How a technician tells a phone apart on site: by its label, not by the server's id. */
export interface RowIdentity {
  extension: string | null;
  macAddress: string | null;
  sipUsername: string | null;
}

/** The device on the server an update will change, as it is now. */
export interface PlanDevice extends RowIdentity {
  name: string;
  /** Registered right now; null when the server's registrations could not be read. */
  registered: boolean | null;
}

/** One field an update changes. A SIP password is never shown: both sides are null. */
export interface PlanChange {
  column: CanonicalColumn;
  before: string | null;
  after: string | null;
}

export interface PlanRow extends RowIdentity {
  row: number;
  line: number;
  name: string;
  action: PlanAction;
  /** The existing device (update/skip) or the id chosen for the new one (create). */
  deviceId: string | null;
  /** For update: the canonical columns whose values differ from the device on the server. */
  changedColumns: CanonicalColumn[];
  /** For update: the device it changes, and each changed field old → new (owners by name). */
  device: PlanDevice | null;
  changes: PlanChange[];
  /**
   * For update: it changes the SIP credentials or the owner of a phone that is registered now
   * (or whose registration could not be read), which can take it offline; starting needs its own
   * confirmation.
   */
  disruptsRegisteredPhone: boolean;
  /** For skip and error: why, in words. */
  reason: string | null;
  /** For create: SIP credentials the app generated (never the password itself). */
  generated: Array<'sip_username' | 'sip_password'>;
  /** The person this row belongs to; null for a phone on its own. */
  person: PlanPerson | null;
  /**
   * Every document the row needs, in the order they are made: its person's user, voicemail box,
   * the row's device, the person's extension (callflow). Every row of a person lists the person's
   * documents; a phone on its own lists its device. `action` above is the row's in one word:
   * error if any is, else create, update or skip.
   */
  resources: PlanResource[];
}

export interface PlanCounts {
  create: number;
  update: number;
  delete: number;
  skip: number;
  error: number;
}

/** Counts per kind of document, for the plan's summary and the command line's lines. */
export type ResourceCounts<T> = Record<ResourceKind, T>;

export interface ImportPlan {
  /** Names this plan: starting names the plan it was shown, so a plan made again meanwhile is never started unseen. */
  planId: string;
  draftId: string;
  match: MatchKey;
  onExisting: OnExisting;
  /** What happens to a person already on the account (matched by email, and username where the sheet gives one). */
  onExistingPerson: OnExisting;
  rows: PlanRow[];
  /** Sheet rows by their action. */
  counts: PlanCounts;
  /** Documents by kind and action. */
  resourceCounts: ResourceCounts<PlanCounts>;
  /** People in the sheet (0 for a sheet of phones only). */
  people: number;
  /** Issues found against the live account (duplicates there, unknown owners), merged into the draft's. */
  issues: CellIssue[];
  accountDeviceCount: number;
  createdAt: string;
}

/** `deleted`: a bulk delete's or an undo's delete of the row's document. */
export type RowOutcome = 'pending' | 'created' | 'updated' | 'deleted' | 'skipped' | 'failed';
/**
 * A resource's outcome; `rolled_back`: the batch created it, then deleted it when a later step of
 * the person failed; `not_sent`: never sent, because an earlier step of the person failed.
 */
export type ResourceOutcome = RowOutcome | 'rolled_back' | 'not_sent';

export type RowError = {
  message: string;
  column: CanonicalColumn | null;
  fields: Array<{ column: CanonicalColumn | null; path: string; message: string }>;
};

export interface ResourceResult {
  resource: ResourceKind;
  label: string;
  outcome: ResourceOutcome;
  /** The document's id once the server has it (never an id that does not exist). */
  id: string | null;
  error: RowError | null;
  /** For a document the batch left as it is: why, in words ("Already as before", an undo's conflict left alone). */
  reason: string | null;
}

/**
 * Where a person stands: `complete` (every document made or already there), `rolled_back` (a step
 * failed and what the batch made for them was deleted), `incomplete` (a step failed and what was
 * made is kept for a resume to finish, or a rollback could not delete everything), `not_sent` (the
 * plan held them back: nothing of them was sent), `pending`.
 */
export type PersonState = 'pending' | 'complete' | 'incomplete' | 'rolled_back' | 'not_sent';

export interface RowResult extends RowIdentity {
  row: number;
  line: number;
  name: string;
  action: PlanAction;
  outcome: RowOutcome;
  deviceId: string | null;
  /** Why it failed, with the cell where the server said so. */
  error: RowError | null;
  /** The person this row belongs to and where they stand; null for a phone on its own. */
  person: { key: string; name: string; state: PersonState } | null;
  /** The state of each document of the row, in the order they are made (as PlanRow.resources). */
  resources: ResourceResult[];
}

export interface OutcomeCounts {
  created: number;
  updated: number;
  deleted: number;
  skipped: number;
  failed: number;
}

export type BatchState = 'running' | 'paused' | 'waiting_for_charges' | 'cancelled' | 'finished' | 'interrupted';

/** The server's request limit as the client has learned it, shown beside a batch's progress. */
export interface LearnedPace {
  /** Requests a second the server sustains; null while no limit has been met (none may exist). */
  perSecond: number | null;
  /** Requests the server lets through at once (its bucket); null while unknown. */
  burst: number | null;
  /** Requests the client keeps in flight now: it follows the latency. */
  inFlight: number;
  /** How it knows: the server's own `tokens` counts, its 429 answers, or KAZOO's default assumed. */
  learnedFrom: 'tokens' | 'throttling' | 'default';
}

export interface BatchProgress {
  batchId: string;
  /** What started it (see BatchSummary.origin). */
  origin: 'import' | 'bulk' | 'undo';
  name: string;
  connectionId: string;
  fileName: string;
  state: BatchState;
  total: number;
  done: number;
  created: number;
  updated: number;
  deleted: number;
  skipped: number;
  failed: number;
  /** Rows finished per second over the last few seconds. */
  ratePerSecond: number;
  /** Seconds left at the current rate and rate limit, or null while unknown. */
  etaSeconds: number | null;
  /** 429 answers received during the batch. */
  throttled: number;
  /** What the client has learned of the server's limit; null before the first request. */
  pace: LearnedPace | null;
  /** Documents by kind and outcome (a rolled-back one counts as failed). */
  resources: ResourceCounts<OutcomeCounts>;
  /** People left incomplete (a failed step kept for a resume, or a rollback that could not finish). */
  incompletePeople: number;
  startedAt: string;
  finishedAt: string | null;
  /** Rows whose outcome changed since the previous progress event. */
  changed: RowResult[];
}

export interface BatchSummary {
  batchId: string;
  /** What started it: a sheet, a bulk action on devices, or an undo of another batch. */
  origin: 'import' | 'bulk' | 'undo';
  /** For an undo: the batch it undid. */
  undoes: string | null;
  /** The undo batches run for this one, most recent first (empty: never undone). */
  undoneBy: string[];
  name: string;
  connectionId: string;
  fileName: string;
  state: BatchState;
  total: number;
  created: number;
  updated: number;
  deleted: number;
  skipped: number;
  failed: number;
  startedAt: string;
  finishedAt: string | null;
  /** Devices of the batch (created or updated), for the Live view. */
  deviceIds: string[];
  /** People the batch left half-made (it kept them on failure): resuming it finishes them. */
  incompletePeople: number;
}
