import type { DeviceSummary } from '../../common/devices';
import { PERSON_IDENTITY_COLUMNS } from '../../common/import/columns';
import { columnSources, type ColumnSources } from '../../common/import/mapping';
import { namesPerson, personOfOwner, sheetPeople, personWords, type SheetPeople } from '../../common/import/people';
import type { CellIssue, ImportDraft } from '../../common/import/types';
import { normalizeMac } from '../../common/mac';
import { ok, type Result } from '../../common/ipc/result';
import { mayPause, type Steps } from '../../common/steps';
import type { KazooClient } from '../api/client';
import { listCallflows, type Callflow } from '../api/callflows';
import { listDevices } from '../api/devices';
import { listUsers, type UserSummary } from '../api/users';
import { mailboxNumber } from '../../common/import/mailbox';
import { listVmboxes, type VmboxSummary } from '../api/vmboxes';
import { deviceWords, indexAccount, twoPhonesMessage, type AccountIndex } from './account-index';
import { createOwnerIndex, userLabel, userName, type OwnerLookup } from './owners';
import { existingPersonOf, personAccountIssues, type ExistingPerson } from './person-check';

/** Who already answers on an extension number: a user (by presence ID or a callflow of theirs), a device, or a flow of another kind. */
export interface ExtensionHolder {
  userId: string | null;
  deviceId: string | null;
  /** A callflow that rings a device or a user the listing does not name; telling which takes one read per callflow. */
  unnamedTarget: boolean;
  /** The holder in words: `Ana Lima (user)`, `the callflow "Main menu"`. */
  label: string;
  /** A user's presence ID, or a callflow: of these only the user's main callflow (SmartPBX's `mainUserCallflow`) is theirs alone. */
  kind: 'presence' | 'callflow' | 'main_callflow';
}

/** A callflow that answers every number its pattern matches (`^2\d{3}$`). */
export interface PatternHolder {
  pattern: RegExp;
  source: string;
  holder: ExtensionHolder;
}

/** The account as one load of a file sees it: devices, users, voicemail boxes and callflows read once, indexed for every row check. */
export interface AccountSnapshot {
  devices: AccountIndex;
  deviceCount: number;
  userCount: number;
  owner: (text: string) => OwnerLookup;
  usersById: ReadonlyMap<string, UserSummary>;
  /** Lowercased, as KAZOO compares usernames. */
  usersByUsername: ReadonlyMap<string, UserSummary>;
  /** Lowercased; KAZOO does not keep emails unique, so one may name several users. */
  usersByEmail: ReadonlyMap<string, readonly UserSummary[]>;
  extensions: ReadonlyMap<string, readonly ExtensionHolder[]>;
  patterns: readonly PatternHolder[];
  /** Voicemail boxes by their mailbox as a number, as KAZOO compares them ("0100" is 100). */
  mailboxes: ReadonlyMap<number, readonly VmboxSummary[]>;
}

function callflowHolder(callflow: Callflow, usersById: ReadonlyMap<string, UserSummary>): ExtensionHolder {
  const target = callflow.target;
  const userId = target?.module === 'user' ? target.id : callflow.ownerId;
  const deviceId = target?.module === 'device' ? target.id : null;
  const owner = userId ? usersById.get(userId) : undefined;
  const named = callflow.name ? `the callflow "${callflow.name}"` : 'a callflow';
  return {
    userId,
    deviceId,
    unnamedTarget: target === null && userId === null && (callflow.modules.includes('device') || callflow.modules.includes('user')),
    label: owner ? `${named} of ${userLabel(owner)}` : named,
    kind: callflow.type === 'mainUserCallflow' && callflow.ownerId !== null ? 'main_callflow' : 'callflow',
  };
}

/** A pattern as a regular expression; KAZOO stores any string, and one JavaScript cannot read takes part in no check. */
function patternOf(source: string): RegExp | null {
  try {
    return new RegExp(source);
  } catch {
    return null;
  }
}

/** Who is who by username and by email: what tells a sheet's person from someone already on the account. */
export type UserIndex = Pick<AccountSnapshot, 'usersByUsername' | 'usersByEmail'>;

export function indexUsers(users: readonly UserSummary[]): UserIndex {
  const usersByUsername = new Map<string, UserSummary>();
  const usersByEmail = new Map<string, UserSummary[]>();
  for (const user of users) {
    if (user.username) usersByUsername.set(user.username.toLowerCase(), user);
    if (user.email) usersByEmail.set(user.email.toLowerCase(), [...(usersByEmail.get(user.email.toLowerCase()) ?? []), user]);
  }
  return { usersByUsername, usersByEmail };
}

