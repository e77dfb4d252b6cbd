/** `/v2/accounts/{A}/vmboxes...` (cb_vmboxes): the boxes themselves; their messages are not modelled. */
import type { App } from './context';
import { documentHandlers } from './document-routes';
import type { Route } from './router';
import { vmboxSummary } from './vmboxes';

export function vmboxRoutes(app: App): Route[] {
  const base = '/v2/accounts/:account/vmboxes';
  const crud = documentHandlers(app, {
    collection: 'vmboxes',
    store: app.vmboxes,
    summary: vmboxSummary,
    // cb_vmboxes folds the page twice, so it comes out in ascending id order.
    order: 'ascending',
    billedAs: () => ({ category: 'voicemails', item: 'mailbox' }),
  });
  return [
    { path: base, auth: true, handlers: { GET: crud.list, PUT: crud.create } },
    { path: `${base}/:id`, auth: true, handlers: { GET: crud.get, POST: crud.replace, PATCH: crud.patch, DELETE: crud.remove } },
  ];
}
