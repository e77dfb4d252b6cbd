/** `/v2/accounts/{A}/callflows...` (cb_callflows): list with filters and pagination, and CRUD. */
import { callflowMetadata, callflowSummary } from './callflows';
import type { App } from './context';
import { publicView } from './docs';
import { documentRoutes } from './document-routes';
import type { Route } from './router';

export const callflowRoutes = (app: App): Route[] =>
  documentRoutes(app, {
    collection: 'callflows',
    store: app.callflows,
    summary: callflowSummary,
    // Read through crossbar_doc:load_view like devices: each page comes out in descending id order.
    order: 'descending',
    // Only GET carries the computed `metadata`; PUT, POST and PATCH answer the stored document.
    view: (doc) => ({ ...publicView(doc), metadata: callflowMetadata(doc, app) }),
  });
