import type { DeviceDocument } from '../../common/devices';
import type { RevisedDocument } from '../api/documents';

/** A device as the server answered it, with the revision the editor's conflict detection compares. */
export type ReadDevice = RevisedDocument<DeviceDocument>;

/** The document without its SIP password: passwords leave main only where the user asks for one. */
export function withoutPassword(document: DeviceDocument): DeviceDocument {
  if (!document.sip || !('password' in document.sip)) return document;
  const { password: _hidden, ...sip } = document.sip;
  return { ...document, sip };
}
