import type { ResourceKind } from '../../common/import/types';

/** How the command line names each kind of document in its lines (a device is the technician's phone). */
export const RESOURCE_NAMES: Record<ResourceKind, string> = {
  user: 'user',
  vmbox: 'voicemail box',
  device: 'phone',
  callflow: 'extension',
};
