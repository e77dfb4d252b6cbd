import { setMaxListeners } from 'node:events';
import type { AuditAction, AuditField } from '../../common/audit';
import type { BatchProgress, BatchState, ResourceKind, ResourceOutcome, RowResult } from '../../common/import/types';
import { fail, ok, type AppError, type Result } from '../../common/ipc/result';
import { auditFieldsOf } from '../audit/audit-fields';
import type { AuditSink } from '../audit/audit-sink';
import type { KazooClient } from '../api/client';
import { MAX_IN_FLIGHT } from '../api/rate-limiter';
import { newDocumentId } from '../api/devices';
import { COLLECTION_OF } from '../api/document-collections';
import { createDocument, deleteDocument, patchDocument, readDocument } from '../api/documents';
import { systemClock, type Clock } from '../clock';
import type { Logger } from '../log';
import { memorySealer } from '../secrets/journal-sealer';
import type { Sealer } from '../secrets/sealer';
import {
  causeOf,
  countIncompletePeople,
  countOutcomes,
  countResources,
  initialStepState,
  mayBeLeft,
  rowResultOf,
  rowResultsOf,
  unitStatesOf,
  type ResultContext,
  type UnitStates,
} from './batch-results';
import { beforeImageOf, documentOfFields, unsealDocument } from './before-image';
import { documentDigest } from './document-digest';
import { leafPaths } from './document-paths';
import { withReassignedIds } from './reassigned-ids';
import {
  freshReplay,
  Journal,
  stepKey,
  type AfterImage,
  type BeforeImage,
  type JournalEntry,
  type JournalReplay,
  type RowError,
} from './journal';
import { lockJournal, type JournalLock } from './journal-lock';
import { CHANGED_AFTER_PLAN, type BatchSpec, type Step } from './operations';
import { ProgressPacer } from './progress';
import { rowErrorOf } from './row-error';

export type BatchControl = 'pause' | 'resume' | 'cancel' | 'accept_charges' | 'decline_charges';

export interface BatchRunnerOptions {
  client: KazooClient;
  log: Logger;
  /**
   * The most requests in flight (MAX_IN_FLIGHT unless said). Below it, the client's model sets how
   * many: its learnt rate over the round-trip time.
   */
  concurrency?: number;
  progressIntervalMs?: number;
  onProgress?: (progress: BatchProgress) => void;
  /** Aborting it cancels the batch, like `control('cancel')`. */
  signal?: AbortSignal;
  clock?: Clock;
  /**
   * Seals the secrets of before-images and opens the sealed values of re-creates. Without one, a
   * key of this run alone seals them (what it seals no later run can open).
   */
  sealer?: Promise<Sealer>;
  /** Where each change the batch sends is recorded (begun before the request, ended once settled). */
  audit?: AuditSink;
}

/** Why a delete step sent nothing, or found nothing to delete: the document was gone before this batch deleted it. */
export const ALREADY_DELETED = 'Already deleted.';
/** The audit's note on such a delete: answered, yet the app changed nothing. */
const NOTHING_DELETED = 'it was already deleted before this delete was sent.';

/** A new batch (its spec becomes the journal's first line) or one to resume from its journal. */
export type BatchTarget = { file: string; spec: BatchSpec } | { file: string };

/** 'interrupted' is what a journal left by a runner that is gone says; a live runner is never in it. */
export type LiveState = Exclude<BatchState, 'interrupted'>;

export interface BatchRunResult {
  progress: BatchProgress;
  rows: RowResult[];
}

const DEFAULT_PROGRESS_INTERVAL_MS = 250;
const RATE_WINDOW_MS = 10_000;
/** A step (or its rollback's DELETE) the server keeps failing (5xx, endless 429) gives up after this many runs of the client's own retries. */
const MAX_STEP_ATTEMPTS = 3;
/** After the network fails even the client's retries, the whole batch waits this long, doubling. */
const HOLD_BASE_MS = 1_000;
const HOLD_MAX_MS = 30_000;
const CHARGES_DECLINED = 'Charges not accepted: the server bills new documents and the charges were declined, so this was not created.';
/** Users, voicemail boxes and devices may be billed; a 402 on their create asks the technician once. */
const BILLABLE: ReadonlySet<Step['resource']> = new Set(['user', 'vmbox', 'device']);
const NOUNS: Record<ResourceKind, string> = { user: 'user', vmbox: 'voicemail box', device: 'device', callflow: 'extension' };

/** What the server answered a step's request, as the step's outcome. */
interface StepAnswer {
  outcome: 'created' | 'updated' | 'deleted' | 'skipped';
  id: string;
  existed: boolean;
  after?: AfterImage;
  note: RowError | null;
}

type ChangingStep = Extract<Step, { action: 'create' | 'update' | 'delete' }>;

/** What a unit does next: send its next step forward, or delete what one step made (rollback). */
type NextRequest = { kind: 'send'; step: number } | { kind: 'delete'; step: number; id: string };

