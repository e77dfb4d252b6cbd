import type { DeviceDocument, DeviceFields, DeviceSummary } from '../../common/devices';
import { COLUMN_FIELD_PATHS, isDeviceColumn, type CanonicalColumn, type DeviceColumn } from '../../common/import/columns';
import { SIP_CREDENTIAL_TYPES } from '../../common/import/values';
import type { MatchKey, OnExisting, PlanChange, PlanDevice, RowIdentity } from '../../common/import/types';
import type { Result } from '../../common/ipc/result';
import type { UserSummary } from '../api/users';
import { extensionOfPresence } from '../devices/extensions';
import { twoPhonesMessage, typeAndNameKey, type AccountIndex } from './account-index';
import { diffRow } from './diff';
import { valueAt } from './document-paths';
import { ownerNameOf } from './owners';

/** A row's phone as the plan sees it: the device document the row gives, its owner already chosen. */
export interface DeviceCandidate {
  document: DeviceFields;
  /** The canonical columns this row fills in: an update compares only those. */
  columns: readonly CanonicalColumn[];
}

export interface DeviceContext {
  account: AccountIndex;
  usersById: ReadonlyMap<string, UserSummary>;
  /** The people of the sheet not on the account yet, by the id chosen for their user: a phone may be given to one. */
  newOwners: ReadonlyMap<string, string>;
  /** SIP usernames in use, in the account and in the file (lowercased); generated ones are added. */
  takenSipUsernames: Set<string>;
  /** Reads a matched device in full, to tell "update" from "already identical". */
  fetchDevice(id: string): Promise<Result<DeviceDocument>>;
  /** Ids of the devices registered now; null when the server's registrations could not be read. */
  registered: ReadonlySet<string> | null;
  revealPasswords: boolean;
  match: MatchKey;
  onExisting: OnExisting;
  newId(): string;
  generateSipUsername(taken: ReadonlySet<string>): string;
  generateSipPassword(): string;
}

/** What the plan does with one row's phone. */
export type DeviceDecision =
  | { action: 'create'; id: string; document: DeviceFields; identity: RowIdentity; generated: Array<'sip_username' | 'sip_password'> }
  | {
      action: 'update';
      id: string;
      name: string;
      changes: Record<string, unknown>;
      changedColumns: DeviceColumn[];
      /** Each changed field old → new, as the plan shows it. */
      shown: PlanChange[];
      device: PlanDevice;
      identity: RowIdentity;
    }
  | { action: 'skip'; id: string; name: string; reason: string; identity: RowIdentity }
  | { action: 'error'; reason: string; column: CanonicalColumn | null; code: string; identity: RowIdentity };

/** Changing these on a registered phone takes it offline until it is set up again. */
const DISRUPTIVE_COLUMNS: ReadonlySet<CanonicalColumn> = new Set(['sip_username', 'sip_password', 'owner']);

/** An update that changes the SIP credentials or the owner of a phone registered now (or not known not to be). */
export const disruptsRegisteredPhone = (decision: DeviceDecision): boolean =>
  decision.action === 'update' &&
  decision.device.registered !== false &&
  decision.shown.some((change) => DISRUPTIVE_COLUMNS.has(change.column));

/**
 * Decides what to do with one row's phone on the live account: create it, update the device it
 * matches (by MAC then SIP username, or SIP username only; devices with neither by type and name),
 * skip it (already there, or identical) or refuse it.
 */
