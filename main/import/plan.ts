import type { DeviceDocument, DeviceFields, DeviceSummary } from '../../common/devices';
import { COLUMN_FIELD_PATHS, isDeviceColumn, type CanonicalColumn, type DeviceColumn } from '../../common/import/columns';
import { SIP_CREDENTIAL_TYPES } from '../../common/import/values';
import type {
  CellIssue,
  ColumnMapping,
  MatchKey,
  OnExisting,
  PlanChange,
  PlanCounts,
  PlanDevice,
  PlanRow,
  RowIdentity,
} from '../../common/import/types';
import type { Result } from '../../common/ipc/result';
import type { UserSummary } from '../api/users';
import { indexAccount, twoPhonesMessage, typeAndNameKey } from './account-index';
import { diffRow } from './diff';
import { valueAt } from './document-paths';
import type { SheetRowRef, Unit } from './operations';
import { createOwnerIndex, ownerNameOf } from './owners';

/** A row of the draft as the plan sees it: already checked on its own, turned into a device document. */
export interface PlanCandidate {
  row: number;
  line: number;
  name: string;
  /** The first error the draft found in this row, which keeps it from being sent. */
  blocked: { message: string; column: CanonicalColumn | null } | null;
  document: DeviceFields;
  ownerText: string | null;
  /** The canonical columns this file fills in for the row. */
  columns: CanonicalColumn[];
}

export interface PlanInput {
  candidates: PlanCandidate[];
  mapping: ColumnMapping;
  devices: readonly DeviceSummary[];
  users: readonly UserSummary[];
  /** Reads a matched device in full, to tell "update" from "already identical". */
  fetchDevice(id: string): Promise<Result<DeviceDocument>>;
  /** SIP passwords in the changes of updates: the command line's --report-passwords; never for the app's window. */
  revealPasswords?: boolean;
  /** Ids of the devices registered now, read once; null when the server's registrations could not be read. */
  registered: ReadonlySet<string> | null;
  match: MatchKey;
  onExisting: OnExisting;
  newId(): string;
  generateSipUsername(taken: ReadonlySet<string>): string;
  generateSipPassword(): string;
}

/** Changing these on a registered phone takes it offline until it is set up again. */
const DISRUPTIVE_COLUMNS: ReadonlySet<CanonicalColumn> = new Set(['sip_username', 'sip_password', 'owner']);

/** What the plan decided for one row: its device. */
export type Operation = { row: number; line: number; name: string; identity: RowIdentity } & (
  | { action: 'create'; deviceId: string; document: DeviceFields }
  | { action: 'update'; deviceId: string; changes: Record<string, unknown>; changedColumns: CanonicalColumn[] }
  | { action: 'skip'; deviceId: string; reason: string }
  | { action: 'error'; reason: string; column: CanonicalColumn | null }
);

export interface PlanOutput {
  operations: Operation[];
  /** What the batch runs: one unit per row, of its one device step. */
  units: Unit[];
  sheetRows: SheetRowRef[];
  rows: PlanRow[];
  counts: PlanCounts;
  issues: CellIssue[];
}

/**
 * Decides, row by row, what the import will do on the live account: create, update (matched by
 * MAC then SIP username, or SIP username only; devices with neither by type and name), skip
 * (already there or identical) or error. The account is read with one list request for devices
 * and one for users; matched devices are read in full only when updates are wanted.
 */
