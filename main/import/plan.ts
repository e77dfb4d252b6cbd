import type { DeviceDocument, DeviceFields, DeviceSummary } from '../../common/devices';
import { DEVICE_COLUMNS, type CanonicalColumn } from '../../common/import/columns';
import { columnSources } from '../../common/import/mapping';
import { personOfOwner, personWords, type SheetPerson } from '../../common/import/people';
import { rowToDevice } from '../../common/import/to-device';
import type {
  CellIssue,
  ColumnMapping,
  ImportRow,
  MatchKey,
  OnExisting,
  PlanAction,
  PlanCounts,
  PlanPerson,
  PlanResource,
  PlanRow,
  ResourceCounts,
  RowIdentity,
} from '../../common/import/types';
import { RESOURCE_KINDS } from '../../common/import/types';
import type { Result } from '../../common/ipc/result';
import type { Callflow } from '../api/callflows';
import type { UserSummary } from '../api/users';
import type { VmboxSummary } from '../api/vmboxes';
import { indexAccount } from './account-index';
import { indexUsers } from './account-check';
import type { SheetRowRef, Step, Unit } from './operations';
import { createOwnerIndex } from './owners';
import { deviceIdentity, disruptsRegisteredPhone, planDevice, type DeviceContext, type DeviceDecision } from './plan-device';
import { planPerson, type PersonPlan, type PlannedStep } from './plan-people';

export interface PlanInput {
  rows: readonly ImportRow[];
  mapping: ColumnMapping;
  /** The first error the draft found in each row that has one: such a row is not sent (nor anything of its person). */
  blocked: ReadonlyMap<number, { message: string; column: CanonicalColumn | null }>;
  people: readonly SheetPerson[];
  /** For each row, the index of its person in `people`, or null for a row with device columns only. */
  personOfRow: readonly (number | null)[];
  devices: readonly DeviceSummary[];
  users: readonly UserSummary[];
  vmboxes: readonly VmboxSummary[];
  callflows: readonly Callflow[];
  fetchDevice(id: string): Promise<Result<DeviceDocument>>;
  registered: ReadonlySet<string> | null;
  /** SIP passwords in the changes of updates: the command line's --report-passwords; never for the app's window. */
  revealPasswords?: boolean;
  match: MatchKey;
  onExisting: OnExisting;
  onExistingPerson: OnExisting;
  newId(): string;
  generateSipUsername(taken: ReadonlySet<string>): string;
  generateSipPassword(): string;
  generateUserPassword(): string;
  generateVoicemailPin(mailbox: string): string;
}

export interface PlanOutput {
  units: Unit[];
  sheetRows: SheetRowRef[];
  rows: PlanRow[];
  counts: PlanCounts;
  resourceCounts: ResourceCounts<PlanCounts>;
  people: number;
  /** Problems the plan found against the account, on their cells. */
  issues: CellIssue[];
}

/** One row's phone: what the row gives, and what the plan does with it. */
interface RowDevice {
  row: number;
  name: string;
  decision: DeviceDecision;
}

/** One unit as the plan assembles it, with what each row shows. */
interface PlannedUnit {
  unit: Unit;
  shown: Map<Step, PlanChange[]>;
  person: PlanPerson | null;
  devices: Map<number, RowDevice>;
  /** The row that keeps the unit from being sent, why, and on which cell, for an error unit. */
  failure: Failure | null;
}

type PlanChange = PlannedStep['shown'][number];

interface Failure {
  row: number;
  message: string;
  column: CanonicalColumn | null;
}

const NO_IDENTITY: RowIdentity = { extension: null, macAddress: null, sipUsername: null };

/**
 * The whole rollout against the live account, read once: each person of the sheet a unit (their
 * user, voicemail box, phones and extension, in the order each names the one before), each other
 * phone a unit of its own. Any error on any row of a person keeps the whole person from being sent.
 */
