import { generateSipPassword, generateSipUsername } from '../../common/import/credentials';
import { rowToDevice } from '../../common/import/to-device';
import {
  RESOURCE_KINDS,
  type CellIssue,
  type ImportDraft,
  type ImportPlan,
  type MatchKey,
  type OnExisting,
  type PlanCounts,
  type PlanRow,
  type ResourceCounts,
} from '../../common/import/types';
import { ok, type Result } from '../../common/ipc/result';
import type { RegistrationState } from '../../common/registrations';
import type { KazooClient } from '../api/client';
import { getDevice, listDevices, newDocumentId } from '../api/devices';
import { deviceStates } from '../api/registrations';
import { listUsers } from '../api/users';
import type { SheetRowRef, Unit } from './operations';
import { planImport, type PlanCandidate } from './plan';

export interface DraftPlan {
  view: ImportPlan;
  units: Unit[];
  sheetRows: SheetRowRef[];
}

/**
 * A checked draft planned against the live account: one list request for the devices, one for
 * the users, then row by row (see planImport). Rows with an error stay errors and are not sent.
 */
export async function planDraft(input: {
  draft: ImportDraft;
  client: KazooClient;
  match: MatchKey;
  onExisting: OnExisting;
  revealPasswords?: boolean;
  now: Date;
}): Promise<Result<DraftPlan>> {
  const { draft, client } = input;
  // Which phones are registered matters only to updates: read once, and a server without the route still gets a plan.
  const [devices, users, registered] = await Promise.all([
    listDevices(client),
    listUsers(client),
    input.onExisting === 'update' ? deviceStates(client) : null,
  ]);
  if (!devices.ok) return devices;
  if (!users.ok) return users;

  const firstError = new Map<number, CellIssue>();
  for (const issue of draft.issues) if (issue.severity === 'error' && !firstError.has(issue.row)) firstError.set(issue.row, issue);
  const columns = draft.mapping.filter((column): column is NonNullable<typeof column> => column !== null);
  const candidates: PlanCandidate[] = draft.rows.map((row, index) => {
    const { document, owner } = rowToDevice(row.cells, draft.mapping);
    const blocked = firstError.get(index);
    return {
      row: index,
      line: row.line,
      name: document.name ?? '',
      blocked: blocked ? { message: blocked.message, column: blocked.column } : null,
      document: { ...document, name: document.name ?? '' },
      ownerText: owner,
      columns,
    };
  });
  const planned = await planImport({
    candidates,
    mapping: draft.mapping,
    devices: devices.value,
    users: users.value,
    fetchDevice: (id) => getDevice(client, id),
    registered: registered?.ok ? registeredIds(registered.value) : null,
    revealPasswords: input.revealPasswords,
    match: input.match,
    onExisting: input.onExisting,
    newId: newDocumentId,
    generateSipUsername,
    generateSipPassword: () => generateSipPassword(),
  });
  return ok({
    units: planned.units,
    sheetRows: planned.sheetRows,
    view: {
      planId: newDocumentId(),
      draftId: draft.id,
      match: input.match,
      onExisting: input.onExisting,
      onExistingPerson: 'skip',
      rows: planned.rows,
      counts: planned.counts,
      resourceCounts: resourceCountsOf(planned.rows),
      people: 0,
      issues: planned.issues,
      accountDeviceCount: devices.value.length,
      createdAt: input.now.toISOString(),
    },
  });
}

function resourceCountsOf(rows: readonly PlanRow[]): ResourceCounts<PlanCounts> {
  const counts = Object.fromEntries(
    RESOURCE_KINDS.map((kind) => [kind, { create: 0, update: 0, skip: 0, error: 0 }]),
  ) as ResourceCounts<PlanCounts>;
  for (const row of rows) for (const resource of row.resources) counts[resource.resource][resource.action] += 1;
  return counts;
}

const registeredIds = (states: ReadonlyMap<string, RegistrationState>): Set<string> =>
  new Set([...states].filter(([, state]) => state === 'registered').map(([id]) => id));
