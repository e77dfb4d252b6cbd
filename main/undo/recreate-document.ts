import { generateSipPassword } from '../../common/import/credentials';
import type { ResourceKind } from '../../common/import/types';
import { isSealed, type Sealer } from '../secrets/sealer';
import { unreadableSecretsOf } from './sealed-document';

type JsonObject = Record<string, unknown>;

export interface Recreate {
  /** The before-image's document to create again; its secrets stay sealed (the runner opens them). */
  document: JsonObject;
  /** Secrets from before this key cannot open: the document comes back without them. */
  unreadable: string[];
  /** A user who logs in needs a password, which the server never reads back: the user gets a new one. */
  newPassword: boolean;
}

/**
 * What re-creating a deleted document sends. KAZOO keeps a user's portal password only as a hash,
 * so a deleted user's before-image has none, and a user with a username cannot be created without
 * one: such a user comes back with a new generated password, sealed like any other.
 */
export function recreateOf(resource: ResourceKind, before: JsonObject, sealer: Sealer): Recreate {
  const unreadable = unreadableSecretsOf(before, sealer);
  const password = before['password'];
  const needsPassword =
    resource === 'user' &&
    typeof before['username'] === 'string' &&
    (password === undefined ||
      password === null ||
      unreadable.includes('password') ||
      (!isSealed(password) && typeof password !== 'string'));
  if (!needsPassword) return { document: before, unreadable, newPassword: false };
  return {
    document: { ...before, password: sealer.seal(generateSipPassword()) },
    unreadable: unreadable.filter((path) => path !== 'password'),
    newPassword: true,
  };
}
