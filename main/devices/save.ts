import type { DeviceDocument, DeviceFields } from '../../common/devices';
import { EDITOR_FIELD_PATHS, type DeviceEdit, type DeviceSaveResult, type EditorField } from '../../common/devices-view';
import { generateSipPassword, generateSipUsername, takenUsernames } from '../../common/import/credentials';
import { deviceTypeOf } from '../../common/import/values';
import { fail, ok, type FieldError, type Result } from '../../common/ipc/result';
import type { KazooClient } from '../api/client';
import { auditFieldsOf } from '../audit/audit-fields';
import { leafPaths } from '../import/document-paths';
import type { AuditSink } from '../audit/audit-sink';
import { audited } from '../audit/audited';
import { createDevice, newDocumentId } from '../api/devices';
import { checkDevice } from '../api/device-schema';
import { diffRow } from '../import/diff';
import { setValueAt, valueAt } from '../import/document-paths';
import type { DevicesCache } from './cache';
import { fieldChanges } from './conflict';
import { checkEdit, toEditorFields } from './edit-fields';
import { mergePatch } from './merge-patch';
import { SIP_CREDENTIAL_TYPES } from '../../common/import/values';
import { patchDocument, readDocument } from '../api/documents';

export interface SaveContext {
  client: KazooClient;
  connectionId: string;
  cache: DevicesCache;
  /** The audit log of the connection's account: every create and PATCH sent is recorded in it. */
  audit: AuditSink;
}

export interface SaveInput {
  id?: string;
  fields: DeviceEdit;
  baseRevision?: string;
  force?: boolean;
}

const GONE =
  'This device was deleted on the server while you were editing it. Close the editor; save it as a new device if you still need it.';

function invalid(errors: FieldError[]): Result<never> {
  const summary = errors.map((error) => `${error.path}: ${error.message}`).join(' ');
  return fail('validation', `Some fields need fixing before saving. ${summary}`, { fields: errors });
}

/** A KAZOO 400 with its field paths renamed to the editor's fields. */
function serverRefused<T>(result: Result<T>): Result<T> {
  if (result.ok || !result.error.fields) return result;
  return { ok: false, error: { ...result.error, fields: toEditorFields(result.error.fields) } };
}

function withOwner(document: Partial<DeviceDocument>, edit: DeviceEdit): Partial<DeviceDocument> {
  if (edit.owner_id === undefined || edit.owner_id === null) return document;
  return { ...document, owner_id: edit.owner_id };
}

async function create(context: SaveContext, fields: DeviceEdit): Promise<Result<DeviceSaveResult>> {
  const type = deviceTypeOf(fields.device_type?.trim() || 'sip_device').value;
  const checked = checkEdit({ ...fields, name: fields.name ?? '' }, type);
  if (checked.errors.length > 0) return invalid(toEditorFields(checked.errors));
  let document = withOwner({ ...checked.document, device_type: type }, fields) as DeviceFields;
  if (SIP_CREDENTIAL_TYPES.has(type)) {
    const taken = takenUsernames((context.cache.list(context.connectionId)?.devices ?? []).flatMap((d) => d.sipUsername ?? []));
    document = {
      ...document,
      sip: {
        ...document.sip,
        username: document.sip?.username ?? generateSipUsername(taken),
        password: document.sip?.password ?? generateSipPassword(),
      },
    };
  }
  const schema = checkDevice(document);
  if (schema.length > 0) return invalid(toEditorFields(schema));
  // A client-chosen id makes a retried create after a lost answer find its first attempt instead of creating twice.
  const id = newDocumentId();
  const created = serverRefused(
    await audited(
      context.audit,
      {
        action: 'create',
        source: 'editor',
        resource: 'device',
        resourceId: id,
        name: document.name,
        fields: auditFieldsOf(undefined, document),
      },
      () => createDevice(context.client, { ...document, id }),
    ),
  );
  if (!created.ok) return created;
  const { device } = created.value;
  context.cache.setDocument(context.connectionId, device.id, { document: device, revision: null });
  return ok({ outcome: 'saved', id: device.id, created: true, revision: null, changedFields: [] });
}

