/**
 * One kind of KAZOO document (devices, users, voicemail boxes, callflows) as crossbar_doc keeps
 * it: PUT with a client-chosen id, POST as a full replace with the private fields kept, PATCH
 * merged over the stored public fields, soft delete, and the live documents in id order as the
 * views list them. What differs between kinds (validation, uniqueness, the stored shape) is the
 * kind's `DocumentRules`.
 */
import type { JsonObject } from '../api/device-schema';
import { gregorianSeconds } from '../api/gregorian';
import type { Clock } from '../clock';
import type { Doc } from './docs';
import { isObject, nextRev, patchedFields, privateFields, publicView, requestFields } from './docs';
import { badIdentifier, conflict, fieldError, fieldErrors } from './envelope';
import { newId } from './ids';
import type { SandboxState } from './state';

/** The live documents holding `key` in the uniqueness view `view` (CouchDB views skip deleted ones). */
export type ViewLookup = (view: string, key: string) => Doc[];

export interface DocumentRules {
  /** `pvt_type` of the kind. */
  readonly type: string;
  /** Private fields a new document starts with beside the common ones (devices: `pvt_vsn`). */
  readonly createdFields?: JsonObject;
  /** The keys each document holds in each uniqueness view, by view name; deleted documents hold none. */
  readonly views?: Readonly<Record<string, (doc: Doc) => readonly string[]>>;
  /**
   * The kind's validation, in KAZOO's order: the request's public fields (and the stored document
   * on POST/PATCH) in, the fields to store out, or a thrown 400 with every problem found.
   * `pvt_` keys in the result replace the stored private ones; an `undefined` one removes it.
   */
  prepare(fields: JsonObject, existing: Doc | undefined, lookup: ViewLookup): JsonObject;
}

const byId = (a: Doc, b: Doc): number => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);

const withoutUndefined = (doc: Doc): Doc => {
  for (const key of Object.keys(doc)) if (doc[key] === undefined) delete doc[key];
  return doc;
};

export class DocumentStore {
  private readonly docs = new Map<string, Doc>();
  /** view name → key → ids of the live documents holding it: the uniqueness views, kept as indexes so checks stay O(1). */
  private readonly indexes = new Map<string, Map<string, Set<string>>>();
  private sortedLive: Doc[] | undefined;

  constructor(
    private readonly rules: DocumentRules,
    private readonly state: SandboxState,
    private readonly clock: Pick<Clock, 'now'>,
    saved: readonly Doc[] = [],
  ) {
    for (const view of Object.keys(rules.views ?? {})) this.indexes.set(view, new Map());
    for (const doc of saved) {
      this.docs.set(doc._id, doc);
      this.index(doc);
    }
  }

  /** Every stored document, soft-deleted ones included (what `--data` saves). */
  stored(): Doc[] {
    return [...this.docs.values()];
  }

  /** Live documents in ascending id order, the order of KAZOO's views; cached until the next write. */
  live(): readonly Doc[] {
    this.sortedLive ??= [...this.docs.values()].filter((doc) => doc['pvt_deleted'] !== true).sort(byId);
    return this.sortedLive;
  }

  find(id: string): Doc | undefined {
    const doc = this.docs.get(id);
    return doc && doc['pvt_deleted'] !== true ? doc : undefined;
  }

  /** The live document, or KAZOO's 404 `bad_identifier` naming the id. */
  get(id: string): Doc {
    const doc = this.find(id);
    if (!doc) throw badIdentifier(id);
    return doc;
  }

  readonly holders: ViewLookup = (view, key) => {
    const ids = this.indexes.get(view)?.get(key);
    return ids ? [...ids].map((id) => this.docs.get(id) as Doc) : [];
  };

  /**
   * PUT: a client-supplied `id` is honoured; one already stored (even deleted) is a conflict.
   * KAZOO validates (uniqueness included) before it saves, so resending a create that already
   * succeeded meets its `unique` error before the datastore conflict. `beforeSave` runs between
   * the two, where KAZOO's dry run for charges does.
   */
  create(data: unknown, beforeSave: () => void = () => undefined): Doc {
    const body = isObject(data) ? data : {};
    const requestedId = body['id'];
    const id = typeof requestedId === 'string' && requestedId !== '' ? requestedId : newId();
    if (id.startsWith('_') || id.includes('/')) {
      throw fieldErrors([fieldError('id', 'invalid', { message: 'Invalid document id', cause: id })]);
    }
    const fields = this.rules.prepare(requestFields(body), undefined, this.holders);
    beforeSave();
    if (this.docs.has(id)) throw conflict();
    const now = gregorianSeconds(this.clock.now());
    const doc: Doc = {
      ...fields,
      _id: id,
      _rev: nextRev(undefined),
      pvt_type: this.rules.type,
      pvt_account_id: this.state.account.id,
      ...this.rules.createdFields,
      pvt_created: now,
      pvt_modified: now,
    };
    this.commit(withoutUndefined(doc));
    return doc;
  }

  /** POST: full replace; public fields missing from the request are dropped, private ones kept. */
  replace(id: string, data: unknown): Doc {
    const existing = this.get(id);
    return this.save(existing, requestFields(isObject(data) ? data : {}));
  }

  /** PATCH: request fields merged over the stored ones (`null` removes, arrays replaced whole), then the same validation. */
  patch(id: string, data: unknown): Doc {
    const existing = this.get(id);
    return this.save(existing, requestFields(patchedFields(existing, data)));
  }

  /** Soft delete unless `soft` is false; the answer carries `_read_only.deleted`, and the document's unique keys are free at once. */
  remove(id: string, soft = true): JsonObject {
    const existing = this.get(id);
    if (soft) {
      this.commit({ ...existing, _rev: nextRev(existing._rev), pvt_deleted: true, pvt_modified: gregorianSeconds(this.clock.now()) });
    } else {
      this.unindex(existing);
      this.docs.delete(id);
      this.sortedLive = undefined;
      this.state.changed();
    }
    return { ...publicView(existing), _read_only: { deleted: true } };
  }

  private save(existing: Doc, fields: JsonObject): Doc {
    const prepared = this.rules.prepare(fields, existing, this.holders);
    const doc: Doc = {
      ...privateFields(existing),
      ...prepared,
      _id: existing._id,
      _rev: nextRev(existing._rev),
      pvt_modified: gregorianSeconds(this.clock.now()),
    };
    this.commit(withoutUndefined(doc));
    return doc;
  }

  private commit(doc: Doc): void {
    const previous = this.docs.get(doc._id);
    if (previous) this.unindex(previous);
    this.docs.set(doc._id, doc);
    this.index(doc);
    this.sortedLive = undefined;
    this.state.changed();
  }

  private index(doc: Doc): void {
    if (doc['pvt_deleted'] === true) return;
    for (const [view, keysOf] of Object.entries(this.rules.views ?? {})) {
      const index = this.indexes.get(view) as Map<string, Set<string>>;
      for (const key of keysOf(doc)) {
        const ids = index.get(key) ?? new Set<string>();
        ids.add(doc._id);
        index.set(key, ids);
      }
    }
  }

  private unindex(doc: Doc): void {
    for (const [view, keysOf] of Object.entries(this.rules.views ?? {})) {
      const index = this.indexes.get(view) as Map<string, Set<string>>;
      for (const key of keysOf(doc)) {
        const ids = index.get(key);
        ids?.delete(doc._id);
        if (ids?.size === 0) index.delete(key);
      }
    }
  }
}
