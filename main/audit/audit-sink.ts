import type { AuditIntent, AuditOutcome } from '../../common/audit';

/**
 * Where every change the app sends is recorded, bound to one connection (its account's log). A
 * record is written before the request (`begin`) and completed after the answer (`end`), so a
 * crash in between leaves a record whose outcome reads "unknown", never no record. Beginning an id
 * again (a resend after a crash) adds nothing new: History shows one record per id.
 */
export interface AuditSink {
  begin(intent: AuditIntent): void;
  end(id: string, outcome: AuditOutcome): void;
}
