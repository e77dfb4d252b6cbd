/**
 * The handlers every document collection shares (`/v2/accounts/{A}/<kind>` and `/<kind>/{id}`):
 * the filtered, paged listing, PUT with the 402 of billable kinds, GET, POST, PATCH and DELETE
 * with If-Match. A kind's routes file adds what is its own.
 */
import type { JsonObject } from '../api/device-schema';
import type { App, Handler, Reply, RequestContext } from './context';
import { checkIfMatch, isTrue, requestValue } from './context';
import type { Doc } from './docs';
import { publicView } from './docs';
import type { DocumentStore } from './document-store';
import { KazooError } from './envelope';
import { buildFilter } from './filters';
import { pageRequest, paginate } from './pagination';
import type { Method, Route } from './router';

const BILLED_RATE = 5;

/** The quote a 402 carries (doc/402.md): one billable item of `category`. */
function chargesQuote(category: string, item: string): JsonObject {
  return {
    [category]: {
      [item]: {
        category,
        item,
        quantity: 1,
        rate: BILLED_RATE,
        single_discount: false,
        single_discount_rate: 0,
        cumulative_discount: 0,
        cumulative_discount_rate: 0,
        activation_charges: 0,
      },
    },
    activation_charges: 0,
  };
}

export interface DocumentResource {
  /** The path segment: `devices`, `users`, `vmboxes`, `callflows`. */
  collection: string;
  store: DocumentStore;
  /** The kind's `crossbar_listing` row. */
  summary(doc: Doc): JsonObject;
  /**
   * Within a page: `descending` where crossbar_doc:load_view's fold prepends rows (devices,
   * callflows), `ascending` where the module turns the page back (users, voicemail boxes).
   */
  order: 'ascending' | 'descending';
  /** A billable kind's quantity (category and item) for a new document; none for callflows. */
  billedAs?(data: unknown): { category: string; item: string };
  /** What GET answers; the stored document's public fields unless the kind adds computed ones. */
  view?(doc: Doc): JsonObject;
  /** After each committed write, with the document as stored (for DELETE, before it was deleted). */
  written?(context: RequestContext, doc: Doc, how: 'create' | 'replace' | 'patch' | 'remove'): void;
}

/**
 * `/v2/accounts/{A}/<kind>` (GET, PUT) and `/<kind>/{id}` (GET, POST, PATCH, DELETE, plus a kind's
 * own verbs there, such as a device's PUT action).
 */
export function documentRoutes(app: App, resource: DocumentResource, itemExtras: Partial<Record<Method, Handler>> = {}): Route[] {
  const { store } = resource;
  const base = `/v2/accounts/:account/${resource.collection}`;
  const idOf = (context: RequestContext): string => context.params['id'] as string;
  const docReply = (doc: Doc, status = 200): Reply => ({ status, data: publicView(doc), revision: doc._rev });

  const write =
    (how: 'replace' | 'patch') =>
    (context: RequestContext): Reply => {
      const id = idOf(context);
      checkIfMatch(context, store.get(id));
      const doc = how === 'replace' ? store.replace(id, context.data) : store.patch(id, context.data);
      resource.written?.(context, doc, how);
      return docReply(doc);
    };

  const list = (context: RequestContext): Reply => {
    const page = paginate(store.live(), buildFilter(context.query), pageRequest(context.query));
    const docs = resource.order === 'descending' ? page.docs.reverse() : page.docs;
    return { data: docs.map((doc) => resource.summary(doc)), paging: page.paging };
  };

  const create = (context: RequestContext): Reply => {
    const accepted = isTrue(requestValue(context, 'accept_charges'));
    const doc = store.create(context.data, () => {
      const billed = resource.billedAs?.(context.data);
      if (billed && app.options.charges && !accepted) {
        throw new KazooError(402, 'accept charges', chargesQuote(billed.category, billed.item));
      }
    });
    resource.written?.(context, doc, 'create');
    return { ...docReply(doc, 201), headers: { location: `/v2/accounts/${app.state.account.id}/${resource.collection}/${doc._id}` } };
  };

  const get = (context: RequestContext): Reply => {
    const doc = store.get(idOf(context));
    return { data: resource.view ? resource.view(doc) : publicView(doc), revision: doc._rev };
  };

  const remove = (context: RequestContext): Reply => {
    const id = idOf(context);
    const existing = store.get(id);
    checkIfMatch(context, existing);
    const flag = requestValue(context, 'should_soft_delete');
    const data = store.remove(id, flag !== false && flag !== 'false');
    resource.written?.(context, existing, 'remove');
    return { data };
  };

  return [
    { path: base, auth: true, handlers: { GET: list, PUT: create } },
    {
      path: `${base}/:id`,
      auth: true,
      handlers: { GET: get, POST: write('replace'), PATCH: write('patch'), DELETE: remove, ...itemExtras },
    },
  ];
}