export async function planDevice(candidate: DeviceCandidate, context: DeviceContext): Promise<DeviceDecision> {
  const { document } = candidate;
  const { account } = context;
  const refuse = (reason: string, column: CanonicalColumn | null, code: string, device?: DeviceSummary): DeviceDecision => ({
    action: 'error',
    reason,
    column,
    code,
    identity: deviceIdentity(document, device),
  });
  const mac = document.mac_address?.toLowerCase();
  const username = document.sip?.username?.toLowerCase();
  const byMac = mac ? account.byMac.get(mac) : undefined;
  const byUsername = username ? account.bySipUsername.get(username) : undefined;
  // A call-forward device has neither MAC nor SIP username: its type and name are all there is.
  const sameNamed =
    !mac && !username ? (account.byTypeAndName.get(typeAndNameKey(document.device_type ?? 'sip_device', document.name)) ?? []) : [];
  if (sameNamed.length > 1) {
    return refuse(
      `${sameNamed.length} devices of this type are named "${document.name}" on the PBX. Give the row a unique name.`,
      'name',
      'ambiguous_match',
    );
  }
  const matched = (context.match === 'mac' ? (byMac ?? byUsername) : byUsername) ?? sameNamed[0];
  if (byMac && byUsername && byMac.id !== byUsername.id) {
    return refuse(twoPhonesMessage(byMac, byUsername, document.sip?.username ?? ''), 'mac_address', 'account_conflict');
  }
  if (!matched) {
    // Creating would collide with a device this match key does not see.
    if (byMac) {
      return refuse(
        `This MAC is already used by "${byMac.name}" on the PBX. Match by MAC to update it, or fix the MAC.`,
        'mac_address',
        'duplicate_in_account',
      );
    }
    const created = withCredentials(document, context);
    return {
      action: 'create',
      id: context.newId(),
      document: created,
      identity: deviceIdentity(created),
      generated: generatedFields(created, document),
    };
  }
  const identity = deviceIdentity(document, matched);
  if (context.onExisting === 'skip') {
    return { action: 'skip', id: matched.id, name: matched.name, reason: `Already on the PBX as "${matched.name}".`, identity };
  }
  const existing = await context.fetchDevice(matched.id);
  if (!existing.ok) {
    return refuse(
      `The matching device "${matched.name}" could not be read: ${existing.error.message}`,
      null,
      'account_read_failed',
      matched,
    );
  }
  const stored = existing.value;
  const wantedType = document.device_type ?? 'sip_device';
  const storedType = stored.device_type ?? 'sip_device';
  if (candidate.columns.includes('device_type') && wantedType !== storedType) {
    return refuse(
      `"${matched.name}" is a ${storedType} on the PBX; a device's type cannot change. Fix the type or remove the existing device.`,
      'device_type',
      'type_change',
      matched,
    );
  }
  const diff = diffRow(
    document,
    candidate.columns.filter((column): column is DeviceColumn => isDeviceColumn(column) && column !== 'device_type'),
    stored,
  );
  if (diff.changedColumns.length === 0) {
    return { action: 'skip', id: matched.id, name: matched.name, reason: `Already identical on the PBX ("${matched.name}").`, identity };
  }
  const device: PlanDevice = {
    name: stored.name,
    macAddress: stored.mac_address ?? null,
    sipUsername: stored.sip?.username ?? null,
    extension:
      stored.caller_id?.internal?.number ??
      (stored.owner_id ? extensionOfPresence(context.usersById.get(stored.owner_id)?.presenceId) : null),
    registered: context.registered ? context.registered.has(matched.id) : null,
  };
  const shown = (column: CanonicalColumn, value: unknown): string =>
    column === 'owner' && typeof value === 'string'
      ? (context.newOwners.get(value) ?? ownerNameOf(context.usersById.get(value), value))
      : shownValue(value);
  return {
    action: 'update',
    id: matched.id,
    name: matched.name,
    changes: diff.changes,
    changedColumns: diff.changedColumns,
    shown: diff.changedColumns.map((column) =>
      column === 'sip_password' && !context.revealPasswords
        ? { column, before: null, after: null }
        : {
            column,
            before: shown(column, valueAt(stored, COLUMN_FIELD_PATHS[column])),
            after: shown(column, valueAt(document, COLUMN_FIELD_PATHS[column])),
          },
    ),
    device,
    identity: {
      extension: identity.extension ?? device.extension,
      macAddress: identity.macAddress ?? device.macAddress,
      sipUsername: identity.sipUsername ?? device.sipUsername,
    },
  };
}

/** What a row says about the phone, completed by the device it matched where the row is silent. */
export function deviceIdentity(document: Partial<DeviceFields>, device?: DeviceSummary): RowIdentity {
  return {
    extension: document.caller_id?.internal?.number ?? null,
    macAddress: document.mac_address ?? device?.macAddress ?? null,
    sipUsername: document.sip?.username ?? device?.sipUsername ?? null,
  };
}

const shownValue = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

function generatedFields(created: DeviceFields, given: DeviceFields): Array<'sip_username' | 'sip_password'> {
  const generated: Array<'sip_username' | 'sip_password'> = [];
  if (created.sip?.username && !given.sip?.username) generated.push('sip_username');
  if (created.sip?.password && !given.sip?.password) generated.push('sip_password');
  return generated;
}

function withCredentials(document: DeviceFields, context: DeviceContext): DeviceFields {
  if (!SIP_CREDENTIAL_TYPES.has(document.device_type ?? 'sip_device')) return document;
  const sip = { ...document.sip };
  if (!sip.username) {
    sip.username = context.generateSipUsername(context.takenSipUsernames);
    context.takenSipUsernames.add(sip.username.toLowerCase());
  }
  if (!sip.password) sip.password = context.generateSipPassword();
  return { ...document, sip };
}