/** Opens the journal (new or existing) and prepares a runner; nothing is sent before `run()`. */
export function openBatchRunner(target: BatchTarget, options: BatchRunnerOptions): Result<BatchRunner> {
  const lock = lockJournal(target.file);
  if (!lock.ok) return lock;
  const opened = openJournal(target);
  if (!opened.ok) lock.value.release();
  return opened.ok ? ok(new BatchRunner(opened.value.journal, opened.value.replay, options, lock.value)) : opened;
}

function openJournal(target: BatchTarget): Result<{ journal: Journal; replay: JournalReplay }> {
  if (!('spec' in target)) return Journal.open(target.file);
  const journal = Journal.create(target.file, target.spec);
  return journal.ok ? ok({ journal: journal.value, replay: freshReplay(target.spec) }) : journal;
}

/**
 * Carries out a batch's units, a few side by side, each unit's steps one after another, writing
 * each step down before it is sent and after it is answered. Every create carries the id the plan
 * chose, so whatever is re-sent (after a lost answer, a crash, a resume) lands on the same
 * document: each one is made exactly once.
 */
export class BatchRunner {
  readonly batchId: string;
  readonly spec: BatchSpec;
  private readonly states: UnitStates;
  private readonly rows: RowResult[];
  private readonly attempts: Map<string, number>;
  private readonly deletes: Map<string, number>;
  /** Failed creates whose rollback DELETE the server refused in this run; a new run tries them again. */
  private readonly refusedDeletes = new Set<string>();
  private readonly serverErrors: JournalReplay['serverErrors'];
  /** Before-images journaled so far (this run's and earlier runs'), by stepKey: each is read once. */
  private readonly before: Map<string, BeforeImage>;
  /** New ids of re-creates whose first id the server kept, by stepKey. */
  private readonly reassigned: Map<string, string>;
  private sealer: Sealer | undefined;
  private readonly queue: number[] = [];
  private readonly controller = new AbortController();
  private readonly pacer: ProgressPacer;
  private readonly clock: Clock;
  private readonly throttledBefore: number;
  private readonly requestsBefore: number;
  private wakeups: Array<() => void> = [];
  private inFlight = 0;
  private paused = false;
  private cancelled = false;
  private finished: boolean;
  private chargesPending = false;
  private chargesAccepted: boolean | null;
  private holdUntil = 0;
  private cancelHold: (() => void) | undefined;
  private networkFailuresInARow = 0;
  private recordedState: LiveState | null;
  private startedAt: string | null;
  private finishedAt: string | null;
  private fatal: AppError | undefined;
  private running: Promise<Result<BatchRunResult>> | undefined;

  constructor(
    private readonly journal: Journal,
    replay: JournalReplay,
    private readonly options: BatchRunnerOptions,
    /** Released with the journal: until then, no other runner opens it. */
    private readonly lock: JournalLock,
  ) {
    this.spec = replay.spec;
    this.batchId = replay.spec.batchId;
    this.states = unitStatesOf(replay);
    this.rows = rowResultsOf(this.spec, this.states, this.context());
    this.attempts = new Map(replay.attempts);
    this.deletes = new Map(replay.deletes);
    this.serverErrors = { send: new Map(replay.serverErrors.send), delete: new Map(replay.serverErrors.delete) };
    this.before = new Map(replay.before);
    this.reassigned = new Map(replay.reassigned);
    this.chargesAccepted = replay.chargesAccepted;
    this.recordedState = replay.state;
    this.startedAt = replay.startedAt;
    this.finishedAt = replay.finishedAt;
    this.finished = replay.state === 'finished' && !this.hasWorkLeft();
    this.clock = options.clock ?? systemClock;
    this.throttledBefore = options.client.stats.throttled;
    this.requestsBefore = options.client.stats.requests;
    this.pacer = new ProgressPacer({
      intervalMs: options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS,
      windowMs: RATE_WINDOW_MS,
      clock: this.clock,
      emit: (changed) => options.onProgress?.(this.progress(changed)),
    });
  }

  /** Runs until every row is done or the batch is cancelled; calling it again returns the same run. */
  run(): Promise<Result<BatchRunResult>> {
    this.running ??= this.execute();
    return this.running;
  }

  /** What the technician asked for; refused once the batch has ended or when it does not apply. */
  control(action: BatchControl): Result<BatchProgress> {
    if (this.cancelled || this.finished) return fail('invalid_request', 'This batch has already ended.');
    switch (action) {
      case 'pause':
        this.paused = true;
        break;
      case 'resume':
        this.paused = false;
        break;
      case 'cancel':
        this.cancelled = true;
        this.controller.abort();
        this.clearHold();
        break;
      case 'accept_charges':
      case 'decline_charges': {
        if (!this.chargesPending) return fail('invalid_request', 'No charges are waiting for an answer.');
        const accepted = action === 'accept_charges';
        this.chargesPending = false;
        this.chargesAccepted = accepted;
        this.write({ kind: 'charges', accepted, at: this.timestamp() });
        break;
      }
    }
    this.stateChanged();
    this.wake();
    return ok(this.progress());
  }

  get state(): LiveState {
    if (this.cancelled) return 'cancelled';
    if (this.finished) return 'finished';
    if (this.chargesPending) return 'waiting_for_charges';
    if (this.paused) return 'paused';
    return 'running';
  }

