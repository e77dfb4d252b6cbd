import { closeSync, fsync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BatchState, ResourceOutcome, RowResult } from '../../common/import/types';
import { fail, ok, type Result } from '../../common/ipc/result';
import type { BatchSpec } from './operations';
import { upgradeVersion1, type Version1Entry } from './journal-v1';

export type RowError = NonNullable<RowResult['error']>;

const JOURNAL_VERSION = 2;

/**
 * One line of a batch journal. The first line holds the whole BatchSpec; every later line is an
 * event. The spec carries the SIP passwords the plan generated, because a resumed batch must send
 * exactly the documents the first run sent; that is why journals are private to the user (0600)
 * and why no API key or auth token is ever written here.
 */
export type JournalEntry =
  | { kind: 'batch'; version: typeof JOURNAL_VERSION; spec: BatchSpec }
  /** A run of the batch began (the first one, or a resume after a pause in another process). */
  | { kind: 'session'; at: string }
  /** Written before the request of step `step` of unit `unit`, so a crash while it is on the wire shows as sent without done. */
  | { kind: 'sent'; unit: number; step: number; attempt: number; at: string }
  /**
   * The server kept failing the request (a 5xx or endless 429, past the client's own retries).
   * Only these count toward giving the step up: a network hold or a 402 says nothing of the server.
   */
  | { kind: 'server_error'; unit: number; step: number; request: 'send' | 'delete'; at: string }
  /** Written before the DELETE that rolls back what step `step` of unit `unit` created. */
  | { kind: 'deleting'; unit: number; step: number; attempt: number; at: string }
  /**
   * The step's answer (or a decision taken without a request); `id` is the document's once the
   * server has it. After a rollback's DELETE: `rolled_back`, or still `created` with the error
   * that kept it from being deleted.
   */
  | {
      kind: 'done';
      unit: number;
      step: number;
      outcome: Exclude<ResourceOutcome, 'pending'>;
      id: string | null;
      error: RowError | null;
      at: string;
      /** After a create or update the server answered: the document as this batch left it (see AfterImage). */
      after?: AfterImage;
    }
  /**
   * Written before an update or delete is first sent, from a GET just before it: the document as
   * it was, so an undo can put it back. Secret values are sealed. Written once per step.
   */
  | { kind: 'before'; unit: number; step: number; image: BeforeImage; at: string }
  /** A re-create met the old id still kept by the server: it goes again under this new id (journaled before it is sent). */
  | { kind: 'reassigned'; unit: number; step: number; id: string; at: string }
  | { kind: 'state'; state: Exclude<BatchState, 'interrupted'>; at: string }
  | { kind: 'charges'; accepted: boolean; at: string };

export type DoneEntry = Extract<JournalEntry, { kind: 'done' }>;

/**
 * A document before a batch changed it. `fields`: for an update, the value of each path the
 * update sets (dotted, as in the step's changes), null where the document had none; `document`:
 * for a delete, the whole public document (no `_`-prefixed keys). Secrets inside are `Sealed`.
 * `missing`: the document was already gone when the step was about to run.
 */
export type BeforeImage =
  | { kind: 'fields'; revision: string | null; fields: Record<string, unknown> }
  | { kind: 'document'; revision: string | null; document: Record<string, unknown> }
  | { kind: 'missing' };

/**
 * The document as the batch left it: its revision and a digest of its public fields (sha-256 of
 * the canonical JSON without `_`-prefixed keys), so an undo can tell "changed since" even when a
 * later batch changed it and its undo changed it back (the revision then differs, the digest not).
 */
export interface AfterImage {
  revision: string | null;
  digest: string;
}

/** How replays key a step: unit index and step index. */
export const stepKey = (unit: number, step: number): string => `${unit}.${step}`;

