import type { DeviceDocument, DeviceFields, DeviceSummary } from '../../common/devices';
import type { CanonicalColumn } from '../../common/import/columns';
import { SIP_CREDENTIAL_TYPES } from '../../common/import/values';
import type { CellIssue, ColumnMapping, MatchKey, OnExisting, PlanCounts, PlanRow } from '../../common/import/types';
import type { Result } from '../../common/ipc/result';
import type { UserSummary } from '../api/users';
import { indexAccount, typeAndNameKey } from './account-index';
import { diffRow } from './diff';
import type { Operation } from './operations';
import { createOwnerIndex } from './owners';

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
  match: MatchKey;
  onExisting: OnExisting;
  newId(): string;
  generateSipUsername(taken: ReadonlySet<string>): string;
  generateSipPassword(): string;
}

export interface PlanOutput {
  operations: Operation[];
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
    operations.push({ row: candidate.row, line: candidate.line, name: candidate.name, action: 'error', reason: message, column });
  };

  for (const candidate of input.candidates) {
    const base = { row: candidate.row, line: candidate.line, name: candidate.name };
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
      refuse(
        candidate,
        `The MAC belongs to "${byMac.name}" but the SIP username to "${byUsername.name}" on the PBX. Fix one of them.`,
        'mac_address',
        'account_conflict',
      );
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
      operations.push({ ...base, action: 'create', deviceId: input.newId(), document: withCredentials(document, input, takenUsernames) });
      continue;
    }
    if (input.onExisting === 'skip') {
      operations.push({ ...base, action: 'skip', deviceId: matched.id, reason: `Already on the PBX as "${matched.name}".` });
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
      candidate.columns.filter((column) => column !== 'device_type'),
      existing.value,
    );
    if (diff.changedColumns.length === 0) {
      operations.push({ ...base, action: 'skip', deviceId: matched.id, reason: `Already identical on the PBX ("${matched.name}").` });
    } else {
      operations.push({ ...base, action: 'update', deviceId: matched.id, changes: diff.changes, changedColumns: diff.changedColumns });
    }
  }

  const rows: PlanRow[] = operations.map((operation) => ({
    row: operation.row,
    line: operation.line,
    name: operation.name,
    action: operation.action,
    deviceId: operation.action === 'error' ? null : operation.deviceId,
    changedColumns: operation.action === 'update' ? operation.changedColumns : [],
    reason: operation.action === 'skip' || operation.action === 'error' ? operation.reason : null,
    generated: operation.action === 'create' ? generatedFields(operation.document, input.candidates[rowIndex(input, operation.row)]) : [],
  }));
  const counts: PlanCounts = { create: 0, update: 0, skip: 0, error: 0 };
  for (const operation of operations) counts[operation.action] += 1;
  return { operations, rows, counts, issues };
}

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