export async function planImport(input: PlanInput): Promise<PlanOutput> {
  const sources = columnSources(input.mapping);
  const cell = (row: number, column: CanonicalColumn): string =>
    sources[column] >= 0 ? (input.rows[row]?.cells[sources[column]] ?? '').trim() : '';
  const deviceColumnsOf = (row: number) => DEVICE_COLUMNS.filter((column) => column !== 'owner' && cell(row, column) !== '');
  const mapped = input.mapping.filter((column): column is CanonicalColumn => column !== null);
  const account = indexAccount(input.devices);
  const takenSipUsernames = new Set(account.sipUsernames);
  // On a row without a person, the extension is the phone's own internal caller ID (as rowToDevice reads it): an update compares it.
  const ownsExtension = mapped.includes('extension') && !mapped.includes('caller_id_internal_number');
  /** Each row's phone as the sheet gives it, and the columns an update of it compares. */
  const phones = input.rows.map((sheetRow, row) => {
    const { document, owner } = rowToDevice(sheetRow.cells, input.mapping);
    const alone = input.personOfRow[row] === null || input.personOfRow[row] === undefined;
    return { document, owner, columns: ownsExtension && alone ? [...mapped, 'caller_id_internal_number' as const] : mapped };
  });
  for (const { document } of phones) if (document.sip?.username) takenSipUsernames.add(document.sip.username.toLowerCase());
  const identityOfRow = (row: number): RowIdentity => deviceIdentity(phones[row]?.document ?? {});
  const userIndex = indexUsers(input.users);
  const newOwners = new Map<string, string>();
  const deviceContext: DeviceContext = {
    account,
    newOwners,
    usersById: new Map(input.users.map((user) => [user.id, user])),
    takenSipUsernames,
    fetchDevice: input.fetchDevice,
    registered: input.registered,
    revealPasswords: input.revealPasswords === true,
    match: input.match,
    onExisting: input.onExisting,
    newId: input.newId,
    generateSipUsername: input.generateSipUsername,
    generateSipPassword: input.generateSipPassword,
  };
  const issues: CellIssue[] = [];
  const issue = (row: number, column: CanonicalColumn | null, code: string, message: string) => {
    const source = column === null ? -1 : input.mapping.indexOf(column);
    issues.push({ row, sourceColumn: source === -1 ? null : source, column, severity: 'error', code, message });
  };

  // A phone on its own whose owner cell names a person of the sheet is that person's.
  const unitRows = input.people.map((person) => [...person.rows]);
  const joined = new Map<number, number>();
  input.rows.forEach((_, row) => {
    if (input.personOfRow[row] !== null && input.personOfRow[row] !== undefined) return;
    const owner = phones[row]?.owner;
    const person = owner ? personOfOwner(input.people, owner) : null;
    if (person === null) return;
    joined.set(row, person);
    unitRows[person]?.push(row);
  });
  for (const rows of unitRows) rows.sort((a, b) => a - b);

  /** A person's phone the sheet gives no name: "Alice Smith T46U", or just "Alice Smith" without a model. */
  const phoneName = (row: number, person: string): string => {
    const model = cell(row, 'model');
    // Models are written in capitals on the phones and their boxes (T46U, VVX450), however the sheet spells them.
    return phones[row]?.document.name ?? (model === '' ? person : `${person} ${model.toUpperCase()}`);
  };
  const personDevice = (row: number, person: PersonPlan): { document: DeviceFields; columns: CanonicalColumn[] } => {
    const phone = phones[row] as (typeof phones)[number];
    return {
      document: { ...phone.document, name: phoneName(row, person.name), owner_id: person.userId },
      columns: [...phone.columns, 'owner'],
    };
  };

  const planned: PlannedUnit[] = [];
  for (const [index, person] of input.people.entries()) {
    const rows = unitRows[index] ?? [];
    const deviceRows = rows.filter((row) => joined.has(row) || deviceColumnsOf(row).length > 0);
    const fail = (failure: Failure) =>
      errorUnit(person, rows, deviceRows, input, failure, (device) => ({
        name: phoneName(device, personWords(person)),
        identity: identityOfRow(device),
      }));
    const blockedRow = rows.find((row) => input.blocked.has(row));
    if (blockedRow !== undefined) {
      const blocked = input.blocked.get(blockedRow);
      planned.push(fail({ row: blockedRow, message: blocked?.message ?? '', column: blocked?.column ?? null }));
      continue;
    }
    const decided = planPerson(person, rows, { ...input, userIndex });
    if (!decided.ok) {
      const row = rows[0] as number;
      issue(row, decided.column, decided.code, decided.reason);
      planned.push(fail({ row, message: decided.reason, column: decided.column }));
      continue;
    }
    const plan = decided.plan;
    if (plan.user.step.action === 'create') newOwners.set(plan.userId, plan.name);
    const devices = new Map<number, RowDevice>();
    for (const row of deviceRows) {
      const candidate = personDevice(row, plan);
      devices.set(row, { row, name: candidate.document.name, decision: await planDevice(candidate, deviceContext) });
    }
    const refused = [...devices.values()].find((device) => device.decision.action === 'error');
    if (refused && refused.decision.action === 'error') {
      issue(refused.row, refused.decision.column, refused.decision.code, refused.decision.reason);
      planned.push(fail({ row: refused.row, message: refused.decision.reason, column: refused.decision.column }));
      continue;
    }
    planned.push(personUnit(person, rows, plan, devices));
  }

  const owner = createOwnerIndex(input.users);
  for (const [row, phone] of phones.entries()) {
    const personOfRow = input.personOfRow[row];
    if ((personOfRow !== null && personOfRow !== undefined) || joined.has(row)) continue;
    const name = phone.document.name ?? '';
    const blocked = input.blocked.get(row);
    const refuse = (message: string, column: CanonicalColumn | null, code: string | null): PlannedUnit => {
      if (code !== null) issue(row, column, code, message);
      return phoneUnit(row, name, { action: 'error', reason: message, column, code: code ?? 'blocked', identity: identityOfRow(row) });
    };
    if (blocked) {
      planned.push(refuse(blocked.message, blocked.column, null));
      continue;
    }
    if (name === '') {
      planned.push(
        refuse('A phone on its own needs a name. Fill in the name, or give the row the person it belongs to.', 'name', 'name_missing'),
      );
      continue;
    }
    const fields: DeviceFields = { ...phone.document, name };
    if (phone.owner) {
      const found = owner(phone.owner);
      if (!found.ok) {
        planned.push(refuse(found.message, 'owner', 'owner_unknown'));
        continue;
      }
      fields.owner_id = found.userId;
    }
    const decision = await planDevice({ document: fields, columns: phone.columns }, deviceContext);
    if (decision.action === 'error') issue(row, decision.column, decision.code, decision.reason);
    planned.push(phoneUnit(row, name, decision));
  }

  planned.sort((a, b) => (a.unit.rows[0] ?? 0) - (b.unit.rows[0] ?? 0));
  return assemble(input, planned, issues);
}