  progress(changed: RowResult[] = []): BatchProgress {
    const counts = countOutcomes(this.rows);
    const state = this.state;
    return {
      batchId: this.batchId,
      origin: this.spec.origin ?? 'import',
      name: this.spec.name,
      connectionId: this.spec.connectionId,
      fileName: this.spec.fileName,
      state,
      total: this.rows.length,
      ...counts,
      resources: countResources(this.spec, this.states),
      incompletePeople: countIncompletePeople(this.spec, this.states, this.context()),
      ratePerSecond: Math.round(this.pacer.rate() * 10) / 10,
      etaSeconds: state === 'running' ? this.pacer.etaSeconds(this.requestsLeft(), this.options.client.requestPace()) : null,
      throttled: this.options.client.stats.throttled - this.throttledBefore,
      pace: this.options.client.stats.requests > this.requestsBefore ? this.options.client.learnedPace() : null,
      startedAt: this.startedAt ?? this.timestamp(),
      finishedAt: this.finishedAt,
      changed,
    };
  }

  results(): RowResult[] {
    return [...this.rows];
  }

  /**
   * The batch finished with work a new run would take up: a person kept half-made (`keep`) whose
   * failed step a resume sends again, or a rollback a delete of which failed.
   */
  get endedWithWorkLeft(): boolean {
    return this.finished && this.hasWorkLeft();
  }

  private hasWorkLeft(): boolean {
    return this.spec.units.some((_, unitIndex) => this.retryable(unitIndex) || this.nextRequest(unitIndex) !== undefined);
  }

  /** A failed unit a new run takes up again: `keep` sends its failed steps again, `rollback` retries the deletes that failed. */
  private retryable(unitIndex: number): boolean {
    const unit = this.spec.units[unitIndex]!;
    const states = this.states[unitIndex]!;
    const cause = causeOf(unit, states);
    if (cause === undefined || unit.steps[cause]!.action === 'error') return false;
    return (
      this.spec.onFailure === 'keep' ||
      states.some((state, stepIndex) => (state.outcome === 'created' && state.error !== null) || mayBeLeft(unit.steps[stepIndex]!, state))
    );
  }

  private context(): ResultContext {
    return { stopped: this.cancelled };
  }

  /**
   * Requests still to send: skipped and refused steps are decided without one and take no time; an
   * update or delete whose before-image is not read yet takes two (the GET, then the change).
   */
  private requestsLeft(): number {
    let left = 0;
    this.spec.units.forEach((unit, unitIndex) =>
      unit.steps.forEach((step, stepIndex) => {
        if (this.states[unitIndex]![stepIndex]!.outcome !== 'pending' || !isChanging(step)) return;
        left += step.action !== 'create' && !this.before.has(stepKey(unitIndex, stepIndex)) ? 2 : 1;
      }),
    );
    return left;
  }

  /** Lets another process take the journal over: this one stops with the batch paused (the app closing). */
  releaseJournal(): void {
    this.lock.release();
  }

  /** Resolves once no request of this batch is on its way (after a pause, for instance). */
  async whenIdle(): Promise<void> {
    while (this.inFlight > 0) await this.nextWake();
  }

  private async execute(): Promise<Result<BatchRunResult>> {
    const onAbort = (): void => void this.control('cancel');
    this.options.signal?.addEventListener('abort', onAbort, { once: true });
    if (this.options.signal?.aborted) onAbort();
    try {
      this.sealer = await (this.options.sealer ?? Promise.resolve(memorySealer()));
      if (!this.finished && !this.cancelled) await this.work();
      if (this.fatal) return { ok: false, error: this.fatal };
      this.pacer.flush();
      return ok({ progress: this.progress(), rows: this.results() });
    } finally {
      this.options.signal?.removeEventListener('abort', onAbort);
      this.pacer.stop();
      this.clearHold();
      this.journal.close();
      this.lock.release();
    }
  }

  private async work(): Promise<void> {
    const at = this.timestamp();
    this.startedAt ??= at;
    if (!this.write({ kind: 'session', at })) return;
    this.spec.units.forEach((_, unitIndex) => {
      this.prepareUnit(unitIndex);
      if (this.nextRequest(unitIndex) !== undefined) this.queue.push(unitIndex);
    });
    this.stateChanged();
    const workers = Math.max(1, this.options.concurrency ?? MAX_IN_FLIGHT);
    // Each request in flight listens on the batch's signal (rate-limit wait, HTTP, backoff sleep).
    setMaxListeners(Math.max(10, workers * 3), this.controller.signal);
    await Promise.all(Array.from({ length: workers }, () => this.worker()));
    if (this.cancelled || this.fatal) return;
    this.finished = true;
    this.finishedAt = this.timestamp();
    this.stateChanged();
    this.options.log.info('import.batch_finished', { batchId: this.batchId, ...countOutcomes(this.rows) });
  }

  private async worker(): Promise<void> {
    for (;;) {
      const unitIndex = await this.take();
      if (unitIndex === undefined) return;
      try {
        await this.perform(unitIndex);
      } finally {
        this.inFlight -= 1;
        this.wake();
      }
    }
  }

