/** `/v2/accounts/{A}/callflows...` (cb_callflows): list with filters and pagination, and CRUD. */
import type { App, Reply, RequestContext } from './context';
import { checkIfMatch, requestValue } from './context';
import type { Doc } from './docs';
import { publicView } from './docs';
import { buildFilter } from './filters';
import { pageRequest, paginate } from './pagination';
import type { Route } from './router';

export function callflowRoutes(app: App): Route[] {
  const { callflows, state } = app;
  const base = '/v2/accounts/:account/callflows';
  const callflowId = (context: RequestContext): string => context.params['callflow'] as string;
  const docReply = (doc: Doc, status = 200): Reply => ({ status, data: publicView(doc), revision: doc._rev });

  const list = (context: RequestContext): Reply => {
    const page = paginate(state.liveCallflows(), buildFilter(context.query), pageRequest(context.query));
    // Read through crossbar_doc:load_view like devices: each page comes out in descending id order.
    return { data: page.docs.reverse().map((doc) => callflows.summary(doc)), paging: page.paging };
  };

  const create = (context: RequestContext): Reply => {
    const doc = callflows.create(context.data);
    return { ...docReply(doc, 201), headers: { location: `/v2/accounts/${state.account.id}/callflows/${doc._id}` } };
  };

  /** Only GET carries the computed `metadata`; PUT, POST and PATCH answer the stored document. */
  const get = (context: RequestContext): Reply => {
    const doc = callflows.get(callflowId(context));
    return { data: { ...publicView(doc), metadata: callflows.metadata(doc) }, revision: doc._rev };
  };

  const write =
    (how: 'replace' | 'patch') =>
    (context: RequestContext): Reply => {
      const id = callflowId(context);
      checkIfMatch(context, callflows.get(id));
      return docReply(how === 'replace' ? callflows.replace(id, context.data) : callflows.patch(id, context.data));
    };

  const remove = (context: RequestContext): Reply => {
    const id = callflowId(context);
    checkIfMatch(context, callflows.get(id));
    const flag = requestValue(context, 'should_soft_delete');
    return { data: callflows.remove(id, flag !== false && flag !== 'false') };
  };

  return [
    { path: base, auth: true, handlers: { GET: list, PUT: create } },
    { path: `${base}/:callflow`, auth: true, handlers: { GET: get, POST: write('replace'), PATCH: write('patch'), DELETE: remove } },
  ];
}
