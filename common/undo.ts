import type { ResourceKind } from './import/types';

/**
 * What undoing one document of a batch does: delete what the batch created, restore what it
 * updated (PATCH back exactly the fields it changed, to their before-values), re-create what it
 * deleted (from its before-image; under a new id when the server keeps the old one, as KAZOO does
 * for a soft-deleted document), or nothing when the account already reads as before.
 */
export type UndoAction = 'delete' | 'restore' | 'recreate' | 'nothing';

/** One field an undo puts back: its value now and the value it gets back; secrets read "changed", never their values. */
export interface UndoField {
  path: string;
  now: string | null;
  back: string | null;
  secret: boolean;
}

export interface UndoItem {
  /** `<unit>.<step>` of the batch being undone: what `includeConflicts` names. */
  key: string;
  resource: ResourceKind;
  /** The document's id (for a re-create, the id it had). */
  id: string;
  name: string;
  action: UndoAction;
  /** For a restore: each field it puts back. For a delete or a re-create: empty. */
  fields: UndoField[];
  /**
   * Changed on the server since the batch touched it (by someone else, or by this app after):
   * left alone unless the technician ticks it. `fields` names what differs ("name", "sip.username").
   */
  conflict: { message: string; fields: string[] } | null;
  /** A device registered right now (undoing it may take a working phone offline); null when not a device or unknown. */
  registered: boolean | null;
  /** Why `nothing`: "Already deleted", "Already as before"; or a warning about this item. */
  note: string | null;
}

export interface UndoCounts {
  delete: number;
  restore: number;
  recreate: number;
  nothing: number;
  conflicts: number;
}

/** What "Undo this batch" would do, shown before anything is sent; starting it needs this planId. */
export interface UndoPlan {
  planId: string;
  batchId: string;
  batchName: string;
  connectionId: string;
  /** In the order the undo runs them: a person's callflow, phones, voicemail box, then user (reverse dependency order). */
  items: UndoItem[];
  counts: UndoCounts;
  /**
   * Where the key that seals the secrets of before-images lives: the OS keychain, or this app's
   * memory only (secrets sealed by an earlier run can then not be put back).
   */
  sealedWith: 'keychain' | 'memory';
  /** Items whose before-image holds a secret this run cannot unseal: restored without it, and said so in `note`. */
  unreadableSecrets: number;
  /** The undo batches already run for this batch, most recent first. */
  undoneBy: string[];
  createdAt: string;
}

/** The CLI's last line: `restored N, deleted N, recreated N, conflicts N, failed N`. */
export interface UndoTotals {
  restored: number;
  deleted: number;
  recreated: number;
  conflicts: number;
  failed: number;
}
