import { generateSipPassword, generateSipUsername, generateVoicemailPin } from '../../common/import/credentials';
import type { CanonicalColumn } from '../../common/import/columns';
import { sheetPeople } from '../../common/import/people';
import type { ImportDraft, ImportPlan, MatchKey, OnExisting } from '../../common/import/types';
import { ok, type Result } from '../../common/ipc/result';
import type { RegistrationState } from '../../common/registrations';
import { listCallflows } from '../api/callflows';
import type { KazooClient } from '../api/client';
import { getDevice, listDevices, newDocumentId } from '../api/devices';
import { deviceStates } from '../api/registrations';
import { listUsers } from '../api/users';
import { listVmboxes } from '../api/vmboxes';
import type { SheetRowRef, Unit } from './operations';
import { planImport } from './plan';

export interface DraftPlan {
  view: ImportPlan;
  units: Unit[];
  sheetRows: SheetRowRef[];
}

/**
 * A checked draft planned against the live account: one listing each of devices, users, voicemail
 * boxes and callflows, then person by person and phone by phone (see planImport). Rows with an
 * error stay errors and are not sent, nor anything of their person.
 */
export async function planDraft(input: {
  draft: ImportDraft;
  client: KazooClient;
  match: MatchKey;
  onExisting: OnExisting;
  onExistingPerson: OnExisting;
  revealPasswords?: boolean;
  now: Date;
}): Promise<Result<DraftPlan>> {
  const { draft, client } = input;
  // Which phones are registered matters only to updates: read once, and a server without the route still gets a plan.
  const [devices, users, vmboxes, callflows, registered] = await Promise.all([
    listDevices(client),
    listUsers(client),
    listVmboxes(client),
    listCallflows(client),
    input.onExisting === 'update' ? deviceStates(client) : null,
  ]);
  if (!devices.ok) return devices;
  if (!users.ok) return users;
  if (!vmboxes.ok) return vmboxes;
  if (!callflows.ok) return callflows;

  const blocked = new Map<number, { message: string; column: CanonicalColumn | null }>();
  for (const issue of draft.issues) {
    if (issue.severity === 'error' && !blocked.has(issue.row)) blocked.set(issue.row, { message: issue.message, column: issue.column });
  }
  const { people, personOfRow } = sheetPeople(draft.rows, draft.mapping);
  const planned = await planImport({
    rows: draft.rows,
    mapping: draft.mapping,
    blocked,
    people,
    personOfRow,
    devices: devices.value,
    users: users.value,
    vmboxes: vmboxes.value,
    callflows: callflows.value,
    fetchDevice: (id) => getDevice(client, id),
    registered: registered?.ok ? registeredIds(registered.value) : null,
    revealPasswords: input.revealPasswords,
    match: input.match,
    onExisting: input.onExisting,
    onExistingPerson: input.onExistingPerson,
    newId: newDocumentId,
    generateSipUsername,
    generateSipPassword: () => generateSipPassword(),
    generateUserPassword: () => generateSipPassword(),
    generateVoicemailPin,
  });
  return ok({
    units: planned.units,
    sheetRows: planned.sheetRows,
    view: {
      planId: newDocumentId(),
      draftId: draft.id,
      match: input.match,
      onExisting: input.onExisting,
      onExistingPerson: input.onExistingPerson,
      rows: planned.rows,
      counts: planned.counts,
      resourceCounts: planned.resourceCounts,
      people: planned.people,
      issues: planned.issues,
      accountDeviceCount: devices.value.length,
      createdAt: input.now.toISOString(),
    },
  });
}

const registeredIds = (states: ReadonlyMap<string, RegistrationState>): Set<string> =>
  new Set([...states].filter(([, state]) => state === 'registered').map(([id]) => id));