/** The account's listings indexed for the row checks (the bench builds one without a server). */
export function snapshotOf(
  devices: readonly DeviceSummary[],
  users: readonly UserSummary[],
  callflows: readonly Callflow[],
  vmboxes: readonly VmboxSummary[],
): AccountSnapshot {
  const usersById = new Map(users.map((user) => [user.id, user]));
  const { usersByUsername, usersByEmail } = indexUsers(users);
  const extensions = new Map<string, ExtensionHolder[]>();
  const hold = (number: string, holder: ExtensionHolder) => extensions.set(number, [...(extensions.get(number) ?? []), holder]);
  const patterns: PatternHolder[] = [];
  // The numbers the account's callflows answer on, and, by KAZOO's convention (and its onboarding tools), users' presence IDs.
  for (const callflow of callflows) {
    const holder = callflowHolder(callflow, usersById);
    for (const number of callflow.numbers) hold(number, holder);
    for (const source of callflow.patterns) {
      const pattern = patternOf(source);
      if (pattern) patterns.push({ pattern, source, holder });
    }
  }
  for (const user of users) {
    // A presence ID may carry the realm ("1001@site.example"); the extension is before it.
    const presence = user.presenceId?.split('@')[0];
    if (presence)
      hold(presence, { userId: user.id, deviceId: null, unnamedTarget: false, label: `${userLabel(user)} (user)`, kind: 'presence' });
  }
  const mailboxes = new Map<number, VmboxSummary[]>();
  for (const box of vmboxes) {
    const number = mailboxNumber(box.mailbox);
    if (number !== null) mailboxes.set(number, [...(mailboxes.get(number) ?? []), box]);
  }
  return {
    devices: indexAccount(devices),
    deviceCount: devices.length,
    userCount: users.length,
    owner: createOwnerIndex(users),
    usersById,
    usersByUsername,
    usersByEmail,
    extensions,
    patterns,
    mailboxes,
  };
}

/** One listing each of the account's devices, users, callflows and voicemail boxes. */
export async function readAccount(client: KazooClient): Promise<Result<AccountSnapshot>> {
  const [devices, users, callflows, vmboxes] = await Promise.all([
    listDevices(client),
    listUsers(client),
    listCallflows(client),
    listVmboxes(client),
  ]);
  if (!devices.ok) return devices;
  if (!users.ok) return users;
  if (!callflows.ok) return callflows;
  if (!vmboxes.ok) return vmboxes;
  return ok(snapshotOf(devices.value, users.value, callflows.value, vmboxes.value));
}

/** The sheet's people and who each already is on the account, worked out once per check. */
interface SheetContext {
  people: SheetPeople;
  existing: ExistingPerson[];
}

const sheetHasPeople = (draft: ImportDraft): boolean => PERSON_IDENTITY_COLUMNS.some((column) => draft.mapping.includes(column));

function sheetContextOf(draft: ImportDraft, account: AccountSnapshot): SheetContext | null {
  if (!sheetHasPeople(draft)) return null;
  const people = sheetPeople(draft.rows, draft.mapping);
  return { people, existing: people.people.map((person) => existingPersonOf(person, account)) };
}

/**
 * What the account says about the given rows: an owner neither it nor the
 * sheet has, a MAC and a SIP username that belong to two different devices, a SIP username another
 * phone registers with, an extension someone else answers on (a callflow's number or pattern, or
 * a user's presence ID; a device's own internal caller ID number is in its document, which the
 * listing lacks), and for the sheet's people a username, extension or mailbox held by somebody
 * else (see `personAccountIssues`). A MAC or SIP username that names one device is that row's
 * device (the plan updates or skips it), not a problem. A person's issue is on the row that gives
 * the value.
 *
 * The result replaces what the caller holds for its rows: an entry for each given row that has
 * issues and, in a sheet of people, one for every other row too (empty when it has none), since
 * an edit of one row changes what its person, or the phones naming them as owner, say on others.
 * Steps (common/steps.ts): a whole file's rows take 0.1-0.2 s per 100,000, so main checks them a
 * slice at a time.
 */
export function* accountIssuesOf(draft: ImportDraft, account: AccountSnapshot, rows: Iterable<number>): Steps<Map<number, CellIssue[]>> {
  const sources = columnSources(draft.mapping);
  const sheet = sheetContextOf(draft, account);
  // In a sheet of people every row is checked, and rows beyond the given ones are answered even when clean.
  const given = sheet ? new Set(rows) : null;
  const found = new Map<number, CellIssue[]>();
  let checked = 0;
  for (const index of given ? draft.rows.keys() : rows) {
    if (mayPause(checked++)) yield;
    const row = draft.rows[index];
    // A row longer than the header has its cells under the wrong headers: the rules say so already.
    const issues = !row || row.cells.length > draft.headers.length ? [] : rowAccountIssues(index, row.cells, sources, account, sheet);
    const person = sheet?.people.personOfRow[index];
    if (sheet && person !== null && person !== undefined) {
      issues.push(...personAccountIssues(index, sheet.people.people[person]!, sheet.existing[person]!, account, sources));
    }
    if (issues.length > 0 || (given !== null && !given.has(index))) found.set(index, issues);
  }
  return found;
}

