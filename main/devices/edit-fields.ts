import type { DeviceDocument } from '../../common/devices';
import { EDITOR_TEXT_FIELDS, type DeviceEdit, type EditorField, type EditorTextField } from '../../common/devices-view';
import { columnOfFieldPath, isDeviceColumn, type DeviceColumn } from '../../common/import/columns';
import { columnSources } from '../../common/import/mapping';
import { rowIssues } from '../../common/import/row-rules';
import { rowToDevice } from '../../common/import/to-device';
import type { ColumnMapping } from '../../common/import/types';
import type { FieldError } from '../../common/ipc/result';

/** Fields an empty text removes from the device. Name, type and SIP credentials cannot be emptied: an empty one keeps the value. */
const REMOVABLE = new Set<EditorTextField>([
  'mac_address',
  'caller_id_internal_number',
  'caller_id_internal_name',
  'caller_id_external_number',
  'caller_id_external_name',
  'call_forward_number',
  'brand',
  'family',
  'model',
]);

export interface CheckedEdit {
  /** The given values in the form KAZOO stores them (MAC normalised, catalogue names lowercase). */
  document: Partial<DeviceDocument>;
  /** The columns that carry a value, for comparing with the stored document. */
  columns: DeviceColumn[];
  /** Fields the user emptied, to be removed. */
  removed: EditorTextField[];
  errors: FieldError[];
}

/**
 * The editor's fields checked by the import's own row rules and turned into a document by the
 * import's own builder: the editor is a one-row import, so a MAC or a password the import would
 * refuse is refused here with the same words. `deviceType` is the type the device has (or gets).
 */
export function checkEdit(edit: DeviceEdit, deviceType: string): CheckedEdit {
  const mapping: ColumnMapping = ['device_type'];
  const cells = [deviceType];
  const removed: EditorTextField[] = [];
  for (const field of EDITOR_TEXT_FIELDS) {
    const value = edit[field];
    if (value === undefined || field === 'device_type') continue;
    const trimmed = value.trim();
    if (trimmed === '' && field !== 'name') {
      if (REMOVABLE.has(field)) removed.push(field);
      continue;
    }
    mapping.push(field);
    cells.push(trimmed);
  }
  if (edit.enabled !== undefined) {
    mapping.push('enabled');
    cells.push(String(edit.enabled));
  }
  const issues = rowIssues(0, { line: 1, cells }, { sources: columnSources(mapping), headerCount: cells.length, delimiter: ',' });
  const errors = issues
    .filter((issue) => issue.severity === 'error')
    .map((issue) => ({ path: issue.column ?? 'device', code: issue.code, message: issue.message }));
  const columns = mapping.filter((column): column is DeviceColumn => column !== null && isDeviceColumn(column));
  return { document: rowToDevice(cells, mapping).document, columns, removed, errors };
}

/** A KAZOO field path (from its schema or a 400) as the editor field it belongs to, so the error shows beside that field. */
export function editorFieldOf(path: string): EditorField | string {
  const column = columnOfFieldPath(path);
  if (column === null) return path.startsWith('owner_id') ? 'owner_id' : path;
  return column === 'owner' ? 'owner_id' : column;
}

export const toEditorFields = (errors: readonly FieldError[]): FieldError[] =>
  errors.map((error) => ({ ...error, path: editorFieldOf(error.path) }));