  /** The next unit to send a step of, once the batch may send; undefined when there is nothing left to do. */
  private async take(): Promise<number | undefined> {
    for (;;) {
      if (this.cancelled || this.fatal) return undefined;
      const mayStart = !this.paused && !this.chargesPending && this.clock.now() >= this.holdUntil;
      if (mayStart && this.queue.length > 0) {
        this.inFlight += 1;
        return this.queue.shift();
      }
      // A request still out there may hand its unit back (a next step, a 402, a dropped network), so stay until it lands.
      if (this.queue.length === 0 && this.inFlight === 0) return undefined;
      await this.nextWake();
    }
  }

  /**
   * Settles what a new run decides without a request: the plan's refusals and skips; a failed
   * unit taken up again (see retryable); later steps of a failed unit a crash left unsettled.
   */
  private prepareUnit(unitIndex: number): void {
    const unit = this.spec.units[unitIndex]!;
    const states = this.states[unitIndex]!;
    if (this.retryable(unitIndex)) {
      const again = states.map((state, stepIndex) =>
        this.spec.onFailure === 'keep' && (state.outcome === 'failed' || state.outcome === 'not_sent')
          ? initialStepState(unit.steps[stepIndex]!)
          : state.outcome === 'created'
            ? { ...state, error: null }
            : state,
      );
      this.states[unitIndex] = again;
      this.rowsChanged(unitIndex, false);
    }
    const refused = unit.steps.find((step) => step.action === 'error');
    unit.steps.forEach((step, stepIndex) => {
      if (this.states[unitIndex]![stepIndex]!.outcome !== 'pending') return;
      if (refused) {
        const message = step.action === 'error' ? step.reason : `Not sent: ${refused.reason}`;
        this.finishStep(unitIndex, stepIndex, 'failed', null, { message, column: refused.column, fields: [] }, false);
      } else if (step.action === 'skip') this.finishStep(unitIndex, stepIndex, 'skipped', step.id, null, false);
    });
    const cause = causeOf(unit, this.states[unitIndex]!);
    if (cause !== undefined && !refused) this.notSent(unitIndex, cause);
  }

  /**
   * A unit with no failure sends its first step not done yet. A failed unit in `rollback` deletes
   * what the batch created for it, last made first (a callflow names the user and box it rings).
   */
  private nextRequest(unitIndex: number): NextRequest | undefined {
    const unit = this.spec.units[unitIndex]!;
    const states = this.states[unitIndex]!;
    if (causeOf(unit, states) === undefined) {
      const step = states.findIndex((state) => state.outcome === 'pending');
      return step === -1 ? undefined : { kind: 'send', step };
    }
    if (this.spec.onFailure !== 'rollback') return undefined;
    const step = states.findLastIndex(
      (state, stepIndex) =>
        (state.outcome === 'created' && state.error === null) ||
        (mayBeLeft(unit.steps[stepIndex]!, state) && !this.refusedDeletes.has(stepKey(unitIndex, stepIndex))),
    );
    const id = states[step]?.id;
    return id ? { kind: 'delete', step, id } : undefined;
  }

  /**
   * Sends the unit's next request. A unit is in the queue (or here) at most once, so its requests
   * never overlap; once one is answered the unit goes back to the front, so people already begun
   * finish before new ones start.
   */
  private async perform(unitIndex: number): Promise<void> {
    const next = this.nextRequest(unitIndex);
    if (next === undefined) return;
    if (next.kind === 'delete') await this.rollBack(unitIndex, next.step, next.id);
    else await this.send(unitIndex, next.step);
    if (this.nextRequest(unitIndex) !== undefined && !this.cancelled) this.queue.unshift(unitIndex);
  }

