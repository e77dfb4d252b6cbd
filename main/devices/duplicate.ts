import type { DeviceDocument, DeviceFields } from '../../common/devices';
import { generateSipPassword, generateSipUsername, takenUsernames } from '../../common/import/credentials';
import { fail, ok, type Result } from '../../common/ipc/result';
import { createDevice, newDocumentId } from '../api/devices';
import { auditFieldsOf } from '../audit/audit-fields';
import { audited } from '../audit/audited';
import { checkEdit, toEditorFields } from './edit-fields';
import type { SaveContext } from './save';
import { SIP_CREDENTIAL_TYPES } from '../../common/import/values';
import { readDocument } from '../api/documents';

/**
 * A new device with the settings of `id`: new name, new SIP credentials (two phones on one
 * account cannot share them) and no MAC (a MAC belongs to one physical phone).
 */
export async function duplicateDevice(context: SaveContext, id: string, name: string): Promise<Result<{ id: string }>> {
  const source = await readDocument<DeviceDocument>(context.client, 'devices', id);
  if (!source.ok) {
    return source.error.kind === 'not_found' ? fail('not_found', 'The device to copy no longer exists on the server.') : source;
  }
  const { id: _sourceId, mac_address: _mac, sip, ...settings } = source.value.document;
  const type = settings.device_type ?? 'sip_device';
  const checked = checkEdit({ name }, type);
  if (checked.errors.length > 0)
    return fail('validation', checked.errors.map((e) => e.message).join(' '), { fields: toEditorFields(checked.errors) });
  // Keys KAZOO computes (`_read_only`) are not settings and would be refused on create.
  const copy = Object.fromEntries(Object.entries(settings).filter(([key]) => !key.startsWith('_'))) as Omit<DeviceFields, 'name'>;
  const { username: _username, password: _password, ...sipSettings } = sip ?? {};
  const taken = takenUsernames((context.cache.list(context.connectionId)?.devices ?? []).flatMap((d) => d.sipUsername ?? []));
  const document: DeviceFields = {
    ...copy,
    name: checked.document.name ?? name,
    ...(SIP_CREDENTIAL_TYPES.has(type)
      ? { sip: { ...sipSettings, username: generateSipUsername(taken), password: generateSipPassword() } }
      : Object.keys(sipSettings).length > 0
        ? { sip: sipSettings }
        : {}),
  };
  const copyId = newDocumentId();
  const created = await audited(
    context.audit,
    {
      action: 'create',
      source: 'duplicate',
      resource: 'device',
      resourceId: copyId,
      name: document.name,
      fields: auditFieldsOf(undefined, document),
    },
    () => createDevice(context.client, { ...document, id: copyId }),
  );
  if (!created.ok)
    return created.error.fields ? { ok: false, error: { ...created.error, fields: toEditorFields(created.error.fields) } } : created;
  context.cache.setDocument(context.connectionId, created.value.device.id, { document: created.value.device, revision: null });
  return ok({ id: created.value.device.id });
}
