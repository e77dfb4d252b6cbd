import type { UndoItem } from '../../common/undo';
import { leafPaths, valueAt } from '../import/document-paths';
import type { AfterImage } from '../import/journal';
import type { Sealer } from '../secrets/sealer';
import { documentDigest } from '../import/document-digest';
import { sameValue } from './same-value';
import { openedValue } from './sealed-values';

type JsonObject = Record<string, unknown>;

/** A document as the server has it now, with its revision. */
export interface DocumentNow {
  document: JsonObject;
  revision: string | null;
}

/**
 * The values one step of a batch wrote, by dotted path: every leaf of a create's document or of
 * an update's changes. A sealed value this key cannot open is left out: it cannot be compared.
 */
export function writtenValues(body: JsonObject, sealer: Sealer): Map<string, unknown> {
  const written = new Map<string, unknown>();
  for (const path of leafPaths(body)) {
    const value = openedValue(valueAt(body, path), sealer);
    if (value !== undefined) written.set(path, value);
  }
  return written;
}

/**
 * Whether a document changed on the server since the batch left it. Unchanged when its revision is
 * the one the batch's answer carried, or its public fields hash to the same digest (a later batch
 * changed it and that batch's undo changed it back). Else a conflict, naming the fields this batch
 * wrote that now read otherwise.
 */
export function conflictOf(after: AfterImage | undefined, now: DocumentNow, written: ReadonlyMap<string, unknown>): UndoItem['conflict'] {
  if (!after) {
    return {
      message: 'The batch did not record how it left this document, so a change since cannot be ruled out.',
      fields: [],
    };
  }
  if (after.revision !== null && now.revision === after.revision) return null;
  if (documentDigest(now.document) === after.digest) return null;
  const fields = [...written].filter(([path, value]) => !sameValue(valueAt(now.document, path), value)).map(([path]) => path);
  return fields.length > 0
    ? { message: `Changed since this batch: ${fields.join(', ')} ${fields.length === 1 ? 'reads' : 'read'} otherwise now.`, fields }
    : { message: 'Changed since this batch, in fields this batch did not set.', fields };
}
