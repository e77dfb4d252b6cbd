import type { ResourceKind } from './import/types';

/** What a change did to a document; phone actions change no document but are recorded all the same. */
export type AuditAction = 'create' | 'update' | 'delete' | 'reboot' | 'resync' | 'quickcall';

/** Which part of the app sent it. */
export type AuditSource = 'import' | 'bulk' | 'editor' | 'duplicate' | 'undo' | 'rollback' | 'phone_action';

export const AUDIT_ACTIONS: readonly AuditAction[] = ['create', 'update', 'delete', 'reboot', 'resync', 'quickcall'];
export const AUDIT_SOURCES: readonly AuditSource[] = ['import', 'bulk', 'editor', 'duplicate', 'undo', 'rollback', 'phone_action'];

/** One changed field; a secret (SIP password, user password, voicemail PIN) reads "changed", never its value. */
export interface AuditField {
  path: string;
  before: string | null;
  after: string | null;
  secret: boolean;
}

/** What main writes before the request: everything but the answer. */
export interface AuditIntent {
  /** Stable for a batch step (`<batchId>:<unit>.<step>`, `:rollback` for its rollback's delete), so a resend never makes a second record. */
  id: string;
  batchId: string | null;
  action: AuditAction;
  source: AuditSource;
  resource: ResourceKind;
  /** The document's id; for a create, the id chosen for it. */
  resourceId: string;
  name: string;
  fields: AuditField[];
}

/**
 * The answer, written after it: done, failed with the reason in words, or (for a create under a new
 * id) the id it got. `note` says a change that was answered but changed nothing (a delete that found
 * the document already gone), so History does not read it as the app's doing.
 */
export type AuditOutcome = { ok: true; resourceId?: string; note?: string } | { ok: false; error: string };

/** One record as History shows it: the intent, who and where, and how it ended. */
export interface AuditRecord extends AuditIntent {
  at: string;
  connectionId: string;
  connectionName: string;
  accountId: string;
  /** The user signed in to this computer who made the change. */
  desktopUser: string;
  /** `unknown`: written before a request whose answer never came (the app closed, the network dropped). */
  outcome: 'done' | 'failed' | 'unknown';
  error: string | null;
  /** A done change that changed nothing, in words: "already deleted …". */
  note: string | null;
  completedAt: string | null;
}

export interface AuditQuery {
  /** ISO time: only records at or after it. */
  since?: string;
  until?: string;
  action?: AuditAction;
  source?: AuditSource;
  /** A document id: the records of that device (or user, box, callflow). */
  resourceId?: string;
  batchId?: string;
  /** Words in the name, id or fields. */
  text?: string;
  /** Newest first; at most this many. */
  limit?: number;
}
