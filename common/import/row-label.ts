import { formatMac } from '../mac';
import type { RowIdentity } from './types';

/**
 * A phone as it is labelled on site: name, extension, MAC and SIP username, the parts that are
 * known, so a result, a report or a question never names a phone by its server id alone.
 */
export function rowLabel(name: string, identity: RowIdentity): string {
  const parts = [name.trim() === '' ? '(no name)' : `“${name}”`];
  if (identity.extension) parts.push(`ext ${identity.extension}`);
  if (identity.macAddress) parts.push(`MAC ${formatMac(identity.macAddress)}`);
  if (identity.sipUsername) parts.push(`SIP ${identity.sipUsername}`);
  return parts.join(' · ');
}
