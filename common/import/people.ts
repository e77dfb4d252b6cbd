import { isSecretColumn, PERSON_COLUMNS, PERSON_IDENTITY_COLUMNS, type PersonColumn } from './columns';
import { mailboxNumber } from './mailbox';
import { columnSources, type ColumnSources } from './mapping';
import type { CellIssue, ColumnMapping, ImportRow } from './types';
import { booleanOf } from './values';

/** A person of the sheet: the rows with one email (or, without one, one username), and their values. */
export interface SheetPerson {
  /** `person:<email or username>`, lowercased: the same on every row of the person. */
  key: string;
  /** Draft indices of the person's rows, in order. */
  rows: number[];
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  /** As the sheet gives it (not defaulted to the email: the plan does that). */
  username: string | null;
  extension: string | null;
  /** Whether the person gets a voicemail box: the sheet's yes or no, else yes when they have an extension. */
  voicemail: boolean;
  vmPin: string | null;
  userPassword: string | null;
  /** For each value, the row (draft index) it was read from: where an issue about it is shown. */
  sourceRows: Partial<Record<PersonColumn, number>>;
}

export interface SheetPeople {
  people: SheetPerson[];
  /** For each draft row, the index of its person in `people`; null for a phone on its own. */
  personOfRow: (number | null)[];
  /** What the sheet itself says is wrong with its people: rows that contradict, values two people share. */
  issues: CellIssue[];
}

/** Issue codes that compare rows with each other, so an edit of one row can change them on another. */
export const SHEET_PEOPLE_CODES: ReadonlySet<string> = new Set([
  'person_contradiction',
  'extension_in_file',
  'mailbox_in_file',
  'username_in_file',
  'voicemail_without_extension',
  'owner_beside_person',
]);

const WORDS: Record<PersonColumn, string> = {
  first_name: 'first name',
  last_name: 'last name',
  email: 'email',
  username: 'username',
  extension: 'extension',
  voicemail: 'voicemail',
  vm_pin: 'voicemail PIN',
  user_password: 'user password',
};

/** How two values of a column are compared: emails, usernames and names without case (as KAZOO compares usernames). */
function comparable(column: PersonColumn, value: string): string {
  if (column === 'voicemail') return String(booleanOf(value));
  return column === 'extension' || isSecretColumn(column) ? value : value.toLowerCase();
}

const cellAt = (cells: readonly string[], source: number): string => (source >= 0 ? (cells[source] ?? '').trim() : '');

/** Whether a row names a person: the rule row checks and grouping share. */
export const namesPerson = (cells: readonly string[], sources: ColumnSources): boolean =>
  PERSON_IDENTITY_COLUMNS.some((column) => cellAt(cells, sources[column]) !== '');

/** A person as their rows are read: each value with the row that gave it first. */
interface Gathered {
  key: string;
  rows: number[];
  values: Partial<Record<PersonColumn, string>>;
  sourceRows: Partial<Record<PersonColumn, number>>;
}

/**
 * The sheet's people. Rows with the same email (without case) are one person; a row without an
 * email is grouped by its username (lowercased, as KAZOO compares usernames), joining the person
 * of an emailed row that gives that username. A row that names a person by first or last name
 * only belongs to nobody (the row rules say so). Each value is read from the first row of the
 * person that gives it (a yes/no that is neither counts as not given); a later row that gives
 * another value is an error on its cell naming the first row. Two people sharing an extension,
 * or a username (the email standing in for a username the sheet leaves empty), are an error on
 * both cells. Rows longer than the header are left out: their cells may sit under the wrong headers.
 */