/** What a journal says about its batch, replayed from its lines. */
export interface JournalReplay {
  spec: BatchSpec;
  /** The answer recorded for each finished step, by stepKey. */
  done: Map<string, DoneEntry>;
  /** How many times each step was sent, by stepKey. */
  attempts: Map<string, number>;
  /** How many times a rollback sent the DELETE of each step's document, by stepKey. */
  deletes: Map<string, number>;
  /** How many times the server failed each step's send, then its rollback's DELETE, by stepKey. */
  serverErrors: Record<'send' | 'delete', Map<string, number>>;
  /** The last state the runner recorded; null before the first. */
  state: Exclude<BatchState, 'interrupted'> | null;
  /** The technician's answer to the server's charges question, once given. */
  chargesAccepted: boolean | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** Lines that could not be read (a torn write at the end after a crash). */
  unreadableLines: number;
  /** The before-image of each update or delete step, by stepKey. */
  before: Map<string, BeforeImage>;
  /** The id a re-create was reassigned to, by stepKey. */
  reassigned: Map<string, string>;
}

const FINAL_STATES = new Set<BatchState>(['finished', 'cancelled']);

/**
 * An append-only JSON-lines file. Each line goes to the file with a synchronous write before
 * `append` returns, so a crash or a kill -9 loses nothing: the kernel already has it. It then
 * reaches the disk itself with an fsync run off the event loop, one fsync covering every line
 * written meanwhile, so a power cut or a laptop that dies loses at most the last few milliseconds.
 * That is safe because every line after the spec only saves work on resume: a row whose answer
 * was lost is sent again, and its client-chosen id makes the repeat land on the same device. The
 * spec line itself is synced before `create` returns, since without it nothing can be resumed.
 * (An fsync per line, on the event loop, capped a batch at ~300 rows/s here and stalled the UI.)
 */
export class Journal {
  private syncing = false;
  private dirty = false;
  private closing = false;
  private failure: Error | undefined;

  private constructor(
    readonly file: string,
    private readonly fd: number,
  ) {}

  /** Starts the journal of a new batch; refuses to overwrite an existing one. */
  static create(file: string, spec: BatchSpec): Result<Journal> {
    try {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      const journal = new Journal(file, openSync(file, 'wx', 0o600));
      journal.write({ kind: 'batch', version: JOURNAL_VERSION, spec });
      fsyncSync(journal.fd);
      syncDirectory(dirname(file));
      return ok(journal);
    } catch (error) {
      return fail('internal', 'Could not start the batch journal on disk.', { detail: `${file}: ${describeError(error)}` });
    }
  }

  /**
   * Opens an existing journal to carry on writing. A line torn by a crash is cut off first, so the
   * next line starts on a line of its own instead of gluing onto the fragment.
   */
  static open(file: string): Result<{ journal: Journal; replay: JournalReplay }> {
    const read = readJournal(file);
    if (!read.ok) return read;
    try {
      const text = readFileSync(file, 'utf8');
      const tail = text.slice(text.lastIndexOf('\n') + 1);
      if (tail !== '') {
        const fd = openSync(file, 'r+');
        // A complete record that only lacks its newline is kept; a fragment is dropped.
        if (parseLine(tail)) writeSync(fd, '\n', Buffer.byteLength(text));
        else ftruncateSync(fd, Buffer.byteLength(text) - Buffer.byteLength(tail));
        fsyncSync(fd);
        closeSync(fd);
      }
      return ok({ journal: new Journal(file, openSync(file, 'a', 0o600)), replay: read.value });
    } catch (error) {
      return fail('internal', 'Could not reopen the batch journal.', { detail: `${file}: ${describeError(error)}` });
    }
  }

  /** Throws when the disk refuses (now or at the last flush): without its journal a batch must not go on sending. */
  append(entry: JournalEntry): void {
    if (this.closing) throw new Error(`journal ${this.file} is closed`);
    if (this.failure) throw this.failure;
    this.write(entry);
    this.flushSoon();
  }

  /** Flushes what is left and closes the file (after an fsync still running, if one is). */
  close(): void {
    if (this.closing) return;
    this.closing = true;
    if (!this.syncing) this.finish();
  }

  private write(entry: JournalEntry): void {
    const bytes = Buffer.from(`${JSON.stringify(entry)}\n`, 'utf8');
    let written = 0;
    while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written);
  }

  private flushSoon(): void {
    if (this.syncing) {
      this.dirty = true;
      return;
    }
    this.syncing = true;
    this.dirty = false;
    fsync(this.fd, (error) => {
      this.syncing = false;
      if (error) this.failure ??= error;
      if (this.closing) this.finish();
      else if (this.dirty) this.flushSoon();
    });
  }

  /** Never throws: it may run in an fsync callback, and every line is already in the file by now. */
  private finish(): void {
    try {
      fsyncSync(this.fd);
      closeSync(this.fd);
    } catch {
      // A last flush or close the disk refused changes nothing a resume relies on.
    }
  }
}

