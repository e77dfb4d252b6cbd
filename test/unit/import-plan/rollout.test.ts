import { describe, expect, it } from 'vitest';
import type { DeviceDocument, DeviceSummary } from '../../../common/devices';
import type { CanonicalColumn } from '../../../common/import/columns';
import { fail, ok } from '../../../common/ipc/result';
import type { SheetPerson } from '../../../common/import/people';
import type { Callflow } from '../../../main/api/callflows';
import type { UserSummary } from '../../../main/api/users';
import type { VmboxSummary } from '../../../main/api/vmboxes';
import type { Step } from '../../../main/import/operations';
import { planImport, type PlanInput } from '../../../main/import/plan';

const COLUMNS: CanonicalColumn[] = ['first_name', 'last_name', 'email', 'extension', 'voicemail', 'name', 'mac_address', 'model', 'owner'];

const bob: UserSummary = {
  id: 'b'.repeat(32),
  username: 'bob@example.com',
  email: 'bob@example.com',
  firstName: 'Bob',
  lastName: 'Brown',
  presenceId: '3101',
};
const bobsBox: VmboxSummary = { id: 'c'.repeat(32), name: "Bob Brown's VMBox", mailbox: '3101', ownerId: bob.id };
const bobsCallflow: Callflow = {
  id: 'd'.repeat(32),
  name: "Bob Brown SmartPBX's Callflow",
  type: 'mainUserCallflow',
  numbers: ['3101'],
  patterns: [],
  ownerId: bob.id,
  modules: ['user', 'voicemail'],
  target: null,
};
const deskPhone: DeviceDocument = {
  id: 'e'.repeat(32),
  name: 'Bob desk',
  device_type: 'sip_device',
  mac_address: '001565000001',
  owner_id: bob.id,
};
const deskSummary: DeviceSummary = {
  id: deskPhone.id,
  name: deskPhone.name,
  deviceType: 'sip_device',
  enabled: true,
  ownerId: bob.id,
  sipUsername: null,
  macAddress: '001565000001',
};

/** A row as the sheet has it: cells by column name, the rest empty. */
const row = (line: number, cells: Partial<Record<CanonicalColumn, string>>) => ({
  line,
  cells: COLUMNS.map((column) => cells[column] ?? ''),
});

const person = (key: string, rows: number[], fields: Partial<SheetPerson> = {}): SheetPerson => ({
  key: `person:${key}`,
  rows,
  firstName: null,
  lastName: null,
  email: null,
  username: null,
  extension: null,
  voicemail: false,
  vmPin: null,
  userPassword: null,
  sourceRows: {},
  ...fields,
});

function input(rows: PlanInput['rows'], people: SheetPerson[], personOfRow: (number | null)[], extra: Partial<PlanInput> = {}): PlanInput {
  let ids = 0;
  let names = 0;
  return {
    rows,
    mapping: COLUMNS,
    blocked: new Map(),
    people,
    personOfRow,
    devices: [deskSummary],
    users: [bob],
    vmboxes: [bobsBox],
    callflows: [bobsCallflow],
    fetchDevice: async (id) => (id === deskPhone.id ? ok(deskPhone) : fail('not_found', 'gone')),
    registered: new Set(),
    match: 'mac',
    onExisting: 'skip',
    onExistingPerson: 'skip',
    newId: () => (ids += 1).toString(16).padStart(32, '0'),
    generateSipUsername: () => `user_generated${(names += 1)}`,
    generateSipPassword: () => 'Generated-Sip-Password',
    generateUserPassword: () => 'Generated-User-Password',
    generateVoicemailPin: () => '482913',
    ...extra,
  };
}

const id = (n: number) => n.toString(16).padStart(32, '0');
const actions = (steps: Step[]) => steps.map((step) => `${step.resource} ${step.action}`);

const alice = person('alice@example.com', [0], {
  firstName: 'Alice',
  lastName: 'Smith',
  email: 'alice@example.com',
  extension: '3102',
  voicemail: true,
});
const aliceRow = row(2, {
  first_name: 'Alice',
  last_name: 'Smith',
  email: 'alice@example.com',
  extension: '3102',
  mac_address: '00:15:65:00:00:02',
  model: 'T46U',
});