export async function planImport(input: PlanInput): Promise<PlanOutput> {
  const account = indexAccount(input.devices);
  const owner = createOwnerIndex(input.users);
  const usersById = new Map(input.users.map((user) => [user.id, user]));
  const takenUsernames = new Set(account.sipUsernames);
  for (const candidate of input.candidates) {
    const username = candidate.document.sip?.username;
    if (username) takenUsernames.add(username.toLowerCase());
  }
  const operations: Operation[] = [];
  const issues: CellIssue[] = [];
  const sourceColumnOf = (column: CanonicalColumn | null) => (column === null ? null : input.mapping.indexOf(column));

  const refuse = (candidate: PlanCandidate, message: string, column: CanonicalColumn | null, code: string) => {
    const sourceColumn = sourceColumnOf(column);
    issues.push({ row: candidate.row, sourceColumn: sourceColumn === -1 ? null : sourceColumn, column, severity: 'error', code, message });
    operations.push({ ...baseOf(candidate), action: 'error', reason: message, column });
  };
  const baseOf = (candidate: PlanCandidate, device?: DeviceSummary) => ({
    row: candidate.row,
    line: candidate.line,
    name: candidate.name,
    identity: identityOf(candidate.document, device),
  });
  const updates = new Map<number, { device: PlanDevice; changes: PlanChange[] }>();

  for (const candidate of input.candidates) {
    const base = baseOf(candidate);
    if (candidate.blocked) {
      operations.push({ ...base, action: 'error', reason: candidate.blocked.message, column: candidate.blocked.column });
      continue;
    }
    const document: DeviceFields = structuredClone(candidate.document);
    if (candidate.ownerText) {
      const found = owner(candidate.ownerText);
      if (!found.ok) {
        refuse(candidate, found.message, 'owner', 'owner_unknown');
        continue;
      }
      document.owner_id = found.userId;
    }

    const mac = document.mac_address?.toLowerCase();
    const username = document.sip?.username?.toLowerCase();
    const byMac = mac ? account.byMac.get(mac) : undefined;
    const byUsername = username ? account.bySipUsername.get(username) : undefined;
    // A call-forward device has neither MAC nor SIP username: its type and name are all there is.
    const sameNamed =
      !mac && !username ? (account.byTypeAndName.get(typeAndNameKey(document.device_type ?? 'sip_device', document.name)) ?? []) : [];
    if (sameNamed.length > 1) {
      refuse(
        candidate,
        `${sameNamed.length} devices of this type are named "${document.name}" on the PBX. Give the row a unique name.`,
        'name',
        'ambiguous_match',
      );
      continue;
    }
    const matched = (input.match === 'mac' ? (byMac ?? byUsername) : byUsername) ?? sameNamed[0];

    if (byMac && byUsername && byMac.id !== byUsername.id) {
      refuse(candidate, twoPhonesMessage(byMac, byUsername, document.sip?.username ?? ''), 'mac_address', 'account_conflict');
      continue;
    }
    if (!matched) {
      // Creating would collide with a device this match key does not see.
      if (byMac) {
        refuse(
          candidate,
          `This MAC is already used by "${byMac.name}" on the PBX. Match by MAC to update it, or fix the MAC.`,
          'mac_address',
          'duplicate_in_account',
        );
        continue;
      }
      const created = withCredentials(document, input, takenUsernames);
      operations.push({ ...base, identity: identityOf(created), action: 'create', deviceId: input.newId(), document: created });
      continue;
    }
    const matchedBase = baseOf(candidate, matched);
    if (input.onExisting === 'skip') {
      operations.push({ ...matchedBase, action: 'skip', deviceId: matched.id, reason: `Already on the PBX as "${matched.name}".` });
      continue;
    }
    const existing = await input.fetchDevice(matched.id);
    if (!existing.ok) {
      refuse(candidate, `The matching device "${matched.name}" could not be read: ${existing.error.message}`, null, 'account_read_failed');
      continue;
    }
    const wantedType = document.device_type ?? 'sip_device';
    const storedType = existing.value.device_type ?? 'sip_device';
    if (candidate.columns.includes('device_type') && wantedType !== storedType) {
      refuse(
        candidate,
        `"${matched.name}" is a ${storedType} on the PBX; a device's type cannot change. Fix the type or remove the existing device.`,
        'device_type',
        'type_change',
      );
      continue;
    }
    const diff = diffRow(
      document,
      candidate.columns.filter((column): column is DeviceColumn => isDeviceColumn(column) && column !== 'device_type'),
      existing.value,
    );
    if (diff.changedColumns.length === 0) {
      operations.push({
        ...matchedBase,
        action: 'skip',
        deviceId: matched.id,
        reason: `Already identical on the PBX ("${matched.name}").`,
      });
      continue;
    }
    const stored = existing.value;
    const device: PlanDevice = {
      name: stored.name,
      macAddress: stored.mac_address ?? null,
      sipUsername: stored.sip?.username ?? null,
      extension: stored.caller_id?.internal?.number ?? (stored.owner_id ? usersById.get(stored.owner_id)?.presenceId : null) ?? null,
      registered: input.registered ? input.registered.has(matched.id) : null,
    };
    const identity: RowIdentity = {
      extension: matchedBase.identity.extension ?? device.extension,
      macAddress: matchedBase.identity.macAddress ?? device.macAddress,
      sipUsername: matchedBase.identity.sipUsername ?? device.sipUsername,
    };
    operations.push({
      ...matchedBase,
      identity,
      action: 'update',
      deviceId: matched.id,
      changes: diff.changes,
      changedColumns: diff.changedColumns,
    });
    const shown = (column: CanonicalColumn, value: unknown): string =>
      column === 'owner' && typeof value === 'string' ? ownerNameOf(usersById.get(value), value) : shownValue(value);
    updates.set(candidate.row, {
      device,
      changes: diff.changedColumns.map((column) =>
        column === 'sip_password' && input.revealPasswords !== true
          ? { column, before: null, after: null }
          : {
              column,
              before: shown(column, valueAt(stored, COLUMN_FIELD_PATHS[column])),
              after: shown(column, valueAt(document, COLUMN_FIELD_PATHS[column])),
            },
      ),
    });
  }

  const rows: PlanRow[] = operations.map((operation) => {
    const update = updates.get(operation.row);
    return {
      row: operation.row,
      line: operation.line,
      name: operation.name,
      ...operation.identity,
      action: operation.action,
      deviceId: operation.action === 'error' ? null : operation.deviceId,
      changedColumns: operation.action === 'update' ? operation.changedColumns : [],
      device: update?.device ?? null,
      changes: update?.changes ?? [],
      disruptsRegisteredPhone:
        update !== undefined &&
        update.device.registered !== false &&
        update.changes.some((change) => DISRUPTIVE_COLUMNS.has(change.column)),
      reason: operation.action === 'skip' || operation.action === 'error' ? operation.reason : null,
      generated: operation.action === 'create' ? generatedFields(operation.document, input.candidates[rowIndex(input, operation.row)]) : [],
      person: null,
      resources: [
        {
          resource: 'device',
          action: operation.action,
          id: operation.action === 'error' ? null : operation.deviceId,
          label: operation.name,
          reason: operation.action === 'skip' || operation.action === 'error' ? operation.reason : null,
          changes: update?.changes ?? [],
        },
      ],
    };
  });
  const counts: PlanCounts = { create: 0, update: 0, skip: 0, error: 0 };
  for (const operation of operations) counts[operation.action] += 1;
  const units = operations.map(unitOf);
  const sheetRows = operations.map(({ row, line, name, identity }) => ({ row, line, name, identity }));
  return { operations, units, sheetRows, rows, counts, issues };
}

