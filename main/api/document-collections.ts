import type { ResourceKind } from '../../common/import/types';
import type { DocumentCollection } from './documents';

/** Where each kind of document a batch touches lives on the server. */
export const COLLECTION_OF: Record<ResourceKind, DocumentCollection> = {
  user: 'users',
  vmbox: 'vmboxes',
  device: 'devices',
  callflow: 'callflows',
};
