/**
 * Create, change and delete the documents a rollout makes (users, voicemail boxes, devices,
 * callflows) the one way KAZOO 4.3 handles them all: a create under an id the client chose, so
 * sending it again never makes a second one; PATCH for changes; a soft delete.
 */
import { ok, type Result } from '../../common/ipc/result';
import type { KazooClient, RequestOptions } from './client';
import type { KazooEnvelope } from './envelope';

export type DocumentCollection = 'users' | 'vmboxes' | 'devices' | 'callflows';

export type JsonDocument = Record<string, unknown>;

export interface CreateOptions extends RequestOptions {
  /** Sent as the envelope's `accept_charges` once the technician accepted the server's charges. */
  acceptCharges?: boolean;
  /** Users only: whether the server e-mails the new user their password (KAZOO does unless told not to). */
  sendEmailOnCreation?: boolean;
}

/** A document as the server answered it, with the envelope's revision (the CouchDB `_rev`): what tells "changed since". */
export interface RevisedDocument<T> {
  document: T;
  revision: string | null;
}

export interface CreatedDocument<T> extends RevisedDocument<T> {
  /** True when the document with this id was already on the server: an earlier attempt made it. */
  existed: boolean;
}

export async function readDocument<T = JsonDocument>(
  client: KazooClient,
  collection: DocumentCollection,
  id: string,
  options: RequestOptions = {},
): Promise<Result<RevisedDocument<T>>> {
  const answer = await client.account<T>('GET', `/${collection}/${encodeURIComponent(id)}`, options);
  return answer.ok ? ok(revised(answer.value.envelope)) : answer;
}

export async function getDocument<T = JsonDocument>(
  client: KazooClient,
  collection: DocumentCollection,
  id: string,
  options: RequestOptions = {},
): Promise<Result<T>> {
  const read = await readDocument<T>(client, collection, id, options);
  return read.ok ? ok(read.value.document) : read;
}

const revised = <T>(envelope: KazooEnvelope<T>): RevisedDocument<T> => ({ document: envelope.data, revision: envelope.revision ?? null });

/**
 * Creates a document under its client-chosen id. A repeat of a create the server already applied
 * (its answer lost) meets the document itself: a 409, or a 400 `unique` on the username, mailbox,
 * number, MAC or SIP username it holds. A GET of our own id then decides: when it exists, an
 * earlier attempt made it and this counts as done. Nothing is ever created twice. When that GET
 * itself fails (a 503, the network), its error is the answer: the document may be ours, so the
 * sender must ask again rather than take the PUT's "unique" for a real clash.
 */
export async function createDocument<T = JsonDocument>(
  client: KazooClient,
  collection: DocumentCollection,
  document: JsonDocument & { id: string },
  options: CreateOptions = {},
): Promise<Result<CreatedDocument<T>>> {
  // Only the PUT is sent once when asked: the GET that decides may always be retried.
  const { acceptCharges, sendEmailOnCreation, resendWhenUnsure, ...requestOptions } = options;
  const data = sendEmailOnCreation === undefined ? document : { ...document, send_email_on_creation: sendEmailOnCreation };
  const answer = await client.account<T>('PUT', `/${collection}`, {
    ...requestOptions,
    ...(resendWhenUnsure === undefined ? {} : { resendWhenUnsure }),
    body: { data, ...(acceptCharges ? { accept_charges: true } : {}) },
  });
  if (answer.ok) return ok({ ...revised(answer.value.envelope), existed: false });
  const mayBeOurs =
    answer.error.kind === 'conflict' ||
    (answer.error.kind === 'validation' && (answer.error.fields ?? []).some((field) => field.code === 'unique'));
  if (!mayBeOurs) return answer;
  const existing = await readDocument<T>(client, collection, document.id, requestOptions);
  if (existing.ok) return ok({ ...existing.value, existed: true });
  return existing.error.kind === 'not_found' ? answer : existing;
}

/** PATCH merges: only the given fields change; `null` removes a field. */
export async function patchDocument<T = JsonDocument>(
  client: KazooClient,
  collection: DocumentCollection,
  id: string,
  changes: JsonDocument,
  options: RequestOptions = {},
): Promise<Result<RevisedDocument<T>>> {
  const answer = await client.account<T>('PATCH', `/${collection}/${encodeURIComponent(id)}`, { ...options, body: { data: changes } });
  return answer.ok ? ok(revised(answer.value.envelope)) : answer;
}

/**
 * Deleting a document that is already gone counts as done: after a lost answer the first attempt
 * may have deleted it, and either way what was asked for is true.
 */
export async function deleteDocument(
  client: KazooClient,
  collection: DocumentCollection,
  id: string,
  options: RequestOptions = {},
): Promise<Result<{ id: string; alreadyGone: boolean }>> {
  const answer = await client.account<unknown>('DELETE', `/${collection}/${encodeURIComponent(id)}`, options);
  if (answer.ok) return ok({ id, alreadyGone: false });
  return answer.error.kind === 'not_found' ? ok({ id, alreadyGone: true }) : answer;
}
