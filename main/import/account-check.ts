import type { DeviceSummary } from '../../common/devices';
import { columnSources, type ColumnSources } from '../../common/import/mapping';
import type { CellIssue, ImportDraft } from '../../common/import/types';
import { normalizeMac } from '../../common/mac';
import { ok, type Result } from '../../common/ipc/result';
import type { KazooClient } from '../api/client';
import { listCallflows, type Callflow } from '../api/callflows';
import { listDevices } from '../api/devices';
import { listUsers, type UserSummary } from '../api/users';
import { deviceWords, indexAccount, twoPhonesMessage, type AccountIndex } from './account-index';
import { createOwnerIndex, type OwnerLookup } from './owners';

/** Who already answers on an extension number: a user (by presence ID or a callflow of theirs), a device, or a flow of another kind. */
interface ExtensionHolder {
  userId: string | null;
  deviceId: string | null;
  /** A callflow that rings a device or a user the listing does not name; telling which takes one read per callflow. */
  unnamedTarget: boolean;
  /** The holder in words: `Ana Lima (user)`, `the callflow "Main menu"`. */
  label: string;
}

/** The account as one load of a file sees it: devices, users and callflows read once, indexed for every row check. */
export interface AccountSnapshot {
  devices: AccountIndex;
  deviceCount: number;
  userCount: number;
  owner: (text: string) => OwnerLookup;
  usersById: ReadonlyMap<string, UserSummary>;
  extensions: ReadonlyMap<string, readonly ExtensionHolder[]>;
}

const userName = (user: UserSummary): string => `${user.firstName} ${user.lastName}`.trim() || user.username || user.id;

const userLabel = (user: UserSummary): string => {
  const name = userName(user);
  return user.email && user.email !== name ? `${name} (${user.email})` : name;
};

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
  };
}

function snapshotOf(devices: readonly DeviceSummary[], users: readonly UserSummary[], callflows: readonly Callflow[]): AccountSnapshot {
  const usersById = new Map(users.map((user) => [user.id, user]));
  const extensions = new Map<string, ExtensionHolder[]>();
  const hold = (number: string, holder: ExtensionHolder) => extensions.set(number, [...(extensions.get(number) ?? []), holder]);
  // The numbers the account's callflows answer on, and, by KAZOO's convention (and its onboarding tools), users' presence IDs.
  for (const callflow of callflows) for (const number of callflow.numbers) hold(number, callflowHolder(callflow, usersById));
  for (const user of users) {
    // A presence ID may carry the realm ("1001@site.example"); the extension is before it.
    const presence = user.presenceId?.split('@')[0];
    if (presence) hold(presence, { userId: user.id, deviceId: null, unnamedTarget: false, label: `${userLabel(user)} (user)` });
  }
  return {
    devices: indexAccount(devices),
    deviceCount: devices.length,
    userCount: users.length,
    owner: createOwnerIndex(users),
    usersById,
    extensions,
  };
}

/** One listing each of the account's devices, users and callflows. */
export async function readAccount(client: KazooClient): Promise<Result<AccountSnapshot>> {
  const [devices, users, callflows] = await Promise.all([listDevices(client), listUsers(client), listCallflows(client)]);
  if (!devices.ok) return devices;
  if (!users.ok) return users;
  if (!callflows.ok) return callflows;
  return ok(snapshotOf(devices.value, users.value, callflows.value));
}

/**
 * What the account says about the given rows, all of it at once: an owner it does not have, a
 * MAC and a SIP username that belong to two different devices, a SIP username another phone
 * registers with, an extension someone else answers on (a callflow's number or a user's presence
 * ID; a device's own internal caller ID number is in its document, which the listing lacks). A MAC or SIP username that names one
 * device is that row's device (the plan updates or skips it), not a problem.
 */
export function accountIssuesOf(draft: ImportDraft, account: AccountSnapshot, rows: Iterable<number>): Map<number, CellIssue[]> {
  const sources = columnSources(draft.mapping);
  const found = new Map<number, CellIssue[]>();
  for (const index of rows) {
    const row = draft.rows[index];
    // A row longer than the header has its cells under the wrong headers: the rules say so already.
    if (!row || row.cells.length > draft.headers.length) continue;
    const issues = rowAccountIssues(index, row.cells, sources, account);
    if (issues.length > 0) found.set(index, issues);
  }
  return found;
}

function rowAccountIssues(index: number, cells: readonly string[], sources: ColumnSources, account: AccountSnapshot): CellIssue[] {
  const issues: CellIssue[] = [];
  const cell = (source: number) => (source >= 0 ? (cells[source] ?? '').trim() : '');
  const add = (column: 'owner' | 'mac_address' | 'sip_username' | 'caller_id_internal_number', code: string, message: string) =>
    issues.push({ row: index, sourceColumn: sources[column], column, severity: 'error', code, message });

  let ownerId: string | null = null;
  const ownerText = cell(sources.owner);
  if (ownerText !== '') {
    const found = account.owner(ownerText);
    if (found.ok) ownerId = found.userId;
    else add('owner', 'owner_unknown', found.message);
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

  const extension = cell(sources.caller_id_internal_number);
  const device = byMac ?? byUsername;
  // The row's own owner, or the device it updates, may answer on its extension; a new phone can be rung by no flow yet.
  const mine = (holder: ExtensionHolder) =>
    (holder.userId !== null && (holder.userId === ownerId || holder.userId === (device?.ownerId ?? null))) ||
    (holder.deviceId !== null && holder.deviceId === device?.id) ||
    (holder.unnamedTarget && device !== undefined);
  const holder = extension === '' ? undefined : account.extensions.get(extension)?.find((held) => !mine(held));
  if (holder) {
    add(
      'caller_id_internal_number',
      'extension_taken',
      `Extension ${extension} is already taken on the PBX by ${holder.label}. Use a free extension, or make that user the owner if this is their phone.`,
    );
  }
  return issues;
}

/** The owners the file names that the account has, for the grid to show beside what was typed. */
export function ownerNamesOf(draft: ImportDraft, account: AccountSnapshot): Record<string, string> {
  const source = draft.mapping.indexOf('owner');
  const names: Record<string, string> = {};
  if (source < 0) return names;
  for (const row of draft.rows) {
    const key = (row.cells[source] ?? '').trim().toLowerCase();
    if (key === '' || Object.hasOwn(names, key)) continue;
    const found = account.owner(key);
    const user = found.ok ? account.usersById.get(found.userId) : undefined;
    if (user) names[key] = userName(user);
  }
  return names;
}
