import { z } from 'zod';
import type { RequestChannel } from './channels';
import type { ConnectionCheck, ConnectionsOverview, ConnectionView } from '../connections';
import {
  BULK_ACTIONS,
  EDITOR_TEXT_FIELDS,
  MAX_BULK_DEVICES,
  type BulkResult,
  type DeviceDetail,
  type DeviceSaveResult,
  type DevicesSnapshot,
  type EditorTextField,
  type PhoneActionOutcome,
} from '../devices-view';
import { CANONICAL_COLUMNS } from '../import/columns';
import type { BatchProgress, BatchSummary, CellIssue, DraftAccount, ImportDraft, ImportPlan, ImportRow, RowResult } from '../import/types';
import { AUDIT_ACTIONS, AUDIT_SOURCES, type AuditAction, type AuditRecord, type AuditSource } from '../audit';
import { certificateFingerprintSchema, connectionIdSchema, connectionInputSchema } from '../profiles';
import type { UndoPlan } from '../undo';
import type { UpdateStatus } from '../updates';
import { MAX_POLL_SECONDS, MIN_POLL_SECONDS, type RegistrationState, type RegistrationsSnapshot } from '../registrations';

const draftId = z.string().regex(/^[0-9a-f]{32}$/);
const batchId = z.string().regex(/^[0-9a-f]{32}$/);
const planId = z.string().regex(/^[0-9a-f]{32}$/);
/** 50 MB of file as base64, plus room for the encoding; the size rule itself is checked in main with a clear message. */
const MAX_BASE64_LENGTH = Math.ceil((50 * 1024 * 1024 * 4) / 3) + 16;
/** KAZOO makes 32-hex ids, but a client may choose its own; this keeps any id safe inside a URL path. */
const deviceId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
/** The precise limits are the import's row rules, checked in main with field messages; this only bounds the input. */
const deviceEditSchema = z
  .object({
    ...(Object.fromEntries(EDITOR_TEXT_FIELDS.map((field) => [field, z.string().max(1000).optional()])) as Record<
      EditorTextField,
      z.ZodOptional<z.ZodString>
    >),
    enabled: z.boolean().optional(),
    owner_id: deviceId.nullable().optional(),
  })
  .strict();
const isoTime = z.string().datetime({ offset: true });
const auditQuery = z
  .object({
    since: isoTime.optional(),
    until: isoTime.optional(),
    action: z.enum(AUDIT_ACTIONS as [AuditAction, ...AuditAction[]]).optional(),
    source: z.enum(AUDIT_SOURCES as [AuditSource, ...AuditSource[]]).optional(),
    resourceId: deviceId.optional(),
    batchId: batchId.optional(),
    text: z.string().max(200).optional(),
    limit: z.number().int().min(1).max(100_000).optional(),
  })
  .strict();
