import type { CanonicalColumn } from '../../common/import/columns';
import type { ColumnMapping, ResourceKind, RowIdentity } from '../../common/import/types';

/** One sheet row, as results and reports name it. */
export interface SheetRowRef {
  /** Index of the row in the draft. */
  row: number;
  /** Spreadsheet row number, for messages. */
  line: number;
  /** Device name, or the person's name on a row without a phone: for progress lists and reports. */
  name: string;
  /** Extension, MAC and SIP username, so results name the phone as it is labelled. */
  identity: RowIdentity;
}

interface StepBase {
  resource: ResourceKind;
  /**
   * The sheet rows this step serves, by draft index: a device step its own row; a person's user,
   * voicemail box and callflow steps every row of that person.
   */
  rows: number[];
  /** How results name the document: "Alice Smith", "Alice Smith's VMBox", "Desk 12", "extension 1001". */
  label: string;
}

/**
 * One request the batch may send. A create carries the id chosen for it (KAZOO honours a client's
 * id for users, voicemail boxes, devices and callflows), so sending it again after a crash or a
 * lost answer never creates twice.
 */
export type Step =
  | (StepBase & {
      action: 'create';
      id: string;
      /** May hold sealed values (`Sealed`, main/secrets/sealer.ts): the runner unseals them just before sending. */
      document: Record<string, unknown>;
      /**
       * A re-create by an undo: `id` is the deleted document's, which KAZOO keeps (soft delete), so its
       * 409 makes the runner choose a new id, journal it (`reassigned`) and send again under it.
       */
      newIdOnConflict?: true;
    })
  | (StepBase & {
      action: 'update';
      id: string;
      /** The PATCH body; may hold sealed values (an undo's restore of a password): opened just before sending, as a create's. */
      changes: Record<string, unknown>;
      changedColumns: CanonicalColumn[];
      /** The revision an undo's plan read: another one just before sending means it changed since, and it is left alone. */
      expectedRevision?: string;
    })
  /** A delete: the runner reads the whole document first and journals it (`before`), so an undo can re-create it. */
  | (StepBase & { action: 'delete'; id: string; expectedRevision?: string })
  | (StepBase & { action: 'skip'; id: string; reason: string })
  | (StepBase & { action: 'error'; reason: string; column: CanonicalColumn | null });

/**
 * What succeeds or fails together: a person (user → voicemail box → devices → callflow, in that
 * order, since each later document names the earlier ones) or a phone on its own. Steps run one
 * after another; units run side by side.
 */
export interface Unit {
  /** Stable within the batch: `person:<email or username>`, or `row:<index>` for a phone on its own. */
  key: string;
  /** "Alice Smith (ext 1001)" or the phone's name: how the plan, results and messages name the unit. */
  label: string;
  /** Its sheet rows, by draft index, in sheet order. */
  rows: number[];
  steps: Step[];
}

/** When one step of a person fails: undo what the batch made for them, or keep it for a resume to finish. */
export type OnUnitFailure = 'rollback' | 'keep';

/**
 * What started a batch: a sheet (`import`), a bulk action on devices (`bulk`: one unit per device,
 * no sheet, `headers`, `rows` and `mapping` empty), or an undo of another batch (`undo`).
 */
export type BatchOrigin = 'import' | 'bulk' | 'undo';

/** Everything a batch needs to run, resume and report, written at the head of its journal. */
export interface BatchSpec {
  batchId: string;
  /** Missing in journals written before undo existed: those are imports. */
  origin?: BatchOrigin;
  /** For an undo: the batch it undoes. */
  undoes?: string;
  name: string;
  connectionId: string;
  fileName: string;
  createdAt: string;
  /** The file as the technician fixed it, so the report can give their own columns back. */
  headers: string[];
  mapping: ColumnMapping;
  rows: Array<{ line: number; cells: string[] }>;
  /** Every row of the sheet, by draft index. */
  sheetRows: SheetRowRef[];
  units: Unit[];
  onFailure: OnUnitFailure;
  /**
   * What a step does when the network keeps failing after the client's own retries: `wait` (missing)
   * holds the whole batch until it answers, as an import or undo left running should; `fail` fails
   * the step with the reason, for a bulk action someone is waiting on in a dialog or a terminal.
   */
  whenUnreachable?: 'wait' | 'fail';
  /** New users get the server's welcome e-mail (with their password) only when this is true. */
  sendWelcomeEmail: boolean;
}

/**
 * Why a step with `expectedRevision` (an undo's restore or delete, carrying the revision its plan
 * read) was left alone: the document read just before sending it had another revision.
 */
export const CHANGED_AFTER_PLAN = 'Left alone: changed on the server after the undo was planned. Plan the undo again.';
