import type { UserSummary } from '../api/users';
import { ownerOf } from '../devices/owners';

export type OwnerLookup = { ok: true; userId: string } | { ok: false; message: string };

/**
 * Resolves the CSV's owner cell (a user id, username or email) against the account's users,
 * fetched once. Emails are not unique in KAZOO, so an email shared by several users is refused
 * rather than guessed.
 */
export function createOwnerIndex(users: readonly UserSummary[]): (text: string) => OwnerLookup {
  const byId = new Map(users.map((user) => [user.id, user]));
  const byUsername = new Map<string, UserSummary>();
  const byEmail = new Map<string, UserSummary[]>();
  for (const user of users) {
    if (user.username) byUsername.set(user.username.toLowerCase(), user);
    if (user.email) {
      const key = user.email.toLowerCase();
      byEmail.set(key, [...(byEmail.get(key) ?? []), user]);
    }
  }
  // A sheet names a few hundred owners over thousands of rows: each text is looked up once.
  const answers = new Map<string, OwnerLookup>();
  return (text) => {
    const known = answers.get(text);
    if (known) return known;
    const answer = lookUp(text);
    answers.set(text, answer);
    return answer;
  };

  function lookUp(text: string): OwnerLookup {
    const key = text.trim().toLowerCase();
    const found = byId.get(key) ?? byUsername.get(key);
    if (found) return { ok: true, userId: found.id };
    const sharing = byEmail.get(key) ?? [];
    if (sharing.length === 1 && sharing[0]) return { ok: true, userId: sharing[0].id };
    if (sharing.length > 1) {
      return { ok: false, message: `${sharing.length} users have the email "${text.trim()}". Use the user's username or ID instead.` };
    }
    return {
      ok: false,
      message: `No user "${text.trim()}" in this account. Use an existing user's email, username or ID, or leave the owner empty.`,
    };
  }
}

/** A user as a technician knows them: their name, else their username or email; the id only for a user no longer on the account. */
export function ownerNameOf(user: UserSummary | undefined, id: string): string {
  return user ? ownerOf(user).name : `a user no longer on the account (${id})`;
}

/** A user in a check's message: "First Last", else their username (or id). */
export const userName = (user: UserSummary): string => `${user.firstName} ${user.lastName}`.trim() || user.username || user.id;

/** A user told apart from namesakes: "Alice Smith (alice@example.com)". */
export const userLabel = (user: UserSummary): string => {
  const name = userName(user);
  return user.email && user.email !== name ? `${name} (${user.email})` : name;
};

/** Whose a thing is: "Alice Smith's (alice@example.com)", the email kept apart so the name reads as a name. */
export const userPossessive = (user: UserSummary): string => {
  const name = userName(user);
  return user.email && user.email !== name ? `${name}'s (${user.email})` : `${name}'s`;
};
