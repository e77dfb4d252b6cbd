/**
 * User documents, enough of cb_users_v2 to own devices and log in: required names, a lower-cased
 * username unique within the account, and the password kept only as KAZOO's md5/sha1 hashes.
 */
import type { ValidateFunction } from 'ajv';
import type { JsonObject, KazooFieldError } from '../api/device-schema';
import { createKazooAjv, validateAgainst } from '../api/device-schema';
import { gregorianSeconds } from '../api/gregorian';
import type { Clock } from '../clock';
import type { Doc } from './docs';
import { isObject, nextRev, patchedFields, privateFields, publicView, requestFields } from './docs';
import { badIdentifier, conflict, fieldError, fieldErrors } from './envelope';
import { md5, newId, sha1 } from './ids';
import type { SandboxState } from './state';

/** The constraints research §9 lists from KAZOO's users.json (that file is not copied here). */
const USER_SCHEMA = {
  type: 'object',
  required: ['first_name', 'last_name'],
  properties: {
    first_name: { type: 'string', minLength: 1, maxLength: 128 },
    last_name: { type: 'string', minLength: 1, maxLength: 128 },
    username: { type: 'string', minLength: 1, maxLength: 256, pattern: '^([+@.\\w_-]+)$' },
    email: { type: 'string', minLength: 3, maxLength: 254, format: 'email' },
    priv_level: { type: 'string', enum: ['user', 'admin'], default: 'user' },
    enabled: { type: 'boolean', default: true },
    presence_id: { type: 'string' },
    timezone: { type: 'string' },
    flags: { type: 'array', items: { type: 'string' } },
  },
};

let compiled: ValidateFunction | undefined;
const userValidator = (): ValidateFunction => (compiled ??= createKazooAjv().compile(USER_SCHEMA));

/** The hashes `PUT /user_auth` compares: md5/sha1 of `lower(username):password`. */
function credentialHashes(username: string, password: string): { md5: string; sha1: string } {
  const text = `${username.toLowerCase()}:${password}`;
  return { md5: md5(text), sha1: sha1(text) };
}

const LIST_FIELDS = [
  'features',
  'username',
  'email',
  'first_name',
  'last_name',
  'priv_level',
  'feature_level',
  'presence_id',
  'timezone',
  'call_recording',
  'service',
  'flags',
];

export class UserStore {
  constructor(
    private readonly state: SandboxState,
    private readonly clock: Pick<Clock, 'now'>,
  ) {}

  get(id: string): Doc {
    const doc = this.state.liveUser(id);
    if (!doc) throw badIdentifier(id);
    return doc;
  }

  create(data: unknown): Doc {
    const body = isObject(data) ? data : {};
    const id = typeof body['id'] === 'string' && body['id'] !== '' ? body['id'] : newId();
    const { fields, hashes } = this.prepare(body, undefined);
    if (this.state.users.has(id)) throw conflict();
    const now = gregorianSeconds(this.clock.now());
    const doc: Doc = {
      ...fields,
      ...hashes,
      _id: id,
      _rev: nextRev(undefined),
      pvt_type: 'user',
      pvt_account_id: this.state.account.id,
      pvt_created: now,
      pvt_modified: now,
    };
    this.state.users.set(id, doc);
    this.state.changed();
    return doc;
  }

  replace(id: string, data: unknown): Doc {
    const existing = this.get(id);
    return this.save(existing, this.prepare(isObject(data) ? data : {}, existing));
  }

  patch(id: string, data: unknown): Doc {
    const existing = this.get(id);
    return this.save(existing, this.prepare(patchedFields(existing, data), existing));
  }

  remove(id: string): JsonObject {
    const existing = this.get(id);
    const deleted: Doc = { ...existing, pvt_deleted: true, pvt_modified: gregorianSeconds(this.clock.now()) };
    deleted._rev = nextRev(existing._rev);
    this.state.users.set(id, deleted);
    this.state.changed();
    return { ...publicView(existing), _read_only: { deleted: true } };
  }

  summary(doc: Doc): JsonObject {
    const out: JsonObject = { id: doc._id };
    for (const key of LIST_FIELDS) out[key] = doc[key];
    return out;
  }

  /** The enabled user whose stored hash matches, as the `creds_by_md5` view finds it. */
  findByCredentials(hash: string, method: 'md5' | 'sha'): Doc | undefined {
    const field = method === 'sha' ? 'pvt_sha1_auth' : 'pvt_md5_auth';
    return this.state.liveUsers().find((user) => user[field] === hash && user['enabled'] !== false);
  }

  private save(existing: Doc, prepared: { fields: JsonObject; hashes: JsonObject }): Doc {
    const doc: Doc = {
      ...privateFields(existing),
      ...prepared.hashes,
      ...prepared.fields,
      _id: existing._id,
      _rev: nextRev(existing._rev),
      pvt_modified: gregorianSeconds(this.clock.now()),
    };
    this.state.users.set(doc._id, doc);
    this.state.changed();
    return doc;
  }

  private prepare(data: JsonObject, existing: Doc | undefined): { fields: JsonObject; hashes: JsonObject } {
    const fields = requestFields(data);
    const password = fields['password'];
    delete fields['password'];
    const errors: KazooFieldError[] = [];
    if (typeof fields['username'] === 'string') {
      const username = fields['username'].toLowerCase();
      fields['username'] = username;
      const taken = this.state
        .liveUsers()
        .some((user) => user._id !== existing?._id && typeof user['username'] === 'string' && user['username'] === username);
      if (taken) {
        errors.push(fieldError('username', 'unique', { message: 'Username must be unique within account', cause: username }));
      }
    }
    const result = validateAgainst(userValidator(), fields);
    errors.push(...result.errors);
    if (errors.length > 0) throw fieldErrors(errors);
    const hashes: JsonObject = {};
    const username = result.value['username'];
    if (typeof password === 'string' && typeof username === 'string') {
      const digests = credentialHashes(username, password);
      hashes['pvt_md5_auth'] = digests.md5;
      hashes['pvt_sha1_auth'] = digests.sha1;
    }
    return { fields: result.value, hashes };
  }
}