/** The PATCH body: only what differs from the stored device; emptied fields and a cleared owner as `null`, which removes them. */
function changesOf(fields: DeviceEdit, current: DeviceDocument, type: string) {
  const checked = checkEdit(fields, type);
  if (checked.errors.length > 0) return { valid: false, errors: toEditorFields(checked.errors) } as const;
  const columns = checked.columns.filter((column) => column !== 'device_type');
  const { changedColumns, changes } = diffRow(checked.document as DeviceFields, columns, current);
  const changed: EditorField[] = changedColumns.map((column) => (column === 'owner' ? 'owner_id' : column));
  for (const field of checked.removed) {
    const path = EDITOR_FIELD_PATHS[field];
    if (valueAt(current, path) === undefined) continue;
    setValueAt(changes, path, null);
    changed.push(field);
  }
  if (fields.owner_id !== undefined && (fields.owner_id ?? undefined) !== current.owner_id) {
    changes.owner_id = fields.owner_id;
    changed.push('owner_id');
  }
  return { valid: true, changes, changed } as const;
}

async function update(context: SaveContext, id: string, input: SaveInput): Promise<Result<DeviceSaveResult>> {
  // The rules that can fail do not depend on the type, so a bad MAC is refused before any request.
  const early = checkEdit(input.fields, 'sip_device');
  if (early.errors.length > 0) return invalid(toEditorFields(early.errors));
  // KAZOO's If-Match support is unverified in production (research §8) and the client sends no
  // custom headers, so the check is a re-read just before the PATCH: a narrow window, not none.
  const current = await readDocument<DeviceDocument>(context.client, 'devices', id);
  if (!current.ok) return current.error.kind === 'not_found' ? fail('not_found', GONE, { detail: current.error.detail }) : current;
  const { document, revision } = current.value;
  if (input.baseRevision !== undefined && revision !== null && revision !== input.baseRevision && input.force !== true) {
    const base = context.cache.document(context.connectionId, id);
    const changes = fieldChanges(input.fields, base?.revision === input.baseRevision ? base.document : undefined, document);
    // A change to something the editor does not show (a setting made in another tool) is kept by the PATCH anyway.
    if (changes.length > 0) {
      context.cache.setDocument(context.connectionId, id, current.value);
      return ok({ outcome: 'conflict', id, revision, changes });
    }
  }
  const type = document.device_type ?? 'sip_device';
  const wantedType = input.fields.device_type?.trim();
  if (wantedType && deviceTypeOf(wantedType).value !== type) {
    return invalid([
      {
        path: 'device_type',
        code: 'device_type_fixed',
        message: `A device's type cannot change once created (this one is ${type}). Create a new device instead.`,
      },
    ]);
  }
  const planned = changesOf(input.fields, document, type);
  if (!planned.valid) return invalid(planned.errors);
  if (planned.changed.length === 0) return ok({ outcome: 'saved', id, created: false, revision, changedFields: [] });
  const after = mergePatch(document, planned.changes);
  const schema = checkDevice(after);
  if (schema.length > 0) return invalid(toEditorFields(schema));
  const saved = await audited(
    context.audit,
    {
      action: 'update',
      source: 'editor',
      resource: 'device',
      resourceId: id,
      name: typeof after.name === 'string' ? after.name : (document.name ?? id),
      // The document just read is the before; only the paths the PATCH sets are recorded.
      fields: auditFieldsOf(document, after, leafPaths(planned.changes)),
    },
    () => patchDocument<DeviceDocument>(context.client, 'devices', id, planned.changes),
  );
  if (!saved.ok) return saved.error.kind === 'not_found' ? fail('not_found', GONE, { detail: saved.error.detail }) : serverRefused(saved);
  context.cache.setDocument(context.connectionId, id, saved.value);
  return ok({ outcome: 'saved', id, created: false, revision: saved.value.revision, changedFields: planned.changed });
}

/** Saves the editor's fields: a create without an id, else a PATCH of what changed, refusing to overwrite edits made meanwhile unless forced. */
export function saveDevice(context: SaveContext, input: SaveInput): Promise<Result<DeviceSaveResult>> {
  return input.id === undefined ? create(context, input.fields) : update(context, input.id, input);
}