  private async send(unitIndex: number, stepIndex: number): Promise<void> {
    const step = this.spec.units[unitIndex]!.steps[stepIndex]!;
    // Skips and refusals are settled in prepareUnit: only steps that change a document are ever pending here.
    if (!isChanging(step)) return;
    if (step.action === 'create' && BILLABLE.has(step.resource) && this.chargesAccepted === false) {
      return this.stepFailed(unitIndex, stepIndex, declined(), false);
    }
    const key = stepKey(unitIndex, stepIndex);
    if (step.action !== 'create' && !this.before.has(key) && !(await this.readBefore(unitIndex, stepIndex, step))) return;
    const before = this.before.get(key);
    if (
      step.action !== 'create' &&
      step.expectedRevision !== undefined &&
      before?.kind !== 'missing' &&
      before?.revision !== step.expectedRevision
    ) {
      return this.finishStep(unitIndex, stepIndex, 'skipped', step.id, changedAfterPlan(), false);
    }
    if (before?.kind === 'missing') {
      // Gone before this batch touched it: nothing to change, nothing to delete.
      if (step.action === 'delete') return this.finishStep(unitIndex, stepIndex, 'skipped', step.id, alreadyDeleted(), false);
      return this.stepFailed(unitIndex, stepIndex, gone(step), false);
    }
    const attempt = (this.attempts.get(key) ?? 0) + 1;
    this.attempts.set(key, attempt);
    if (!this.write({ kind: 'sent', unit: unitIndex, step: stepIndex, attempt, at: this.timestamp() })) return;
    const auditId = this.auditBegin(unitIndex, stepIndex, step);
    const acceptedCharges = this.chargesAccepted === true;
    // A create's or delete's first request goes exactly once: `existed` on a create then means someone
    // else made the document, "already gone" on a delete that it was gone before; a network failure
    // or a 5xx (which may have been carried out) comes back here, to go again as attempt 2.
    const once = step.action !== 'update' && attempt === 1;
    const answer = await this.request(step, this.idOf(unitIndex, stepIndex, step), acceptedCharges, once);
    if (answer.ok) {
      this.networkFailuresInARow = 0;
      // Our id on the server before we ever sent it: another batch of the same plan made it, so it is not ours to count or delete.
      if (answer.value.existed && once) {
        this.auditEnd(auditId, madeByAnotherBatch());
        return this.stepFailed(unitIndex, stepIndex, madeByAnotherBatch(), true, false);
      }
      const { outcome, id, note, after } = answer.value;
      // The record is completed before the journal says done: a crash in between makes a resume send
      // it again (and end the record again), never leave a done change recorded as unknown.
      this.auditEnd(auditId, null, id, outcome === 'skipped' ? NOTHING_DELETED : undefined);
      return this.finishStep(unitIndex, stepIndex, outcome, id, note, true, after);
    }
    const { error } = answer;
    if (error.kind === 'conflict' && step.action === 'create' && step.newIdOnConflict) return this.reassign(unitIndex, stepIndex);
    const failed = (rowError: RowError): void => {
      this.auditEnd(auditId, rowError);
      this.stepFailed(unitIndex, stepIndex, rowError, true);
    };
    if (error.kind === 'not_found' && step.action === 'update') return failed(gone(step));
    switch (error.kind) {
      // Only this batch's cancel aborts its requests; the step stays pending, as sent but unconfirmed.
      case 'cancelled':
        return;
      case 'charges_required':
        if (this.chargesAccepted === null) return this.askForCharges();
        // Sent before the technician accepted: it goes again (perform puts its unit back), now accepting.
        if (this.chargesAccepted && !acceptedCharges) return;
        return failed(this.chargesAccepted ? rowErrorOf(error) : declined());
      case 'network':
      case 'timeout':
        if (once) return;
        return this.unreachable(error, failed, 'sent');
      case 'server':
      case 'rate_limited':
        // A first request the server may have carried out goes again at once, as the client would have resent it.
        if (once && error.kind === 'server') return;
        if (this.serverFailed('send', unitIndex, stepIndex) < MAX_STEP_ATTEMPTS) return this.holdAndRetry(error);
        break;
    }
    failed(rowErrorOf(error));
  }

  /**
   * Reads the document an update or delete is about to change and journals its before-image, once
   * per step, before the change is first sent. False when the read failed: the step then waits
   * (network), goes again (server errors, counted as its send's), or fails, as a send would.
   */
  private async readBefore(unitIndex: number, stepIndex: number, step: Extract<Step, { action: 'update' | 'delete' }>): Promise<boolean> {
    const read = await readDocument(this.options.client, COLLECTION_OF[step.resource], step.id, {
      priority: 'bulk',
      signal: this.controller.signal,
    });
    if (!read.ok && read.error.kind !== 'not_found') {
      const { error } = read;
      switch (error.kind) {
        case 'cancelled':
          return false;
        case 'network':
        case 'timeout':
          this.unreachable(error, (rowError) => this.stepFailed(unitIndex, stepIndex, rowError, true), 'not_sent');
          return false;
        case 'server':
        case 'rate_limited':
          if (this.serverFailed('send', unitIndex, stepIndex) < MAX_STEP_ATTEMPTS) {
            this.holdAndRetry(error);
            return false;
          }
          break;
      }
      this.stepFailed(unitIndex, stepIndex, rowErrorOf(error), true);
      return false;
    }
    this.networkFailuresInARow = 0;
    const image = beforeImageOf(step, read.ok ? read.value : null, this.sealer!);
    this.before.set(stepKey(unitIndex, stepIndex), image);
    return this.write({ kind: 'before', unit: unitIndex, step: stepIndex, image, at: this.timestamp() });
  }

  /**
   * A re-create met its old id, which the server keeps for the document it soft-deleted: it goes
   * again (perform puts its unit back) under a new id, journaled first, so a resume after a crash
   * sends it under the same new id and never makes two.
   */
  private reassign(unitIndex: number, stepIndex: number): void {
    const id = newDocumentId();
    this.networkFailuresInARow = 0;
    this.reassigned.set(stepKey(unitIndex, stepIndex), id);
    this.write({ kind: 'reassigned', unit: unitIndex, step: stepIndex, id, at: this.timestamp() });
  }

