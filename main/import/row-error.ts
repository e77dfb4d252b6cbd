import { columnOfFieldPath } from '../../common/import/columns';
import type { AppError } from '../../common/ipc/result';
import type { RowError } from './journal';

/**
 * A server error put back on the technician's row: every field error keeps KAZOO's path and gets
 * the CSV column it came from, and the row points at the first field that has a column, so the
 * table can highlight the cell to fix.
 */
export function rowErrorOf(error: AppError): RowError {
  const fields = (error.fields ?? []).map((field) => ({ column: columnOfFieldPath(field.path), path: field.path, message: field.message }));
  return { message: error.message, column: fields.find((field) => field.column !== null)?.column ?? null, fields };
}
