import type { DeviceDocument, DeviceFields } from '../../common/devices';
import { COLUMN_FIELD_PATHS, type DeviceColumn } from '../../common/import/columns';
import { setValueAt, valueAt } from './document-paths';

const comparable = (value: unknown): string => (value === undefined || value === null ? '' : String(value).trim().toLowerCase());

/**
 * What a row would change on an existing device: only the columns the file fills in, compared
 * as the server stores them. The PATCH body carries just those fields, so everything else on
 * the device (set in another tool, say) stays as it is.
 */
export function diffRow(
  row: DeviceFields,
  columns: readonly DeviceColumn[],
  existing: DeviceDocument,
): { changedColumns: DeviceColumn[]; changes: Record<string, unknown> } {
  const changedColumns: DeviceColumn[] = [];
  const changes: Record<string, unknown> = {};
  for (const column of columns) {
    const path = COLUMN_FIELD_PATHS[column];
    const wanted = valueAt(row, path);
    if (wanted === undefined) continue;
    // SIP passwords and names are case-sensitive; MACs, types and usernames are not.
    const same =
      column === 'sip_password' || column === 'name' || column.startsWith('caller_id')
        ? String(wanted) === String(valueAt(existing, path) ?? '')
        : comparable(wanted) === comparable(valueAt(existing, path));
    if (same) continue;
    changedColumns.push(column);
    setValueAt(changes, path, wanted);
  }
  return { changedColumns, changes };
}