function unitOf(operation: Operation): Unit {
  const base = { resource: 'device' as const, rows: [operation.row], label: operation.name };
  const step = ((): Unit['steps'][number] => {
    switch (operation.action) {
      case 'create':
        return { ...base, action: 'create', id: operation.deviceId, document: { ...operation.document } };
      case 'update':
        return { ...base, action: 'update', id: operation.deviceId, changes: operation.changes, changedColumns: operation.changedColumns };
      case 'skip':
        return { ...base, action: 'skip', id: operation.deviceId, reason: operation.reason };
      case 'error':
        return { ...base, action: 'error', reason: operation.reason, column: operation.column };
    }
  })();
  return { key: `row:${operation.row}`, label: operation.name, rows: [operation.row], steps: [step] };
}

/** What a row says about the phone, completed by the device it matched where the row is silent. */
function identityOf(document: DeviceFields, device?: DeviceSummary): RowIdentity {
  return {
    extension: document.caller_id?.internal?.number ?? null,
    macAddress: document.mac_address ?? device?.macAddress ?? null,
    sipUsername: document.sip?.username ?? device?.sipUsername ?? null,
  };
}

const shownValue = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

function rowIndex(input: PlanInput, row: number): number {
  return input.candidates.findIndex((candidate) => candidate.row === row);
}

function generatedFields(document: DeviceFields, candidate: PlanCandidate | undefined): Array<'sip_username' | 'sip_password'> {
  const generated: Array<'sip_username' | 'sip_password'> = [];
  if (document.sip?.username && !candidate?.document.sip?.username) generated.push('sip_username');
  if (document.sip?.password && !candidate?.document.sip?.password) generated.push('sip_password');
  return generated;
}

function withCredentials(document: DeviceFields, input: PlanInput, taken: Set<string>): DeviceFields {
  if (!SIP_CREDENTIAL_TYPES.has(document.device_type ?? 'sip_device')) return document;
  const sip = { ...document.sip };
  if (!sip.username) {
    sip.username = input.generateSipUsername(taken);
    taken.add(sip.username.toLowerCase());
  }
  if (!sip.password) sip.password = input.generateSipPassword();
  return { ...document, sip };
}
