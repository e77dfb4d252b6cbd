import type { PersonColumn } from '../../common/import/columns';
import type { ColumnSources } from '../../common/import/mapping';
import type { SheetPerson } from '../../common/import/people';
import type { CellIssue } from '../../common/import/types';
import { USERNAME } from '../../common/import/row-rules';
import type { UserSummary } from '../api/users';
import { mailboxNumber } from '../../common/import/mailbox';
import type { VmboxSummary } from '../api/vmboxes';
import type { AccountSnapshot, ExtensionHolder, UserIndex } from './account-check';
import { userLabel, userPossessive } from './owners';

/** A problem with a person's value on the account, for the cell that gives the value. */
interface PersonProblem {
  column: PersonColumn;
  code: string;
  message: string;
}

/** Who a sheet's person already is on the account (null: a new person), and what stops telling. */
export interface ExistingPerson {
  user: UserSummary | null;
  problems: PersonProblem[];
}

const lower = (text: string | null): string | null => (text ? text.toLowerCase() : null);

/**
 * The account's user a person of the sheet is: the user with their email (and, where the sheet
 * gives a username, that same username), else, for a person known by username only, the user with
 * that username. A username held by a user with another email, an email that is another user's
 * under another username, or one shared by several users with no username to choose, is a
 * problem named on its cell: never a reason to take that user.
 */
export function existingPersonOf(person: SheetPerson, account: UserIndex): ExistingPerson {
  const email = lower(person.email);
  const username = lower(person.username);
  const problems: PersonProblem[] = [];
  if (email === null) return { user: username === null ? null : (account.usersByUsername.get(username) ?? null), problems };

  const sharing = account.usersByEmail.get(email) ?? [];
  if (username === null) {
    if (sharing.length === 1) return { user: sharing[0] as UserSummary, problems };
    if (sharing.length > 1) {
      problems.push({
        column: 'email',
        code: 'email_ambiguous',
        message: `${sharing.length} users of the PBX have the email ${person.email}. Add a username column with the username of the one this person is.`,
      });
      return { user: null, problems };
    }
    // A new person's username is their email: KAZOO must take it as one, and someone else may have it already.
    if (!USERNAME.test(email)) {
      problems.push({
        column: 'email',
        code: 'email_not_username',
        message: `${person.email} would be the new user's username, but the PBX takes only letters, digits and + @ . _ - in a username. Give this person a username (add a username column if the sheet has none).`,
      });
      return { user: null, problems };
    }
    const holder = account.usersByUsername.get(email);
    if (holder) {
      problems.push({
        column: 'email',
        code: 'username_taken',
        message: `Username ${email} (the email, used as the username) belongs to ${userLabel(holder)} on the PBX. Add a username column with another username for this person.`,
      });
    }
    return { user: null, problems };
  }

  const same = sharing.find((user) => lower(user.username) === username);
  if (same) return { user: same, problems };
  const holder = account.usersByUsername.get(username);
  if (holder) {
    problems.push({
      column: 'username',
      code: 'username_taken',
      message: `Username ${username} belongs to ${userLabel(holder)} on the PBX, not to ${person.email}. Give this person another username, or use ${holder.email ?? "that user's email"} if this row is them.`,
    });
  }
  const other = sharing[0];
  if (other) {
    problems.push({
      column: 'email',
      code: 'email_taken',
      message: `${person.email} is already the email of ${userLabel(other)} on the PBX${other.username ? `, whose username is ${other.username}` : ''}. To give this row to them, write their username (or leave it empty); a new person needs their own email.`,
    });
  }
  return { user: null, problems };
}

/** Whose an extension is, in words: "Bob Brown's (bob@example.com)", or "taken by the callflow "Main menu"". */
function holderWords(holder: ExtensionHolder, account: AccountSnapshot): string {
  const owner = holder.userId ? account.usersById.get(holder.userId) : undefined;
  return owner ? userPossessive(owner) : `taken by ${holder.label}`;
}

/** A voicemail box in words: "Carol King's (carol@example.com) voicemail box", or the box "Sales". */
function boxWords(box: VmboxSummary, account: AccountSnapshot): string {
  const owner = box.ownerId ? account.usersById.get(box.ownerId) : undefined;
  if (owner) return `${userPossessive(owner)} voicemail box`;
  return box.name ? `the voicemail box "${box.name}"` : 'a voicemail box';
}

/**
 * A person's values against the account, each on the cell of the row that gave it (so a person's
 * issue shows once, however many rows they have): who they already are (`existingPersonOf`); a new
 * person's first and last name; their extension against every number and pattern of the
 * account's callflows and users' presence IDs, except their own main callflow and presence; their
 * mailbox (the extension, when they get voicemail) against the account's boxes, except their own.
 */
export function personAccountIssues(
  index: number,
  person: SheetPerson,
  existing: ExistingPerson,
  account: AccountSnapshot,
  sources: ColumnSources,
): CellIssue[] {
  const issues: CellIssue[] = [];
  const firstRow = person.rows[0];
  const add = (column: PersonColumn, code: string, message: string) => {
    // A value is shown where it was given; a value the sheet does not give, on the person's first row.
    if ((person.sourceRows[column] ?? firstRow) !== index) return;
    issues.push({ row: index, sourceColumn: sources[column] >= 0 ? sources[column] : null, column, severity: 'error', code, message });
  };
  for (const problem of existing.problems) add(problem.column, problem.code, problem.message);
  const user = existing.user;

  if (user === null && existing.problems.length === 0) {
    for (const [column, value, words] of [
      ['first_name', person.firstName, 'first name'],
      ['last_name', person.lastName, 'last name'],
    ] as const) {
      if (value !== null) continue;
      add(
        column,
        `${column}_required`,
        `${person.email ?? person.username} is not a user of the PBX yet, and a new user needs a ${words}. Add it, or check the ${person.email ? 'email' : 'username'} if this is someone already there.`,
      );
    }
  }

  const extension = person.extension;
  if (extension === null) return issues;
  // The person's own main callflow and presence ID already answer on it; any other callflow of theirs would clash with a new main one.
  const own = (holder: ExtensionHolder) => user !== null && holder.userId === user.id && holder.kind !== 'callflow';
  const byNumber = account.extensions.get(extension)?.find((holder) => !own(holder));
  const byPattern = byNumber ? undefined : account.patterns.find(({ pattern, holder }) => !own(holder) && pattern.test(extension));
  if (byNumber) {
    add(
      'extension',
      'extension_taken',
      `Extension ${extension} is already ${holderWords(byNumber, account)} on the PBX. Give this person a free extension.`,
    );
  } else if (byPattern) {
    add(
      'extension',
      'extension_taken',
      `Extension ${extension} is already ${holderWords(byPattern.holder, account)} on the PBX: its pattern ${byPattern.source} answers it. Give this person an extension outside that pattern.`,
    );
  } else if (person.voicemail) {
    // Only for an extension no callflow has: a taken one is said once, above.
    const number = mailboxNumber(extension);
    const box = number === null ? undefined : account.mailboxes.get(number)?.find((held) => user === null || held.ownerId !== user.id);
    if (box) {
      add(
        'extension',
        'mailbox_taken',
        `Mailbox ${extension} is already ${boxWords(box, account)} on the PBX: a person's voicemail box takes their extension as its number. Give this person a free extension, or write "no" under voicemail.`,
      );
    }
  }
  return issues;
}
