import type { DeviceDocument } from '../../common/devices';
import { EDITOR_FIELD_PATHS, type DeviceEdit, type EditorField, type FieldChange } from '../../common/devices-view';
import { formatMac } from '../../common/mac';
import { valueAt } from '../import/document-paths';

const HIDDEN = '(hidden)';

function shown(field: EditorField, value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (field === 'sip_password') return HIDDEN;
  if (field === 'mac_address' && typeof value === 'string') return formatMac(value);
  return String(value);
}

const editValue = (edit: DeviceEdit, field: EditorField): unknown => edit[field];

/**
 * What someone else changed on the server while the user edited. With the document the editor
 * was opened on (`base`), exactly the fields that moved since; without it (main restarted), the
 * fields where the user's values and the server's differ, so nothing is overwritten unseen.
 */
export function fieldChanges(edit: DeviceEdit, base: DeviceDocument | undefined, current: DeviceDocument): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [field, path] of Object.entries(EDITOR_FIELD_PATHS) as Array<[EditorField, string]>) {
    const theirs = shown(field, valueAt(current, path));
    const given = editValue(edit, field);
    if (base) {
      const before = shown(field, valueAt(base, path));
      const moved = field === 'sip_password' ? valueAt(base, path) !== valueAt(current, path) : before !== theirs;
      if (!moved) continue;
      changes.push({ field, yours: given === undefined ? before : shown(field, given), theirs });
    } else if (given !== undefined && shown(field, given) !== theirs) {
      changes.push({ field, yours: shown(field, given), theirs });
    }
  }
  return changes;
}