function deviceStep(decision: DeviceDecision, row: number, label: string): Step {
  const base = { resource: 'device' as const, rows: [row], label };
  switch (decision.action) {
    case 'create':
      return { ...base, action: 'create', id: decision.id, document: decision.document as Record<string, unknown> };
    case 'update':
      return { ...base, action: 'update', id: decision.id, changes: decision.changes, changedColumns: decision.changedColumns };
    case 'skip':
      return { ...base, action: 'skip', id: decision.id, reason: decision.reason };
    case 'error':
      return { ...base, action: 'error', reason: decision.reason, column: decision.column };
  }
}

function phoneUnit(row: number, name: string, decision: DeviceDecision): PlannedUnit {
  const step = deviceStep(decision, row, name);
  return {
    unit: { key: `row:${row}`, label: name, rows: [row], steps: [step] },
    shown: new Map([[step, decision.action === 'update' ? decision.shown : []]]),
    person: null,
    devices: new Map([[row, { row, name, decision }]]),
    failure: decision.action === 'error' ? { row, message: decision.reason, column: decision.column } : null,
  };
}

function planPersonOf(person: SheetPerson, rows: number[], name: string, username: string | null): PlanPerson {
  return {
    key: person.key,
    name,
    email: person.email,
    username,
    extension: person.extension,
    firstRow: rows[0] as number,
  };
}

const unitLabel = (name: string, extension: string | null) => (extension ? `${name} (ext ${extension})` : name);

function personUnit(person: SheetPerson, rows: number[], plan: PersonPlan, devices: Map<number, RowDevice>): PlannedUnit {
  const shown = new Map<Step, PlanChange[]>();
  const steps: Step[] = [];
  const add = (planned: PlannedStep | null) => {
    if (!planned) return;
    steps.push(planned.step);
    shown.set(planned.step, planned.shown);
  };
  add(plan.user);
  add(plan.vmbox);
  for (const device of devices.values()) {
    add({
      step: deviceStep(device.decision, device.row, device.name),
      shown: device.decision.action === 'update' ? device.decision.shown : [],
    });
  }
  add(plan.callflow);
  return {
    unit: { key: person.key, label: unitLabel(plan.name, person.extension), rows, steps },
    shown,
    person: planPersonOf(person, rows, plan.name, plan.username),
    devices,
    failure: null,
  };
}