  /** The ids of this batch's re-creates that went under a new id: old → new. */
  private reassignedIds(): Map<string, string> {
    const ids = new Map<string, string>();
    for (const [key, id] of this.reassigned) {
      const [unitIndex, stepIndex] = key.split('.').map(Number);
      const step = this.spec.units[unitIndex!]?.steps[stepIndex!];
      if (step?.action === 'create') ids.set(step.id, id);
    }
    return ids;
  }

  /** The id a step's document has or gets: a re-create's new one once it was reassigned. */
  private idOf(unitIndex: number, stepIndex: number, step: ChangingStep): string {
    return this.reassigned.get(stepKey(unitIndex, stepIndex)) ?? step.id;
  }

  /** Counts (and journals) one more time the server failed this request; returns how many times it has. */
  private serverFailed(request: 'send' | 'delete', unitIndex: number, stepIndex: number): number {
    const key = stepKey(unitIndex, stepIndex);
    const count = (this.serverErrors[request].get(key) ?? 0) + 1;
    this.serverErrors[request].set(key, count);
    this.write({ kind: 'server_error', unit: unitIndex, step: stepIndex, request, at: this.timestamp() });
    return count;
  }

  /**
   * `id`: the document's (a re-create's reassigned one); `sentOnce`: the step's first create or
   * delete, which the client must not send again by itself (see send).
   */
  private async request(step: ChangingStep, id: string, acceptCharges: boolean, sentOnce: boolean): Promise<Result<StepAnswer>> {
    const options = { priority: 'bulk' as const, signal: this.controller.signal, resendWhenUnsure: !sentOnce };
    const collection = COLLECTION_OF[step.resource];
    switch (step.action) {
      case 'create': {
        const created = await createDocument(
          this.options.client,
          collection,
          { ...this.opened(withReassignedIds(step.document, this.reassignedIds())), id },
          {
            ...options,
            acceptCharges: acceptCharges && BILLABLE.has(step.resource),
            ...(step.resource === 'user' ? { sendEmailOnCreation: this.spec.sendWelcomeEmail } : {}),
          },
        );
        if (!created.ok) return created;
        return ok({ outcome: 'created', id, existed: created.value.existed, after: afterImageOf(created.value), note: null });
      }
      case 'update': {
        const changes = this.opened(withReassignedIds(step.changes, this.reassignedIds()));
        const patched = await patchDocument(this.options.client, collection, step.id, changes, options);
        return patched.ok
          ? ok({ outcome: 'updated', id: step.id, existed: false, after: afterImageOf(patched.value), note: null })
          : patched;
      }
      case 'delete': {
        const deleted = await deleteDocument(this.options.client, collection, step.id, options);
        if (!deleted.ok) return deleted;
        // Gone at the first DELETE: gone before this batch. At a later one: our earlier DELETE, whose answer was lost, did it.
        const wasGone = deleted.value.alreadyGone && sentOnce;
        return ok({ outcome: wasGone ? 'skipped' : 'deleted', id: step.id, existed: false, note: wasGone ? alreadyDeleted() : null });
      }
    }
  }

  /** Records the change about to be sent (a resend begins the same id again); returns its id for auditEnd. */
  private auditBegin(unitIndex: number, stepIndex: number, step: ChangingStep, rollback = false): string {
    const id = `${this.batchId}:${stepKey(unitIndex, stepIndex)}${rollback ? ':rollback' : ''}`;
    const audit = this.options.audit;
    if (!audit) return id;
    const action: AuditAction = rollback ? 'delete' : step.action;
    audit.begin({
      id,
      batchId: this.batchId,
      action,
      source: rollback ? 'rollback' : (this.spec.origin ?? 'import'),
      resource: step.resource,
      resourceId: this.idOf(unitIndex, stepIndex, step),
      name: step.label,
      fields:
        rollback && step.action === 'create'
          ? auditFieldsOf(this.opened(step.document), undefined)
          : this.auditFields(unitIndex, stepIndex, step),
    });
    return id;
  }

  /** A change's fields before → after: a create's whole document, an update's changed paths, a delete's whole before-image. */
  private auditFields(unitIndex: number, stepIndex: number, step: ChangingStep): AuditField[] {
    const before = this.before.get(stepKey(unitIndex, stepIndex));
    switch (step.action) {
      case 'create':
        return auditFieldsOf(undefined, this.opened(step.document));
      case 'update': {
        const was = before?.kind === 'fields' ? this.opened(documentOfFields(before.fields)) : undefined;
        return auditFieldsOf(was, this.opened(step.changes), leafPaths(step.changes));
      }
      case 'delete':
        return auditFieldsOf(before?.kind === 'document' ? this.opened(before.document) : undefined, undefined);
    }
  }

  private opened(document: Record<string, unknown>): Record<string, unknown> {
    return unsealDocument(document, this.sealer!);
  }

  private auditEnd(id: string, error: RowError | null, resourceId?: string, note?: string): void {
    this.options.audit?.end(
      id,
      error === null ? { ok: true, ...(resourceId ? { resourceId } : {}), ...(note ? { note } : {}) } : { ok: false, error: error.message },
    );
  }