export function sheetPeople(rows: readonly ImportRow[], mapping: ColumnMapping): SheetPeople {
  const sources = columnSources(mapping);
  const headerCount = mapping.length;
  const issues: CellIssue[] = [];
  const issue = (row: number, column: PersonColumn, code: string, message: string) =>
    issues.push({ row, sourceColumn: sources[column] >= 0 ? sources[column] : null, column, severity: 'error', code, message });
  const cell = (row: number, column: PersonColumn) => cellAt((rows[row] as ImportRow).cells, sources[column]);
  const line = (row: number) => (rows[row] as ImportRow).line;

  // Who each row belongs to: its email, else the emailed person who gives its username, else its username.
  const keys: (string | null)[] = rows.map(() => null);
  const emailOfUsername = new Map<string, string>();
  for (let i = 0; i < rows.length; i++) {
    if ((rows[i] as ImportRow).cells.length > headerCount) continue;
    const email = cell(i, 'email').toLowerCase();
    if (email === '') continue;
    keys[i] = `person:${email}`;
    const username = cell(i, 'username').toLowerCase();
    if (username !== '' && !emailOfUsername.has(username)) emailOfUsername.set(username, keys[i] as string);
  }
  for (let i = 0; i < rows.length; i++) {
    if (keys[i] !== null || (rows[i] as ImportRow).cells.length > headerCount) continue;
    const username = cell(i, 'username').toLowerCase();
    if (username !== '') keys[i] = emailOfUsername.get(username) ?? `person:${username}`;
  }

  const gathered: Gathered[] = [];
  const indexOfKey = new Map<string, number>();
  const personOfRow: (number | null)[] = keys.map((key, row) => {
    if (key === null) return null;
    let index = indexOfKey.get(key);
    if (index === undefined) {
      index = gathered.length;
      indexOfKey.set(key, index);
      gathered.push({ key, rows: [], values: {}, sourceRows: {} });
    }
    const person = gathered[index] as Gathered;
    person.rows.push(row);
    for (const column of PERSON_COLUMNS) {
      const value = cell(row, column);
      if (value === '' || (column === 'voicemail' && booleanOf(value) === null)) continue;
      const first = person.values[column];
      if (first === undefined) {
        person.values[column] = value;
        person.sourceRows[column] = row;
      } else if (comparable(column, first) !== comparable(column, value)) {
        const words = WORDS[column];
        const given = isSecretColumn(column) ? `another ${words}` : `${words} "${value}"`;
        const firstGiven = isSecretColumn(column) ? 'a different one' : `"${first}"`;
        issue(
          row,
          column,
          'person_contradiction',
          `This row gives ${given}, but row ${line(person.sourceRows[column] as number)} gives ${firstGiven} for the same person (${key.slice('person:'.length)}). A person has one ${words}: make the rows agree, or leave this cell empty.`,
        );
      }
    }
    return index;
  });

  const people = gathered.map(({ key, rows: personRows, values, sourceRows }): SheetPerson => {
    const extension = values.extension ?? null;
    const voicemail = values.voicemail === undefined ? extension !== null : booleanOf(values.voicemail) === true;
    if (voicemail && extension === null) {
      issue(
        sourceRows.voicemail as number,
        'voicemail',
        'voicemail_without_extension',
        'A voicemail box takes the person\'s extension as its number, and this person has none. Add their extension, or write "no".',
      );
    }
    return {
      key,
      rows: personRows,
      firstName: values.first_name ?? null,
      lastName: values.last_name ?? null,
      email: values.email ?? null,
      username: values.username ?? null,
      extension,
      voicemail: voicemail && extension !== null,
      vmPin: values.vm_pin ?? null,
      userPassword: values.user_password ?? null,
      sourceRows,
    };
  });

  sharedValues(people, 'extension', (person) => person.extension, issue, line);
  sharedMailboxes(people, issue, line);
  sharedValues(people, 'username', (person) => (person.username ?? person.email)?.toLowerCase() ?? null, issue, line);
  if (sources.owner >= 0) {
    personOfRow.forEach((index, row) => {
      const owner = cellAt((rows[row] as ImportRow).cells, sources.owner);
      if (index === null || owner === '' || personOfOwner(people, owner) === index) return;
      issues.push({
        row,
        sourceColumn: sources.owner,
        column: 'owner',
        severity: 'warning',
        code: 'owner_beside_person',
        message: `On a person's row the phone is theirs (${personWords(people[index] as SheetPerson)}), so this owner is not used. To give the phone to ${owner}, put it on a row of its own without the person's columns.`,
      });
    });
  }
  return { people, personOfRow, issues };
}

/** People named in one message: a sheet that gives everyone one extension must not write every name into each. */
const NAMED_PEOPLE = 5;