/** Quickcall dials what a keypad can: digits, a leading +, * and #. */
export const dialNumber = z.string().regex(/^\+?[0-9*#]{1,32}$/);

/**
 * Every request channel, declared once: its name and a zod schema for its single object
 * argument. main validates each call against this; preload and the renderer's types derive from
 * it. Result types live in `RequestResults` beside it.
 */
export const requestSchemas = {
  'app:info': z.object({}).strict(),
  'app:ping': z.object({ message: z.string().max(200) }).strict(),
  /** Quits and starts the app again (after a crash); hosts that cannot restart themselves say so. */
  'app:restart': z.object({}).strict(),
  'connections:list': z.object({}).strict(),
  'connections:save': connectionInputSchema,
  'connections:remove': z.object({ id: connectionIdSchema }).strict(),
  'connections:check': z.object({ id: connectionIdSchema }).strict(),
  'connections:activate': z.object({ id: connectionIdSchema.nullable() }).strict(),
  'connections:startDemo': z.object({}).strict(),
  'connections:pinCertificate': z.object({ id: connectionIdSchema, sha256: certificateFingerprintSchema }).strict(),
  /** A CSV file's bytes (base64); main decodes, parses, maps and checks it. */
  'import:load': z.object({ fileName: z.string().min(1).max(260), contentBase64: z.string().max(MAX_BASE64_LENGTH) }).strict(),
  /** Override what was detected, or change the mapping; everything is re-checked. */
  'import:configure': z
    .object({
      draftId,
      encoding: z.enum(['utf-8', 'utf-16le', 'utf-16be', 'windows-1252']).optional(),
      delimiter: z.enum([',', ';', '\t']).optional(),
      headerRow: z.number().int().min(0).max(1000).optional(),
      mapping: z.array(z.enum(CANONICAL_COLUMNS).nullable()).max(500).optional(),
    })
    .strict(),
  /** Cells fixed in the grid. */
  'import:editCells': z
    .object({
      draftId,
      edits: z
        .array(
          z.object({ row: z.number().int().min(0), sourceColumn: z.number().int().min(0).max(500), value: z.string().max(1000) }).strict(),
        )
        .min(1)
        .max(10_000),
    })
    .strict(),
  /** `onExisting` for phones found on the account, `onExistingPerson` for people (users) found there. */
  'import:plan': z
    .object({
      draftId,
      match: z.enum(['mac', 'sip_username']),
      onExisting: z.enum(['skip', 'update']),
      onExistingPerson: z.enum(['skip', 'update']),
    })
    .strict(),
  /** Starts the plan the technician was shown; changes that can take registered phones offline must be confirmed by device. */
  'import:start': z
    .object({
      draftId,
      planId,
      name: z.string().trim().min(1).max(120),
      confirmedRegisteredDeviceIds: z.array(deviceId).max(100_000),
      /** When a step of a person fails: delete what the batch made for them, or keep it for a resume to finish. */
      onFailure: z.enum(['rollback', 'keep']),
      /** New users get the server's welcome e-mail (it carries their password) only when asked. */
      sendWelcomeEmail: z.boolean(),
    })
    .strict(),
  'import:control': z.object({ batchId, action: z.enum(['pause', 'resume', 'cancel', 'accept_charges', 'decline_charges']) }).strict(),
  'import:batches': z.object({}).strict(),
  'import:results': z.object({ batchId }).strict(),
  'import:report': z.object({ batchId, includePasswords: z.boolean() }).strict(),
  /** What undoing a batch (import, bulk action or undo) would do, read against the account now; nothing is sent. */
  'batches:undoPlan': z.object({ batchId }).strict(),
  /** Runs the undo plan `planId` as a new batch (progress as import:progress); conflicts run only when their item key is listed. */
  'batches:undo': z.object({ batchId, planId, includeConflicts: z.array(z.string().max(40)).max(100_000) }).strict(),
  /** The active connection's account's audit records, newest first, filtered. */
  'audit:list': auditQuery,
  /** The same records as CSV, for the customer's change report. */
  'audit:export': auditQuery,
  /** The active connection's devices and users; served from main's cache unless `refresh`. */
  'devices:list': z.object({ refresh: z.boolean() }).strict(),
  /** The full document for the editor, without its SIP password, with its revision. */
  'devices:get': z.object({ id: deviceId }).strict(),
  'devices:revealPassword': z.object({ id: deviceId }).strict(),
  /** No id creates. `baseRevision` from devices:get detects edits made meanwhile; `force` saves over them. */
  'devices:save': z
    .object({
      id: deviceId.optional(),
      fields: deviceEditSchema,
      baseRevision: z.string().max(200).optional(),
      force: z.boolean().optional(),
    })
    .strict(),
  'devices:duplicate': z.object({ id: deviceId, name: z.string().max(1000) }).strict(),
  /** `delete` needs `confirm: true`; `set_owner` needs `ownerId` (null: no owner). */
  'devices:bulk': z
    .object({
      ids: z.array(deviceId).min(1).max(MAX_BULK_DEVICES),
      action: z.enum(BULK_ACTIONS),
      ownerId: deviceId.nullable().optional(),
      confirm: z.boolean().optional(),
    })
    .strict(),
  'devices:sync': z.object({ id: deviceId, reboot: z.boolean() }).strict(),
  'devices:quickcall': z.object({ id: deviceId, number: dialNumber }).strict(),
  'devices:quickcallNumber': z.object({}).strict(),
  /** One phone's registration now, for the editor (Audian's per-device status, or the account's where that is missing). */
  'devices:registration': z.object({ id: deviceId }).strict(),
  /** Without ids, every device of the cached list. */
  'devices:export': z.object({ ids: z.array(deviceId).max(MAX_BULK_DEVICES).optional(), includePasswords: z.boolean() }).strict(),
  /**
   * Starts (or re-aims) the Live view's watch; changes then arrive as registrations:changed pushes,
   * alerts as registrations:alert. `intervalSeconds` sets how often main polls (it stays until changed).
   */
  'registrations:watch': z
    .object({
      batchId: batchId.nullable().optional(),
      intervalSeconds: z.number().int().min(MIN_POLL_SECONDS).max(MAX_POLL_SECONDS).optional(),
    })
    .strict(),
  'registrations:unwatch': z.object({}).strict(),
  /** A hidden window polls slowly. */
  'registrations:visibility': z.object({ hidden: z.boolean() }).strict(),
  /** The customer's sign-off sheet: every device of the batch with its registration. */
  'registrations:report': z.object({ batchId }).strict(),
  /** Asks where to save, then writes the zip of logs, versions and settings a support engineer needs; no secret inside. */
  'support:exportBundle': z.object({}).strict(),
  'updates:status': z.object({}).strict(),
  'updates:restart': z.object({}).strict(),
} as const satisfies Record<RequestChannel, z.ZodType>;

export interface AppInfo {
  name: string;
  version: string;
  /** Where `window.audian` is served from: the Electron shell or the browser preview bridge. */
  host: 'electron' | 'preview' | 'cli';
  platform: string;
}

export interface Pong {
  message: string;
  receivedAt: string;
}

export interface RequestResults {
  'app:info': AppInfo;
  'app:ping': Pong;
  'app:restart': Record<string, never>;
  'connections:list': ConnectionsOverview;
  'connections:save': ConnectionView;
  'connections:remove': { id: string };
  'connections:check': ConnectionCheck;
  'connections:activate': ConnectionsOverview;
  'connections:startDemo': ConnectionView;
  'connections:pinCertificate': ConnectionView;
  'import:load': ImportDraft;
  'import:configure': ImportDraft;
  'import:editCells': { rows: Array<{ index: number; row: ImportRow }>; issues: CellIssue[]; account: DraftAccount | null };
  'import:plan': ImportPlan;
  'import:start': BatchProgress;
  'import:control': BatchProgress;
  'import:batches': BatchSummary[];
  'import:results': { progress: BatchProgress; rows: RowResult[] };
  'import:report': { fileName: string; csv: string };
  'batches:undoPlan': UndoPlan;
  'batches:undo': BatchProgress;
  /** `total`: how many records match before `limit`. */
  'audit:list': { records: AuditRecord[]; total: number };
  'audit:export': { fileName: string; csv: string };
  'devices:list': DevicesSnapshot;
  'devices:get': DeviceDetail;
  'devices:revealPassword': { password: string | null };
  'devices:save': DeviceSaveResult;
  'devices:duplicate': { id: string };
  'devices:bulk': BulkResult;
  'devices:sync': PhoneActionOutcome;
  'devices:quickcall': PhoneActionOutcome;
  'devices:quickcallNumber': { number: string | null };
  /** In the server's own words where it gives them (Audian's `status: disabled`). */
  'devices:registration': { state: RegistrationState; checkedAt: string };
  'devices:export': { fileName: string; csv: string; written: number; omitted: BulkResult['results'] };
  'registrations:watch': RegistrationsSnapshot;
  'registrations:unwatch': Record<string, never>;
  'registrations:visibility': Record<string, never>;
  'registrations:report': { fileName: string; csv: string };
  /** `path` is where the user chose to save it (the app's own folder where no dialog exists). */
  'support:exportBundle': { saved: false } | { saved: true; path: string; bytes: number; files: number };
  'updates:status': UpdateStatus;
  /** Answered only when the restart is refused: on success the app quits to install. */
  'updates:restart': null;
}

export type RequestInput<C extends RequestChannel> = z.input<(typeof requestSchemas)[C]>;
export type ParsedRequestInput<C extends RequestChannel> = z.output<(typeof requestSchemas)[C]>;
export type RequestOutput<C extends RequestChannel> = RequestResults[C];

export type { RequestChannel };
