/**
 * User documents as cb_users_v2 and kzd_users:validate/3 keep them: the username lower-cased and
 * unique within the account (email and presence_id are not checked), KAZOO's users schema with its
 * defaults, and the password never stored: only the md5/sha1 hashes `PUT /user_auth` compares,
 * by the decision table of kzd_users:maybe_rehash_creds.
 */
import type { ValidateFunction } from 'ajv';
import callRecording from '../../common/kazoo-schemas/call_recording.json' with { type: 'json' };
import callRecordingParameters from '../../common/kazoo-schemas/call_recording.parameters.json' with { type: 'json' };
import callRecordingSource from '../../common/kazoo-schemas/call_recording.source.json' with { type: 'json' };
import callWaiting from '../../common/kazoo-schemas/call_waiting.json' with { type: 'json' };
import callerId from '../../common/kazoo-schemas/caller_id.json' with { type: 'json' };
import dialplans from '../../common/kazoo-schemas/dialplans.json' with { type: 'json' };
import endpointMedia from '../../common/kazoo-schemas/endpoint.media.json' with { type: 'json' };
import formattersFormatOptions from '../../common/kazoo-schemas/formatters.format_options.json' with { type: 'json' };
import formatters from '../../common/kazoo-schemas/formatters.json' with { type: 'json' };
import metaflow from '../../common/kazoo-schemas/metaflow.json' with { type: 'json' };
import metaflows from '../../common/kazoo-schemas/metaflows.json' with { type: 'json' };
import notifyCallback from '../../common/kazoo-schemas/notify.callback.json' with { type: 'json' };
import profile from '../../common/kazoo-schemas/profile.json' with { type: 'json' };
import usersSchema from '../../common/kazoo-schemas/users.json' with { type: 'json' };
import type { JsonObject, KazooFieldError } from '../api/device-schema';
import { compileKazooSchema, validateAgainst } from '../api/device-schema';
import type { Doc } from './docs';
import { isObject } from './docs';
import type { DocumentRules, DocumentStore } from './document-store';
import { fieldError, fieldErrors } from './envelope';
import { md5, newId, sha1 } from './ids';

let compiled: ValidateFunction | undefined;
const userValidator = (): ValidateFunction =>
  (compiled ??= compileKazooSchema(
    [
      usersSchema,
      callRecording,
      callRecordingSource,
      callRecordingParameters,
      callWaiting,
      callerId,
      dialplans,
      endpointMedia,
      formatters,
      formattersFormatOptions,
      metaflows,
      metaflow,
      notifyCallback,
      profile,
    ],
    'users',
  ));

/** The hashes `PUT /user_auth` compares: md5/sha1 of `lower(username):password`, lowercase hex. */
function credentialHashes(username: string, password: string): JsonObject {
  const text = `${username.toLowerCase()}:${password}`;
  return { pvt_md5_auth: md5(text), pvt_sha1_auth: sha1(text) };
}

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value !== '';

/**
 * kzd_users:maybe_rehash_creds with 4.3's defaults (a username is generated when empty, a password
 * never is): the private fields to store, or the `password.required` error.
 */
function credentials(fields: JsonObject, password: unknown, existing: Doc | undefined): { login: JsonObject } | { error: KazooFieldError } {
  const username = fields['username'];
  if (nonEmpty(username) && username === existing?.['username']) {
    return { login: nonEmpty(password) ? credentialHashes(username, password) : {} };
  }
  if (nonEmpty(username)) {
    if (nonEmpty(password)) return { login: credentialHashes(username, password) };
    const message = 'The password must be provided when creating / updating the user name';
    return { error: fieldError('password', 'required', { message, cause: username }) };
  }
  if (nonEmpty(password)) {
    const generated = `user_${newId().slice(0, 16)}`;
    fields['username'] = generated;
    return { login: credentialHashes(generated, password) };
  }
  // No username and no password: saved without a login (a POST without username wipes it).
  return { login: { pvt_md5_auth: undefined, pvt_sha1_auth: undefined } };
}

export const userRules: DocumentRules = {
  type: 'user',
  views: { username: (doc) => (nonEmpty(doc['username']) ? [doc['username']] : []) },
  prepare(fields, existing, lookup) {
    const password = fields['password'];
    delete fields['password'];
    delete fields['confirm_password'];
    delete fields['accept_charges'];
    const errors: KazooFieldError[] = [];
    if (typeof fields['username'] === 'string') {
      const username = fields['username'].toLowerCase();
      fields['username'] = username;
      const unchanged = username === existing?.['username'];
      if (username !== '' && !unchanged && lookup('username', username).some((user) => user._id !== existing?._id)) {
        errors.push(fieldError('username', 'unique', { message: 'Username must be unique within account', cause: username }));
      }
    }
    const schema = validateAgainst(userValidator(), fields);
    errors.push(...schema.errors);
    const login = credentials(schema.value, password, existing);
    if ('error' in login) errors.push(login.error);
    if (errors.length > 0 || 'error' in login) throw fieldErrors(errors);
    return { ...schema.value, ...login.login };
  },
};

/** The `crossbar_listing` row of views/users.json. */
export function userSummary(doc: Doc): JsonObject {
  const features = Array.isArray(doc['features']) ? [...(doc['features'] as unknown[])] : [];
  const enabled = (key: string): boolean => isObject(doc[key]) && doc[key]['enabled'] === true;
  if (isObject(doc['smartpbx'])) {
    for (const [feature, settings] of Object.entries(doc['smartpbx']))
      if (isObject(settings) && settings['enabled']) features.push(feature);
  }
  if (enabled('hotdesk')) features.push('hotdesk');
  if (enabled('call_forward')) features.push('call_forward');
  if (isObject(doc['call_forward']) && doc['call_forward']['failover'] && !enabled('call_forward')) features.push('call_forward_failover');
  const callerId = doc['caller_id'];
  if (isObject(callerId) && isObject(callerId['external']) && callerId['external']['number']) features.push('caller_id');
  if (doc['vm_to_email_enabled']) features.push('vm_to_email');
  if (isObject(doc['music_on_hold']) && doc['music_on_hold']['media_id']) features.push('music_on_hold');
  if (enabled('do_not_disturb')) features.push('do_not_disturb');
  if (enabled('ctu')) features.push('ctu');
  if (enabled('desktop')) features.push('desktop');
  // Undefined keys are left out of the answer, as the view leaves them out.
  return {
    id: doc._id,
    features,
    username: doc['username'],
    email: doc['email'],
    first_name: doc['first_name'],
    last_name: doc['last_name'],
    priv_level: doc['priv_level'],
    feature_level: doc['feature_level'],
    presence_id: doc['presence_id'],
    timezone: doc['timezone'],
    call_recording: doc['call_recording'],
    service: doc['service'],
    flags: doc['flags'] ?? [],
  };
}

/** The enabled user whose stored hash matches, as the `creds_by_md5`/`creds_by_sha` views find it. */
export function findByCredentials(users: DocumentStore, hash: string, method: 'md5' | 'sha'): Doc | undefined {
  const field = method === 'sha' ? 'pvt_sha1_auth' : 'pvt_md5_auth';
  return users.live().find((user) => user[field] === hash && user['enabled'] !== false);
}

/** "First Last", as callflow metadata and the vmbox names SmartPBX makes spell a user. */
export const fullName = (user: Doc): string => `${String(user['first_name'] ?? '')} ${String(user['last_name'] ?? '')}`.trim();
