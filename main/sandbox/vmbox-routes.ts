/** `/v2/accounts/{A}/vmboxes...` (cb_vmboxes): the boxes themselves; their messages are not modelled. */
import type { App } from './context';
import { documentRoutes } from './document-routes';
import type { Route } from './router';
import { vmboxSummary } from './vmboxes';

export const vmboxRoutes = (app: App): Route[] =>
  documentRoutes(app, {
    collection: 'vmboxes',
    store: app.vmboxes,
    summary: vmboxSummary,
    // cb_vmboxes folds the page twice, so it comes out in ascending id order.
    order: 'ascending',
    billedAs: () => ({ category: 'voicemails', item: 'mailbox' }),
  });