  /**
   * A step failed for good: the unit's later steps are not sent; `rollback` then deletes what was
   * made (see nextRequest), including this step's own document when it is a create that was sent:
   * an earlier send may have made it. `ours` is false when the document is another batch's.
   */
  private stepFailed(unitIndex: number, stepIndex: number, error: RowError, viaRequest: boolean, ours = true): void {
    const step = this.spec.units[unitIndex]!.steps[stepIndex]!;
    const sent = (this.attempts.get(stepKey(unitIndex, stepIndex)) ?? 0) > 0;
    const mayExist = ours && sent && step.action === 'create' && this.spec.onFailure === 'rollback';
    this.finishStep(
      unitIndex,
      stepIndex,
      'failed',
      mayExist ? this.idOf(unitIndex, stepIndex, step) : this.states[unitIndex]![stepIndex]!.id,
      error,
      viaRequest,
    );
    this.notSent(unitIndex, stepIndex);
  }

  /** Every step after the one that failed, still to send, fails as not sent, saying why. */
  private notSent(unitIndex: number, cause: number): void {
    const unit = this.spec.units[unitIndex]!;
    const failed = unit.steps[cause]!;
    const why = this.states[unitIndex]![cause]!.error?.message ?? 'it failed';
    for (let later = cause + 1; later < unit.steps.length; later++) {
      if (this.states[unitIndex]![later]!.outcome !== 'pending') continue;
      const message = `Not sent: ${failed.label} failed: ${why}`;
      this.finishStep(unitIndex, later, 'not_sent', null, { message, column: null, fields: [] }, false);
    }
  }

  /**
   * Deletes what one step created, once its unit failed. A DELETE is journaled before it is sent;
   * a document already gone (a lost answer, a resume) counts as deleted. A delete the server keeps
   * refusing leaves the document `created`, with the reason: the results say what is left.
   */
  private async rollBack(unitIndex: number, stepIndex: number, id: string): Promise<void> {
    const unit = this.spec.units[unitIndex]!;
    const step = unit.steps[stepIndex]!;
    const key = stepKey(unitIndex, stepIndex);
    const attempt = (this.deletes.get(key) ?? 0) + 1;
    this.deletes.set(key, attempt);
    if (!this.write({ kind: 'deleting', unit: unitIndex, step: stepIndex, attempt, at: this.timestamp() })) return;
    const auditId = isChanging(step) ? this.auditBegin(unitIndex, stepIndex, step, true) : undefined;
    const answer = await deleteDocument(this.options.client, COLLECTION_OF[step.resource], id, {
      priority: 'bulk',
      signal: this.controller.signal,
    });
    const cause = unit.steps[causeOf(unit, this.states[unitIndex]!)!]!;
    const failedCreate = this.states[unitIndex]![stepIndex]!;
    if (auditId !== undefined && answer.ok) this.auditEnd(auditId, null, id);
    if (answer.ok && failedCreate.outcome === 'failed') {
      // The failed create stays the cause of the unit's failure, now with nothing of it left.
      this.networkFailuresInARow = 0;
      return this.finishStep(unitIndex, stepIndex, 'failed', null, failedCreate.error, true);
    }
    if (answer.ok) {
      this.networkFailuresInARow = 0;
      const message = `Rolled back (deleted) because ${cause.label} failed.`;
      return this.finishStep(unitIndex, stepIndex, 'rolled_back', id, { message, column: null, fields: [] }, true);
    }
    const { error } = answer;
    switch (error.kind) {
      case 'cancelled':
        return;
      case 'network':
      case 'timeout':
        return this.holdAndRetry(error);
      case 'server':
      case 'rate_limited':
        if (this.serverFailed('delete', unitIndex, stepIndex) < MAX_STEP_ATTEMPTS) return this.holdAndRetry(error);
        break;
    }
    if (auditId !== undefined) this.auditEnd(auditId, rowErrorOf(error));
    if (failedCreate.outcome === 'failed') {
      this.refusedDeletes.add(key);
      return this.finishStep(unitIndex, stepIndex, 'failed', id, failedCreate.error, true);
    }
    const message = `Still on the server: the rollback after ${cause.label} failed could not delete it: ${error.message}`;
    this.finishStep(unitIndex, stepIndex, 'created', id, { message, column: null, fields: [] }, true);
  }

  /** The server bills creates: stop taking work and ask once for the whole batch (the unit goes back to the queue in perform). */
  private askForCharges(): void {
    if (this.chargesPending) return;
    this.chargesPending = true;
    this.options.log.info('import.charges_required', { batchId: this.batchId });
    this.stateChanged();
  }

  /**
   * The client has already retried this request with backoff; failing the row now would fail the
   * rest of the batch too while the site's network is down. The unit goes back to the front and
   * the whole batch waits, longer each time, until the network answers or the technician cancels.
   */
  private holdAndRetry(error: AppError): void {
    // Requests that were already out when the first one failed do not lengthen the wait again.
    if (this.clock.now() >= this.holdUntil) this.networkFailuresInARow += 1;
    const waitMs = Math.min(HOLD_MAX_MS, HOLD_BASE_MS * 2 ** (this.networkFailuresInARow - 1));
    this.options.log.warn('import.batch_waiting', { batchId: this.batchId, kind: error.kind, detail: error.detail, waitMs });
    this.holdUntil = Math.max(this.holdUntil, this.clock.now() + waitMs);
    this.endHoldOnTime();
  }