/** Two or more people with one value that must be each person's own: an error on every cell that gives it. */
function sharedValues(
  people: readonly SheetPerson[],
  column: 'extension' | 'username',
  valueOf: (person: SheetPerson) => string | null,
  issue: (row: number, column: PersonColumn, code: string, message: string) => void,
  line: (row: number) => number,
): void {
  const holders = new Map<string, SheetPerson[]>();
  for (const person of people) {
    const value = valueOf(person);
    if (value !== null) holders.set(value, [...(holders.get(value) ?? []), person]);
  }
  // A username the sheet leaves empty is the email: the clash is shown on the email cell.
  const cellOf = (person: SheetPerson): PersonColumn => (column === 'username' && person.username === null ? 'email' : column);
  const rowOf = (person: SheetPerson): number => person.sourceRows[cellOf(person)] as number;
  for (const [value, sharing] of holders) {
    if (sharing.length < 2) continue;
    for (const person of sharing) {
      const named = sharing
        .slice(0, NAMED_PEOPLE + 1)
        .filter((other) => other !== person)
        .slice(0, NAMED_PEOPLE)
        .map((other) => `${personWords(other)}'s (row ${line(rowOf(other))})`);
      const more = sharing.length - 1 - named.length;
      const others = more > 0 ? `${named.join(', ')} and ${more} more people's` : named.join(', ');
      const message =
        column === 'extension'
          ? `Extension ${value} is also ${others}. Each person needs their own extension: change one of them.`
          : `Username ${value}${cellOf(person) === 'email' ? ' (the email, used as the username)' : ''} is also ${others}. Each person needs their own username: give one of them another.`;
      issue(rowOf(person), cellOf(person), column === 'extension' ? 'extension_in_file' : 'username_in_file', message);
    }
  }
}

/**
 * Two people with voicemail whose extensions differ as text but are one mailbox to KAZOO, which
 * compares mailboxes as numbers ("0101" and "101" are box 101): the second box would be refused.
 */
function sharedMailboxes(
  people: readonly SheetPerson[],
  issue: (row: number, column: PersonColumn, code: string, message: string) => void,
  line: (row: number) => number,
): void {
  const boxes = new Map<number, Map<string, SheetPerson[]>>();
  for (const person of people) {
    const number = person.voicemail && person.extension !== null ? mailboxNumber(person.extension) : null;
    if (number === null) continue;
    const byExtension = boxes.get(number) ?? new Map<string, SheetPerson[]>();
    byExtension.set(person.extension as string, [...(byExtension.get(person.extension as string) ?? []), person]);
    boxes.set(number, byExtension);
  }
  const rowOf = (person: SheetPerson): number => person.sourceRows.extension as number;
  for (const [number, byExtension] of boxes) {
    if (byExtension.size < 2) continue;
    const total = [...byExtension.values()].reduce((sum, sharing) => sum + sharing.length, 0);
    for (const [extension, same] of byExtension) {
      const named = [...byExtension]
        .filter(([other]) => other !== extension)
        .flatMap(([, sharing]) => sharing)
        .slice(0, NAMED_PEOPLE)
        .map((other) => `${personWords(other)}'s (extension ${other.extension}, row ${line(rowOf(other))})`);
      const more = total - same.length - named.length;
      const others = more > 0 ? `${named.join(', ')} and ${more} more people's` : named.join(', ');
      for (const person of same) {
        issue(
          rowOf(person),
          'extension',
          'mailbox_in_file',
          `Extension ${extension} is voicemail box ${number} to the PBX, which is also ${others}. Each person's box needs its own number: change one of the extensions, or write "no" under voicemail for one of them.`,
        );
      }
    }
  }
}

/** A person in a message: "Alice Smith", else their email or username. */
export function personWords(person: SheetPerson): string {
  const name = [person.firstName, person.lastName].filter((part) => part !== null).join(' ');
  return name !== '' ? name : (person.email ?? person.username ?? person.key.slice('person:'.length));
}

/** The sheet's person an owner cell names: by email, username or "First Last", without case; null when none or several. */
export function personOfOwner(people: readonly SheetPerson[], owner: string): number | null {
  const key = owner.trim().toLowerCase();
  if (key === '') return null;
  const found = people.flatMap((person, index) =>
    person.email?.toLowerCase() === key ||
    person.username?.toLowerCase() === key ||
    `${person.firstName ?? ''} ${person.lastName ?? ''}`.trim().toLowerCase() === key
      ? [index]
      : [],
  );
  return found.length === 1 ? (found[0] as number) : null;
}