function rowAccountIssues(
  index: number,
  cells: readonly string[],
  sources: ColumnSources,
  account: AccountSnapshot,
  sheet: SheetContext | null,
): CellIssue[] {
  const issues: CellIssue[] = [];
  const cell = (source: number) => (source >= 0 ? (cells[source] ?? '').trim() : '');
  const add = (
    column: 'owner' | 'mac_address' | 'sip_username' | 'caller_id_internal_number' | 'extension',
    code: string,
    message: string,
  ) => issues.push({ row: index, sourceColumn: sources[column], column, severity: 'error', code, message });

  // The user the row's phone will belong to, where the account has them already.
  let ownerId: string | null = null;
  const person = sheet?.people.personOfRow[index] ?? null;
  if (sheet && person !== null) ownerId = sheet.existing[person]?.user?.id ?? null;
  const ownerText = cell(sources.owner);
  // A person's phone is theirs: an owner cell beside the person is not used (the sheet's rules say so).
  if (ownerText !== '' && person === null) {
    const sheetOwner = sheet ? personOfOwner(sheet.people.people, ownerText) : null;
    if (sheet && sheetOwner !== null) ownerId = sheet.existing[sheetOwner]?.user?.id ?? null;
    else {
      const found = account.owner(ownerText);
      if (found.ok) ownerId = found.userId;
      else add('owner', 'owner_unknown', found.message);
    }
  }

  const mac = normalizeMac(cell(sources.mac_address));
  const username = cell(sources.sip_username).toLowerCase();
  const byMac = mac ? account.devices.byMac.get(mac) : undefined;
  const byUsername = username ? account.devices.bySipUsername.get(username) : undefined;
  if (byMac && byUsername && byMac.id !== byUsername.id) {
    add('mac_address', 'account_conflict', twoPhonesMessage(byMac, byUsername, cell(sources.sip_username)));
  } else if (byUsername && mac && byUsername.macAddress && byUsername.macAddress !== mac) {
    add(
      'sip_username',
      'sip_username_in_account',
      `The SIP username "${cell(sources.sip_username)}" is already used by ${deviceWords(byUsername)}, another phone on the PBX. Give this phone its own username, or leave it empty and the app will make one.`,
    );
  }

  // The phone's internal caller ID: its own column, else on a row without a person the extension (as the device builder reads it).
  const callerIdColumn =
    sources.caller_id_internal_number >= 0 ? 'caller_id_internal_number' : !namesPerson(cells, sources) ? 'extension' : null;
  const extension = callerIdColumn ? cell(sources[callerIdColumn]) : '';
  const device = byMac ?? byUsername;
  // The row's own owner, or the device it updates, may answer on its extension; a new phone can be rung by no flow yet.
  const mine = (holder: ExtensionHolder) =>
    (holder.userId !== null && (holder.userId === ownerId || holder.userId === (device?.ownerId ?? null))) ||
    (holder.deviceId !== null && holder.deviceId === device?.id) ||
    (holder.unnamedTarget && device !== undefined);
  const holder = extension === '' ? undefined : account.extensions.get(extension)?.find((held) => !mine(held));
  if (callerIdColumn && holder) {
    add(
      callerIdColumn,
      'extension_taken',
      `Extension ${extension} is already taken on the PBX by ${holder.label}. Use a free extension, or make that user the owner if this is their phone.`,
    );
  }
  return issues;
}

/** The owners the file names that the account (or the sheet's people) have, for the grid to show beside what was typed. */
export function ownerNamesOf(draft: ImportDraft, account: AccountSnapshot): Record<string, string> {
  const source = draft.mapping.indexOf('owner');
  const names: Record<string, string> = {};
  if (source < 0) return names;
  const people = sheetHasPeople(draft) ? sheetPeople(draft.rows, draft.mapping).people : [];
  for (const row of draft.rows) {
    const key = (row.cells[source] ?? '').trim().toLowerCase();
    if (key === '' || Object.hasOwn(names, key)) continue;
    const sheetOwner = personOfOwner(people, key);
    if (sheetOwner !== null) {
      names[key] = personWords(people[sheetOwner]!);
      continue;
    }
    const found = account.owner(key);
    const user = found.ok ? account.usersById.get(found.userId) : undefined;
    if (user) names[key] = userName(user);
  }
  return names;
}