  /**
   * Wakes the batch when its hold is over by the clock. A timer may fire a little before the clock
   * reads its end (Node's do): the batch would then find itself still held with nothing left to
   * wake it, so the rest is waited for again.
   */
  private endHoldOnTime(): void {
    this.clearHold();
    this.cancelHold = this.clock.schedule(Math.max(0, this.holdUntil - this.clock.now()), () => {
      this.cancelHold = undefined;
      if (this.clock.now() < this.holdUntil) this.endHoldOnTime();
      else this.wake();
    });
  }

  /**
   * The network kept failing through the client's retries: the batch waits for it (holdAndRetry),
   * or, when its spec says so, the step fails saying what happened and whether anything changed.
   */
  private unreachable(error: AppError, fail: (rowError: RowError) => void, sent: 'sent' | 'not_sent'): void {
    if (this.spec.whenUnreachable !== 'fail') return this.holdAndRetry(error);
    const message =
      sent === 'not_sent'
        ? `${error.message} Nothing was changed: try again when the network is back.`
        : `${error.message} Its answer never came, so this change may or may not have been made: check it, then try again when the network is back.`;
    fail({ message, column: null, fields: [] });
  }

  private clearHold(): void {
    this.cancelHold?.();
    this.cancelHold = undefined;
  }

  private finishStep(
    unitIndex: number,
    stepIndex: number,
    outcome: Exclude<ResourceOutcome, 'pending'>,
    id: string | null,
    error: RowError | null,
    viaRequest: boolean,
    after?: AfterImage,
  ): void {
    this.states[unitIndex]![stepIndex] = { outcome, id, error };
    this.write({ kind: 'done', unit: unitIndex, step: stepIndex, outcome, id, error, at: this.timestamp(), ...(after ? { after } : {}) });
    this.rowsChanged(unitIndex, viaRequest);
  }

  /** A unit's state changed: each of its rows is reported again (a person's state shows on all of them). */
  private rowsChanged(unitIndex: number, viaRequest: boolean): void {
    const changed = this.spec.units[unitIndex]!.rows.map((row) => {
      const result = rowResultOf(this.spec, this.states, unitIndex, row, this.context());
      this.rows[row] = result;
      return result;
    });
    this.pacer.rowsChanged(changed, viaRequest);
  }

  /** Records a new state in the journal and tells the UI at once. */
  private stateChanged(): void {
    const state = this.state;
    if (state !== this.recordedState) {
      this.recordedState = state;
      // People begun and not finished now read as incomplete.
      if (state === 'cancelled') {
        this.finishedAt = this.timestamp();
        this.spec.units.forEach((_, unitIndex) => this.rowsChanged(unitIndex, false));
      }
      this.write({ kind: 'state', state, at: this.timestamp() });
    }
    this.pacer.flush();
  }

  /** False when the disk refused: the batch stops, since what it sends could no longer be resumed exactly. */
  private write(entry: JournalEntry): boolean {
    if (this.fatal) return false;
    try {
      this.journal.append(entry);
      return true;
    } catch (error) {
      this.fatal = fail(
        'internal',
        'The batch stopped: its journal could not be written (is the disk full?). Resume it once there is room.',
        {
          detail: error instanceof Error ? error.message : String(error),
        },
      ).error;
      this.options.log.error('import.journal_failed', { batchId: this.batchId, error });
      this.controller.abort();
      this.wake();
      return false;
    }
  }

  private nextWake(): Promise<void> {
    return new Promise((resolve) => this.wakeups.push(resolve));
  }

  private wake(): void {
    const wakeups = this.wakeups;
    this.wakeups = [];
    for (const resolve of wakeups) resolve();
  }

  private timestamp(): string {
    return new Date(this.clock.now()).toISOString();
  }
}

const madeByAnotherBatch = (): RowError => ({
  message:
    'Already made by another batch: a document with this id was on the server before this batch sent it (was the same plan started twice?). This batch neither counts it nor deletes it.',
  column: null,
  fields: [],
});
const declined = (): RowError => ({ message: CHARGES_DECLINED, column: null, fields: [] });
const alreadyDeleted = (): RowError => ({ message: ALREADY_DELETED, column: null, fields: [] });
const changedAfterPlan = (): RowError => ({ message: CHANGED_AFTER_PLAN, column: null, fields: [] });
const gone = (step: Step): RowError => ({
  message: `This ${NOUNS[step.resource]} no longer exists on the server.`,
  column: null,
  fields: [],
});

const isChanging = (step: Step): step is ChangingStep => step.action === 'create' || step.action === 'update' || step.action === 'delete';

/** The document as the batch left it, for an undo to tell whether anything changed it since. */
const afterImageOf = ({ document, revision }: { document: unknown; revision: string | null }): AfterImage => ({
  revision,
  digest: documentDigest(document as Record<string, unknown>),
});