/** A person not sent: each of their documents says which row keeps them back, and why. */
function errorUnit(
  person: SheetPerson,
  rows: number[],
  deviceRows: number[],
  input: PlanInput,
  failure: Failure,
  phoneOf: (row: number) => { name: string; identity: RowIdentity },
): PlannedUnit {
  const name = personWords(person);
  const line = input.rows[failure.row]?.line ?? failure.row + 1;
  const reason = `Not sent: row ${line}: ${failure.message}`;
  const error = (resource: Step['resource'], label: string, stepRows: number[]): Step => ({
    resource,
    rows: stepRows,
    label,
    action: 'error',
    reason,
    column: stepRows.includes(failure.row) ? failure.column : null,
  });
  const devices = new Map<number, RowDevice>(
    deviceRows.map((row) => [
      row,
      {
        row,
        name: phoneOf(row).name,
        decision: { action: 'error', reason, column: null, code: 'blocked', identity: phoneOf(row).identity },
      },
    ]),
  );
  const steps: Step[] = [
    error('user', name, rows),
    ...(person.extension && person.voicemail ? [error('vmbox', `${name}'s VMBox`, rows)] : []),
    ...deviceRows.map((row) => error('device', phoneOf(row).name, [row])),
    ...(person.extension ? [error('callflow', `extension ${person.extension}`, rows)] : []),
  ];
  return {
    unit: { key: person.key, label: unitLabel(name, person.extension), rows, steps },
    shown: new Map(),
    person: planPersonOf(person, rows, name, person.username?.toLowerCase() ?? person.email?.toLowerCase() ?? null),
    devices,
    failure,
  };
}

const emptyCounts = (): PlanCounts => ({ create: 0, update: 0, delete: 0, skip: 0, error: 0 });

function resourceOf(step: Step, shown: PlanChange[]): PlanResource {
  return {
    resource: step.resource,
    action: step.action,
    id: step.action === 'error' ? null : step.id,
    label: step.label,
    reason: step.action === 'skip' || step.action === 'error' ? step.reason : null,
    changes: shown,
  };
}

/** A row's action in one word: error if any of its documents is, else create, update or skip. */
const rowAction = (actions: readonly PlanAction[]): PlanAction =>
  (['error', 'create', 'update', 'delete'] as const).find((action) => actions.includes(action)) ?? 'skip';

function assemble(input: PlanInput, planned: PlannedUnit[], issues: CellIssue[]): PlanOutput {
  const resourceCounts = Object.fromEntries(RESOURCE_KINDS.map((kind) => [kind, emptyCounts()])) as ResourceCounts<PlanCounts>;
  const counts = emptyCounts();
  const rows: PlanRow[] = [];
  const sheetRows: SheetRowRef[] = [];
  const byRow = new Map<number, PlannedUnit>();
  for (const item of planned) {
    for (const step of item.unit.steps) resourceCounts[step.resource][step.action] += 1;
    for (const row of item.unit.rows) byRow.set(row, item);
  }
  for (const [row, sheetRow] of input.rows.entries()) {
    const item = byRow.get(row);
    if (!item) continue;
    const steps = item.unit.steps.filter((step) => step.resource !== 'device' || step.rows[0] === row);
    const resources = steps.map((step) => resourceOf(step, item.shown.get(step) ?? []));
    const device = item.devices.get(row);
    const decision = device?.decision;
    const action = rowAction(resources.map((resource) => resource.action));
    const extension = item.person?.extension ?? null;
    const identity: RowIdentity = decision
      ? { ...decision.identity, extension: extension ?? decision.identity.extension }
      : { ...NO_IDENTITY, extension };
    const name = device?.name ?? item.person?.name ?? '';
    const ownFailure = item.failure?.row === row ? item.failure.message : null;
    const firstError = resources.find((resource) => resource.action === 'error');
    const skipped = resources.find((resource) => resource.action === 'skip');
    rows.push({
      row,
      line: sheetRow.line,
      name,
      ...identity,
      action,
      deviceId: decision && decision.action !== 'error' ? decision.id : null,
      changedColumns: decision?.action === 'update' ? decision.changedColumns : [],
      device: decision?.action === 'update' ? decision.device : null,
      changes: decision?.action === 'update' ? decision.shown : [],
      disruptsRegisteredPhone: decision !== undefined && disruptsRegisteredPhone(decision),
      reason: action === 'error' ? (ownFailure ?? firstError?.reason ?? null) : action === 'skip' ? (skipped?.reason ?? null) : null,
      generated: decision?.action === 'create' ? decision.generated : [],
      person: item.person,
      resources,
    });
    sheetRows.push({ row, line: sheetRow.line, name, identity });
    counts[action] += 1;
  }
  return { units: planned.map((item) => item.unit), sheetRows, rows, counts, resourceCounts, people: input.people.length, issues };
}