describe('rollout plan: people', () => {
  it('a new person is one unit, user → voicemail box → phone → callflow, each document naming the ones before by the ids chosen up front', async () => {
    const plan = await planImport(input([aliceRow], [alice], [0]));
    expect(plan.units).toHaveLength(1);
    const [unit] = plan.units;
    expect(unit?.key).toBe('person:alice@example.com');
    expect(unit?.label).toBe('Alice Smith (ext 3102)');
    expect(actions(unit?.steps ?? [])).toEqual(['user create', 'vmbox create', 'device create', 'callflow create']);
    const [user, vmbox, device, callflow] = (unit?.steps ?? []).map((step) => (step.action === 'create' ? step.document : null));
    expect(user).toEqual({
      id: id(1),
      first_name: 'Alice',
      last_name: 'Smith',
      username: 'alice@example.com',
      password: 'Generated-User-Password',
      email: 'alice@example.com',
      caller_id: { internal: { name: 'Alice Smith', number: '3102' } },
      presence_id: '3102',
      priv_level: 'user',
    });
    expect(vmbox).toEqual({ id: id(2), mailbox: '3102', name: "Alice Smith's VMBox", owner_id: id(1), pin: '482913' });
    // A person's phone rings through their callflow: it takes the owner, not a caller ID of its own.
    expect(device).toEqual({
      name: 'Alice Smith T46U',
      mac_address: '001565000002',
      provision: { endpoint_model: 't46u' },
      owner_id: id(1),
      sip: { username: 'user_generated1', password: 'Generated-Sip-Password' },
    });
    expect(callflow).toEqual({
      id: id(3),
      name: "Alice Smith SmartPBX's Callflow",
      numbers: ['3102'],
      owner_id: id(1),
      type: 'mainUserCallflow',
      contact_list: { exclude: false },
      flow: {
        module: 'user',
        data: { id: id(1), can_call_self: false, timeout: 20 },
        children: { _: { module: 'voicemail', data: { id: id(2) }, children: {} } },
      },
    });
    expect(plan.rows[0]).toMatchObject({ action: 'create', name: 'Alice Smith T46U', extension: '3102', deviceId: id(4) });
    expect(plan.rows[0]?.person).toEqual({
      key: 'person:alice@example.com',
      name: 'Alice Smith',
      email: 'alice@example.com',
      username: 'alice@example.com',
      extension: '3102',
      firstRow: 0,
    });
    expect(plan.rows[0]?.resources.map((resource) => [resource.resource, resource.action, resource.label])).toEqual([
      ['user', 'create', 'Alice Smith'],
      ['vmbox', 'create', "Alice Smith's VMBox"],
      ['device', 'create', 'Alice Smith T46U'],
      ['callflow', 'create', 'extension 3102'],
    ]);
    expect(plan.people).toBe(1);
    expect(plan.sheetRows).toEqual([
      {
        row: 0,
        line: 2,
        name: 'Alice Smith T46U',
        identity: { extension: '3102', macAddress: '001565000002', sipUsername: 'user_generated1' },
      },
    ]);
  });

  it("the sheet's own password and PIN are used; without voicemail there is no box and the callflow has no voicemail to fall to", async () => {
    const quiet = { ...alice, voicemail: false, userPassword: 'Sheet-Password-1', username: 'Alice.S' };
    const plan = await planImport(
      input([row(2, { first_name: 'Alice', last_name: 'Smith', email: 'alice@example.com', extension: '3102' })], [quiet], [0]),
    );
    const steps = plan.units[0]?.steps ?? [];
    expect(actions(steps)).toEqual(['user create', 'callflow create']);
    const user = steps[0]?.action === 'create' ? steps[0].document : {};
    expect(user).toMatchObject({ username: 'alice.s', password: 'Sheet-Password-1' });
    const callflow = steps[1]?.action === 'create' ? steps[1].document : {};
    expect(callflow['flow']).toMatchObject({ children: {} });
    // A person row without device columns makes no phone.
    expect(plan.rows[0]).toMatchObject({ name: 'Alice Smith', deviceId: null, macAddress: null });
  });

  it('a person with two phones: the user, box and callflow once, each row listing them with its own phone', async () => {
    const twoPhones = { ...alice, rows: [0, 1] };
    const plan = await planImport(
      input([aliceRow, row(3, { email: 'alice@example.com', name: 'Alice cordless', mac_address: '001565000003' })], [twoPhones], [0, 0]),
    );
    expect(actions(plan.units[0]?.steps ?? [])).toEqual([
      'user create',
      'vmbox create',
      'device create',
      'device create',
      'callflow create',
    ]);
    expect(plan.rows.map((planRow) => planRow.resources.map((resource) => resource.label))).toEqual([
      ['Alice Smith', "Alice Smith's VMBox", 'Alice Smith T46U', 'extension 3102'],
      ['Alice Smith', "Alice Smith's VMBox", 'Alice cordless', 'extension 3102'],
    ]);
    expect(plan.resourceCounts).toEqual({
      user: { create: 1, update: 0, delete: 0, skip: 0, error: 0 },
      vmbox: { create: 1, update: 0, delete: 0, skip: 0, error: 0 },
      device: { create: 2, update: 0, delete: 0, skip: 0, error: 0 },
      callflow: { create: 1, update: 0, delete: 0, skip: 0, error: 0 },
    });
    expect(plan.counts).toEqual({ create: 2, update: 0, delete: 0, skip: 0, error: 0 });
  });

  it('a phone on its own whose owner cell names a person of the sheet joins that person, owned by the id chosen for them', async () => {
    const plan = await planImport(
      input([aliceRow, row(3, { name: 'Lobby', mac_address: '001565000009', owner: 'alice smith' })], [alice], [0, null]),
    );
    expect(plan.units).toHaveLength(1);
    const steps = plan.units[0]?.steps ?? [];
    expect(actions(steps)).toEqual(['user create', 'vmbox create', 'device create', 'device create', 'callflow create']);
    expect(steps[3]?.action === 'create' ? steps[3].document['owner_id'] : null).toBe(id(1));
    expect(plan.rows[1]?.person?.key).toBe('person:alice@example.com');
  });

  it('a person already on the account is left as they are by default: their box and callflow too, their new phone theirs', async () => {
    const bobRow = row(2, {
      first_name: 'Robert',
      last_name: 'Brown',
      email: 'BOB@example.com',
      extension: '3101',
      name: 'Bob cordless',
      mac_address: '001565000007',
    });
    const bobPerson = person('bob@example.com', [0], {
      firstName: 'Robert',
      lastName: 'Brown',
      email: 'BOB@example.com',
      extension: '3101',
      voicemail: true,
    });
    const plan = await planImport(input([bobRow], [bobPerson], [0]));
    const steps = plan.units[0]?.steps ?? [];
    expect(actions(steps)).toEqual(['user skip', 'vmbox skip', 'device create', 'callflow skip']);
    expect(steps.map((step) => (step.action === 'create' || step.action === 'skip' ? step.id : null))).toEqual([
      bob.id,
      bobsBox.id,
      id(1),
      bobsCallflow.id,
    ]);
    expect(steps[2]?.action === 'create' ? steps[2].document['owner_id'] : null).toBe(bob.id);
    expect(plan.rows[0]?.resources.map((resource) => resource.reason)).toEqual([
      'Already on the PBX as Bob Brown.',
      'Already on the PBX: mailbox 3101.',
      null,
      'Extension 3101 already rings Robert Brown.',
    ]);

    // Everything there already: the row is skipped, and so is each document.
    const again = await planImport(
      input([{ ...bobRow, cells: bobRow.cells.map((cell) => (cell === '001565000007' ? '001565000001' : cell)) }], [bobPerson], [0]),
    );
    expect(actions(again.units[0]?.steps ?? [])).toEqual(['user skip', 'vmbox skip', 'device skip', 'callflow skip']);
    expect(again.counts).toEqual({ create: 0, update: 0, delete: 0, skip: 1, error: 0 });
  });

  it("skip leaves a person's own extension too: another extension in the sheet makes no second box or callflow, and the plan says how to move it", async () => {
    const bobRow = row(2, { first_name: 'Robert', last_name: 'Brown', email: 'bob@example.com', extension: '3199', name: 'Bob cordless' });
    const bobPerson = person('bob@example.com', [0], {
      firstName: 'Robert',
      lastName: 'Brown',
      email: 'bob@example.com',
      extension: '3199',
      voicemail: true,
    });
    const plan = await planImport(input([bobRow], [bobPerson], [0]));
    expect(actions(plan.units[0]?.steps ?? [])).toEqual(['user skip', 'device create']);
    expect(plan.rows[0]?.resources[0]?.reason).toBe(
      "Already on the PBX as Bob Brown with extension 3101; the sheet's 3199 is left: choose Update for people already there to move them.",
    );
  });

  it('skip still fills the extension of a person already there who has none: presence ID and internal caller ID, old "" → new, with their box and callflow', async () => {
    const dana: UserSummary = {
      id: 'f'.repeat(32),
      username: 'dana',
      email: 'dana@example.com',
      firstName: 'Dana',
      lastName: 'Dale',
      presenceId: null,
    };
    const danaPerson = person('dana@example.com', [0], { email: 'dana@example.com', extension: '3120', voicemail: true });
    const plan = await planImport(
      input([row(2, { email: 'dana@example.com', extension: '3120' })], [danaPerson], [0], { users: [bob, dana] }),
    );
    const steps = plan.units[0]?.steps ?? [];
    expect(actions(steps)).toEqual(['user update', 'vmbox create', 'callflow create']);
    expect(steps[0]?.action === 'update' ? steps[0].changes : null).toEqual({
      presence_id: '3120',
      caller_id: { internal: { number: '3120' } },
    });
    expect(plan.rows[0]?.resources[0]?.changes).toEqual([{ column: 'extension', before: '', after: '3120' }]);
  });

  it('update: only the fields the sheet gives that differ, old → new; a new extension moves their box and their callflow', async () => {
    const bobPerson = person('bob@example.com', [0], { firstName: 'Robert', email: 'bob@example.com', extension: '3109', voicemail: true });
    const plan = await planImport(
      input([row(2, { first_name: 'Robert', email: 'bob@example.com', extension: '3109' })], [bobPerson], [0], {
        onExistingPerson: 'update',
      }),
    );
    const steps = plan.units[0]?.steps ?? [];
    expect(actions(steps)).toEqual(['user update', 'vmbox update', 'callflow update']);
    expect(steps[0]?.action === 'update' ? steps[0].changes : null).toEqual({
      first_name: 'Robert',
      presence_id: '3109',
      caller_id: { internal: { number: '3109' } },
    });
    expect(plan.rows[0]?.resources[0]?.changes).toEqual([
      { column: 'first_name', before: 'Bob', after: 'Robert' },
      { column: 'extension', before: '3101', after: '3109' },
    ]);
    expect(steps[1]?.action === 'update' ? steps[1].changes : null).toEqual({ mailbox: '3109' });
    expect(steps[2]?.action === 'update' ? steps[2].changes : null).toEqual({ numbers: ['3109'] });
    expect(plan.rows[0]?.resources[2]?.changes).toEqual([{ column: 'extension', before: '3101', after: '3109' }]);
    expect(plan.rows[0]?.action).toBe('update');
  });

  it("a row with Bob's email but another username is neither Bob nor a new person: an error on the email, found again as the plan reads the account", async () => {
    const other = person('bob.brown', [0], { firstName: 'Bob', lastName: 'Brown', email: 'bob@example.com', username: 'Bob.Brown' });
    const plan = await planImport(input([row(2, { email: 'bob@example.com' })], [other], [0], { onExistingPerson: 'update' }));
    expect(actions(plan.units[0]?.steps ?? [])).toEqual(['user error']);
    expect(plan.issues).toEqual([expect.objectContaining({ row: 0, column: 'email', code: 'email_taken' })]);
    expect(plan.rows[0]?.reason).toMatch(/^bob@example\.com is already the email of Bob Brown/);
  });

  it('an error on any row of a person keeps the whole person back, every document saying which row and why', async () => {
    const twoPhones = { ...alice, rows: [0, 1] };
    const blocked = new Map([[1, { message: 'The MAC "00:15" is too short.', column: 'mac_address' as const }]]);
    const plan = await planImport(
      input([aliceRow, row(3, { email: 'alice@example.com', name: 'Alice cordless', mac_address: '00:15' })], [twoPhones], [0, 0], {
        blocked,
      }),
    );
    const steps = plan.units[0]?.steps ?? [];
    expect(actions(steps)).toEqual(['user error', 'vmbox error', 'device error', 'device error', 'callflow error']);
    for (const step of steps) expect(step.action === 'error' ? step.reason : null).toBe('Not sent: row 3: The MAC "00:15" is too short.');
    expect(plan.rows.map((planRow) => [planRow.action, planRow.reason])).toEqual([
      ['error', 'Not sent: row 3: The MAC "00:15" is too short.'],
      ['error', 'The MAC "00:15" is too short.'],
    ]);
    expect(plan.counts.error).toBe(2);
    expect(plan.resourceCounts.user).toEqual({ create: 0, update: 0, delete: 0, skip: 0, error: 1 });
    // The draft's own issue stands; the plan adds none of its own.
    expect(plan.issues).toEqual([]);
  });

  it('a new person without a last name is refused on that cell, and a phone the plan refuses holds back its person', async () => {
    const nameless = { ...alice, lastName: null };
    const plan = await planImport(input([aliceRow], [nameless], [0]));
    expect(plan.issues).toEqual([
      expect.objectContaining({ row: 0, column: 'last_name', sourceColumn: 1, code: 'person_name_missing', severity: 'error' }),
    ]);
    expect(actions(plan.units[0]?.steps ?? [])).toEqual(['user error', 'vmbox error', 'device error', 'callflow error']);

    // Matched by SIP username, Alice's MAC is Bob's desk phone's: the plan finds it against the account.
    const clash = await planImport(
      input([{ ...aliceRow, cells: aliceRow.cells.map((cell) => (cell === '00:15:65:00:00:02' ? '001565000001' : cell)) }], [alice], [0], {
        match: 'sip_username',
      }),
    );
    expect(clash.issues).toEqual([expect.objectContaining({ row: 0, column: 'mac_address', code: 'duplicate_in_account' })]);
    expect(actions(clash.units[0]?.steps ?? [])).toEqual(['user error', 'vmbox error', 'device error', 'callflow error']);
    expect(clash.rows[0]?.reason).toBe('This MAC is already used by "Bob desk" on the PBX. Match by MAC to update it, or fix the MAC.');
  });
});

