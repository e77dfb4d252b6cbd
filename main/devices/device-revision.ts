import type { DeviceDocument } from '../../common/devices';
import { ok, type Result } from '../../common/ipc/result';
import type { KazooClient, RequestOptions } from '../api/client';

export interface ReadDevice {
  document: DeviceDocument;
  /** The envelope's revision (the CouchDB `_rev`, also the ETag): what conflict detection compares. */
  revision: string | null;
}

/** `getDevice` drops the envelope; the editor needs its revision as well. */
export async function readDevice(client: KazooClient, id: string, options: RequestOptions = {}): Promise<Result<ReadDevice>> {
  const answer = await client.account<DeviceDocument>('GET', `/devices/${encodeURIComponent(id)}`, options);
  if (!answer.ok) return answer;
  return ok({ document: answer.value.envelope.data, revision: answer.value.envelope.revision ?? null });
}

/** The document without its SIP password: passwords leave main only where the user asks for one. */
export function withoutPassword(document: DeviceDocument): DeviceDocument {
  if (!document.sip || !('password' in document.sip)) return document;
  const { password: _hidden, ...sip } = document.sip;
  return { ...document, sip };
}

/** `patchDevice` with the new revision kept, so the editor can save again without reloading. */
export async function patchDeviceRevision(
  client: KazooClient,
  id: string,
  changes: Record<string, unknown>,
  options: RequestOptions = {},
): Promise<Result<ReadDevice>> {
  const answer = await client.account<DeviceDocument>('PATCH', `/devices/${encodeURIComponent(id)}`, {
    ...options,
    body: { data: changes },
  });
  if (!answer.ok) return answer;
  return ok({ document: answer.value.envelope.data, revision: answer.value.envelope.revision ?? null });
}
