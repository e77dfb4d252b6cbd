import type { AuditField } from './audit';

/**
 * One field as History, the CLI and the change report all write it: `path: before → after`; a
 * secret only says that it changed (or was removed), never its value.
 */
export function fieldChangeText(field: AuditField): string {
  if (field.secret) return `${field.path}: ${field.after === null ? 'removed' : 'changed'}`;
  return `${field.path}: ${field.before ?? '(empty)'} → ${field.after ?? '(empty)'}`;
}

export const fieldsText = (fields: readonly AuditField[]): string => fields.map(fieldChangeText).join('; ');
