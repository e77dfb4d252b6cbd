import type { DeviceFields } from '../../common/devices';
import type { CanonicalColumn } from '../../common/import/columns';
import type { ColumnMapping, RowIdentity } from '../../common/import/types';

interface OperationBase {
  /** Index of the row in the draft. */
  row: number;
  /** Spreadsheet row number, for messages. */
  line: number;
  /** Device name, for progress lists and reports. */
  name: string;
  /** Extension, MAC and SIP username, so results name the phone as it is labelled (absent in journals of older versions). */
  identity?: RowIdentity;
}

/** How a row names its phone; journals written before rows carried it name it by nothing but its name. */
export const identityOfOperation = (operation: OperationBase): RowIdentity =>
  operation.identity ?? { extension: null, macAddress: null, sipUsername: null };

/**
 * What the plan decided for each row, and what the runner carries out. A create carries the id
 * chosen for it, so running it again (after a crash or a lost answer) never creates twice.
 */
export type Operation =
  | (OperationBase & { action: 'create'; deviceId: string; document: DeviceFields })
  | (OperationBase & { action: 'update'; deviceId: string; changes: Record<string, unknown>; changedColumns: CanonicalColumn[] })
  | (OperationBase & { action: 'skip'; deviceId: string; reason: string })
  | (OperationBase & { action: 'error'; reason: string; column: CanonicalColumn | null });

/** Everything a batch needs to run, resume and report, written at the head of its journal. */
export interface BatchSpec {
  batchId: string;
  name: string;
  connectionId: string;
  fileName: string;
  createdAt: string;
  /** The file as the technician fixed it, so the report can give their own columns back. */
  headers: string[];
  mapping: ColumnMapping;
  rows: Array<{ line: number; cells: string[] }>;
  operations: Operation[];
}