/** What a journal with only its spec line says: nothing done yet. */
export function freshReplay(spec: BatchSpec): JournalReplay {
  return {
    spec,
    done: new Map(),
    attempts: new Map(),
    deletes: new Map(),
    serverErrors: { send: new Map(), delete: new Map() },
    state: null,
    chargesAccepted: null,
    startedAt: null,
    finishedAt: null,
    unreadableLines: 0,
    before: new Map(),
    reassigned: new Map(),
  };
}

/** Reads a journal; unreadable lines (a torn last line) are counted and left out. */
export function readJournal(file: string): Result<JournalReplay> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return fail('not_found', 'The batch journal cannot be read.', { detail: `${file}: ${describeError(error)}` });
  }
  const lines = text.split('\n').filter((line) => line !== '');
  const head = parseLine(lines[0]) as JournalEntry | Version1Entry | undefined;
  if (!head || head.kind !== 'batch') {
    return fail('internal', 'This batch journal is damaged: its first line is not a batch.', { detail: file });
  }
  // A batch started by an earlier version of the app (one device per row) still resumes.
  const upgrade = head.version === 1 ? upgradeVersion1(head.spec) : undefined;
  const replay = freshReplay(upgrade ? upgrade.spec : (head.spec as BatchSpec));
  for (const line of lines.slice(1)) {
    const parsed = parseLine(line);
    const entry = parsed && upgrade ? upgrade.entry(parsed as Version1Entry) : (parsed as JournalEntry | undefined);
    if (!entry) replay.unreadableLines += 1;
    else applyEntry(replay, entry);
  }
  return ok(replay);
}

function applyEntry(replay: JournalReplay, entry: JournalEntry): void {
  switch (entry.kind) {
    case 'batch':
      return;
    case 'session':
      replay.startedAt ??= entry.at;
      return;
    case 'sent': {
      const key = stepKey(entry.unit, entry.step);
      replay.attempts.set(key, Math.max(entry.attempt, replay.attempts.get(key) ?? 0));
      return;
    }
    case 'deleting': {
      const key = stepKey(entry.unit, entry.step);
      replay.deletes.set(key, Math.max(entry.attempt, replay.deletes.get(key) ?? 0));
      return;
    }
    case 'server_error': {
      const counts = replay.serverErrors[entry.request];
      const key = stepKey(entry.unit, entry.step);
      counts.set(key, (counts.get(key) ?? 0) + 1);
      return;
    }
    case 'done': {
      const key = stepKey(entry.unit, entry.step);
      const previous = replay.done.get(key);
      // A step settled again without a request of its own (a rollback that could not delete what it made)
      // still left the document as its create did: the undo compares against that.
      const keepsAfter = entry.after === undefined && previous?.after !== undefined && previous.id === entry.id;
      replay.done.set(key, keepsAfter ? { ...entry, after: previous.after } : entry);
      return;
    }
    case 'state':
      replay.state = entry.state;
      replay.finishedAt = FINAL_STATES.has(entry.state) ? entry.at : null;
      return;
    case 'charges':
      replay.chargesAccepted = entry.accepted;
      return;
    case 'before': {
      const key = stepKey(entry.unit, entry.step);
      if (!replay.before.has(key)) replay.before.set(key, entry.image);
      return;
    }
    case 'reassigned':
      replay.reassigned.set(stepKey(entry.unit, entry.step), entry.id);
      return;
  }
}

function parseLine(line: string | undefined): { kind: string } | undefined {
  if (line === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && 'kind' in value ? (value as { kind: string }) : undefined;
  } catch {
    return undefined;
  }
}

/** Makes the new file's directory entry durable too; Windows cannot open a directory, and needs no such step. */
function syncDirectory(directory: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(directory, 'r');
    fsyncSync(fd);
  } catch {
    // Best effort: the file's own data is already on the disk.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const describeError = (error: unknown): string => (error instanceof Error ? error.message : String(error));