describe('rollout plan: phones on their own', () => {
  it('a phone on its own is a unit of one device; its extension is its internal caller ID, as before people came', async () => {
    const plan = await planImport(input([row(2, { name: 'Lobby', mac_address: '001565000009', extension: '3000' })], [], [null]));
    expect(plan.units).toEqual([
      { key: 'row:0', label: 'Lobby', rows: [0], steps: [expect.objectContaining({ resource: 'device', action: 'create' })] },
    ]);
    const step = plan.units[0]?.steps[0];
    expect(step?.action === 'create' ? step.document['caller_id'] : null).toEqual({ internal: { number: '3000' } });
    expect(plan.rows[0]).toMatchObject({ person: null, extension: '3000', action: 'create' });
    expect(plan.people).toBe(0);
  });

  it("an owner neither on the account nor in the sheet is refused on the owner cell; a registered phone's new owner needs confirming", async () => {
    const plan = await planImport(input([row(2, { name: 'Lobby', mac_address: '001565000009', owner: 'nobody@example.com' })], [], [null]));
    expect(plan.rows[0]).toMatchObject({ action: 'error' });
    expect(plan.issues[0]).toMatchObject({ column: 'owner', code: 'owner_unknown' });

    const moved = await planImport(input([aliceRow], [alice], [0], { onExisting: 'update', registered: new Set([deskPhone.id]) }));
    expect(moved.rows[0]?.disruptsRegisteredPhone).toBe(false);
    const taken = await planImport(
      input([{ ...aliceRow, cells: aliceRow.cells.map((cell) => (cell === '00:15:65:00:00:02' ? '001565000001' : cell)) }], [alice], [0], {
        onExisting: 'update',
        registered: new Set([deskPhone.id]),
      }),
    );
    expect(taken.rows[0]).toMatchObject({ action: 'create', deviceId: deskPhone.id, disruptsRegisteredPhone: true });
    expect(taken.rows[0]?.changes).toContainEqual({ column: 'owner', before: 'Bob Brown', after: 'Alice Smith' });
  });
});
