import { describe, expect, it } from 'vitest';
import type { DeviceDocument, DeviceSummary } from '../../../common/devices';
import type { CanonicalColumn } from '../../../common/import/columns';
import type { ImportRow } from '../../../common/import/types';
import { fail, ok } from '../../../common/ipc/result';
import type { UserSummary } from '../../../main/api/users';
import { planImport, type PlanInput, type PlanOutput } from '../../../main/import/plan';

const users: UserSummary[] = [
  { id: 'a'.repeat(32), username: 'alice@example.com', email: 'alice@example.com', firstName: 'Alice', lastName: 'A', presenceId: null },
  { id: 'b'.repeat(32), username: 'bob', email: 'shared@example.com', firstName: 'Bob', lastName: 'B', presenceId: null },
  { id: 'c'.repeat(32), username: 'carla', email: 'shared@example.com', firstName: 'Carla', lastName: 'C', presenceId: null },
];

const existing: DeviceDocument = {
  id: 'e'.repeat(32),
  name: 'Front Desk',
  device_type: 'sip_device',
  mac_address: '001565000001',
  sip: { username: 'front_desk', password: 'Secret-123' },
  caller_id: { internal: { number: '1001' } },
};
const summary = (doc: DeviceDocument): DeviceSummary => ({
  id: doc.id,
  name: doc.name,
  deviceType: doc.device_type ?? 'sip_device',
  enabled: true,
  ownerId: null,
  sipUsername: doc.sip?.username ?? null,
  macAddress: doc.mac_address ?? null,
});

const columns: CanonicalColumn[] = [
  'name',
  'device_type',
  'mac_address',
  'sip_username',
  'caller_id_internal_number',
  'owner',
  'call_forward_number',
];

type Fields = Partial<DeviceDocument>;

/** A sheet row of phones only, from the device fields it gives. */
interface Candidate {
  row: number;
  sheetRow: ImportRow;
  blocked: { message: string; column: CanonicalColumn | null } | null;
}

function candidate(row: number, document: Fields, ownerText: string | null = null): Candidate {
  const cells = [
    document.name ?? '',
    document.device_type ?? '',
    document.mac_address ?? '',
    document.sip?.username ?? '',
    document.caller_id?.internal?.number ?? '',
    ownerText ?? '',
    document.call_forward?.number ?? '',
  ];
  return { row, sheetRow: { line: row + 2, cells }, blocked: null };
}

function input(candidates: Candidate[], extra: Partial<PlanInput> = {}): PlanInput {
  let ids = 0;
  let names = 0;
  return {
    rows: candidates.map((item) => item.sheetRow),
    mapping: columns,
    blocked: new Map(candidates.flatMap((item) => (item.blocked ? [[item.row, item.blocked] as const] : []))),
    people: [],
    personOfRow: candidates.map(() => null),
    devices: [summary(existing)],
    users,
    vmboxes: [],
    callflows: [],
    fetchDevice: async (id) => (id === existing.id ? ok(existing) : fail('not_found', 'gone')),
    registered: new Set(),
    match: 'mac',
    onExisting: 'update',
    onExistingPerson: 'skip',
    newId: () => (ids += 1).toString(16).padStart(32, '0'),
    generateSipUsername: () => `user_generated${(names += 1)}`,
    generateSipPassword: () => 'Generated-Password-1',
    generateUserPassword: () => 'Generated-User-Password',
    generateVoicemailPin: () => '482913',
    ...extra,
  };
}

/** Each row's device step: a sheet of phones only is a unit per row. */
const steps = (plan: PlanOutput) => plan.units.map((unit) => unit.steps[0]);

describe('import plan', () => {
  it('creates new devices under fresh ids with generated SIP credentials', async () => {
    const plan = await planImport(input([candidate(0, { name: 'New Phone', device_type: 'sip_device', mac_address: '001565000099' })]));
    expect(plan.counts).toEqual({ create: 1, update: 0, delete: 0, skip: 0, error: 0 });
    const [operation] = steps(plan);
    expect(operation).toMatchObject({
      action: 'create',
      id: '1'.padStart(32, '0'),
      document: { sip: { username: 'user_generated1', password: 'Generated-Password-1' } },
    });
    expect(plan.rows[0]?.generated).toEqual(['sip_username', 'sip_password']);
    expect(JSON.stringify(plan.rows)).not.toContain('Generated-Password-1');
  });

  it('does not generate SIP credentials for a call-forward device', async () => {
    const plan = await planImport(input([candidate(0, { name: 'Cell', device_type: 'cellphone', call_forward: { number: '5551234' } })]));
    const [operation] = steps(plan);
    expect(operation?.action === 'create' && operation.document['sip']).toBeUndefined();
  });

  it('matches by MAC and patches only what differs', async () => {
    const plan = await planImport(
      input([
        candidate(0, {
          name: 'Front Desk',
          device_type: 'sip_device',
          mac_address: '001565000001',
          caller_id: { internal: { number: '1002' } },
        }),
      ]),
    );
    expect(steps(plan)[0]).toMatchObject({
      action: 'update',
      id: existing.id,
      changedColumns: ['caller_id_internal_number'],
      changes: { caller_id: { internal: { number: '1002' } } },
    });
  });

  it('skips a row that is already identical, and every match when told to skip', async () => {
    const same = candidate(0, {
      name: 'Front Desk',
      device_type: 'sip_device',
      mac_address: '001565000001',
      caller_id: { internal: { number: '1001' } },
    });
    expect(steps(await planImport(input([same])))[0]).toMatchObject({ action: 'skip', reason: expect.stringMatching(/identical/) });
    const changed = candidate(0, { name: 'Renamed', mac_address: '001565000001' });
    expect(steps(await planImport(input([changed], { onExisting: 'skip' })))[0]).toMatchObject({
      action: 'skip',
      reason: expect.stringMatching(/Already on the PBX/),
    });
  });

  it('matches by SIP username, case-insensitively, when asked', async () => {
    const plan = await planImport(
      input([candidate(0, { name: 'Front Desk 2', sip: { username: 'FRONT_DESK' } })], { match: 'sip_username' }),
    );
    expect(steps(plan)[0]).toMatchObject({ action: 'update', id: existing.id, changedColumns: ['name'] });
  });

  it('refuses a create whose MAC another device already has', async () => {
    const plan = await planImport(
      input([candidate(0, { name: 'Other', mac_address: '001565000001', sip: { username: 'other' } })], { match: 'sip_username' }),
    );
    expect(steps(plan)[0]).toMatchObject({ action: 'error', column: 'mac_address' });
    expect(plan.issues[0]).toMatchObject({ row: 0, column: 'mac_address', sourceColumn: 2, code: 'duplicate_in_account' });
  });

  it('matches a call-forward device, which has neither MAC nor SIP username, by type and name', async () => {
    const cell: DeviceDocument = {
      id: 'f'.repeat(32),
      name: "Sven's Cellphone",
      device_type: 'cellphone',
      call_forward: { number: '5551234' },
    };
    const devices = [summary(existing), summary(cell)];
    const fetchDevice = async (id: string) => (id === cell.id ? ok(cell) : fail('not_found', 'gone'));
    const same = candidate(0, { name: "Sven's Cellphone", device_type: 'cellphone', call_forward: { number: '5551234' } });
    expect(steps(await planImport(input([same], { devices, fetchDevice })))[0]).toMatchObject({ action: 'skip', id: cell.id });
    const twice = await planImport(input([same], { devices: [...devices, summary({ ...cell, id: 'd'.repeat(32) })], fetchDevice }));
    expect(steps(twice)[0]).toMatchObject({ action: 'error', column: 'name' });
  });

  it('refuses a change of device type', async () => {
    const plan = await planImport(input([candidate(0, { name: 'Front Desk', device_type: 'softphone', mac_address: '001565000001' })]));
    expect(steps(plan)[0]).toMatchObject({ action: 'error', column: 'device_type' });
  });

  it('resolves owners by email, username or id and refuses unknown or ambiguous ones', async () => {
    const plan = await planImport(
      input([
        candidate(0, { name: 'A' }, 'ALICE@example.com'),
        candidate(1, { name: 'B' }, 'bob'),
        candidate(2, { name: 'C' }, 'c'.repeat(32)),
        candidate(3, { name: 'D' }, 'nobody@example.com'),
        candidate(4, { name: 'E' }, 'shared@example.com'),
      ]),
    );
    expect(
      steps(plan)
        .slice(0, 3)
        .map((step) => (step?.action === 'create' ? step.document['owner_id'] : null)),
    ).toEqual(['a'.repeat(32), 'b'.repeat(32), 'c'.repeat(32)]);
    expect(steps(plan)[3]).toMatchObject({
      action: 'error',
      column: 'owner',
      reason: expect.stringMatching(/No user "nobody@example.com"/),
    });
    expect(steps(plan)[4]).toMatchObject({ action: 'error', column: 'owner', reason: expect.stringMatching(/2 users have the email/) });
  });

  it('keeps rows the draft blocked as errors without looking them up', async () => {
    let fetched = 0;
    const blocked = {
      ...candidate(0, { name: 'Bad', mac_address: '001565000001' }),
      blocked: { message: 'MAC is not valid.', column: 'mac_address' as const },
    };
    const plan = await planImport(input([blocked], { fetchDevice: async () => ((fetched += 1), fail('not_found', 'x')) }));
    expect(steps(plan)[0]).toMatchObject({ action: 'error', reason: 'MAC is not valid.' });
    expect(fetched).toBe(0);
  });

  it('generates usernames that collide neither with the account nor with the file', async () => {
    const taken: string[] = [];
    const plan = await planImport(
      input([candidate(0, { name: 'X' }), candidate(1, { name: 'Y', sip: { username: 'user_generated1' } })], {
        generateSipUsername: (set) => {
          taken.push(...set);
          return 'user_fresh';
        },
      }),
    );
    expect(taken).toEqual(expect.arrayContaining(['front_desk', 'user_generated1']));
    expect(steps(plan)[0]).toMatchObject({ action: 'create', document: { sip: { username: 'user_fresh' } } });
  });

  describe('a row whose MAC is one device and SIP username another', () => {
    const other: DeviceDocument = { id: 'f'.repeat(32), name: 'Back Office', device_type: 'sip_device', sip: { username: 'back_office' } };
    it.each([
      ['mac', 'skip'],
      ['mac', 'update'],
      ['sip_username', 'skip'],
      ['sip_username', 'update'],
    ] as const)('is an error naming both, never an update of either (match %s, when it exists %s)', async (match, onExisting) => {
      const plan = await planImport(
        input(
          [candidate(0, { name: 'Swapped', device_type: 'sip_device', mac_address: '001565000001', sip: { username: 'back_office' } })],
          {
            devices: [summary(existing), summary(other)],
            match,
            onExisting,
          },
        ),
      );
      expect(plan.counts).toEqual({ create: 0, update: 0, delete: 0, skip: 0, error: 1 });
      expect(plan.issues).toEqual([expect.objectContaining({ code: 'account_conflict', column: 'mac_address' })]);
      expect(plan.rows[0]?.reason).toMatch(
        /^This MAC belongs to "Front Desk" \(MAC [0-9a-f:]{17}\) but the SIP username "[^"]+" to "Back Office" on the PBX\. One row cannot be both phones/,
      );
    });
  });

  describe('an update of a phone', () => {
    const row = (changes: Fields) =>
      candidate(0, { name: 'Front Desk', device_type: 'sip_device', mac_address: '001565000001', ...changes }, null);

    it('names the device as it is now and shows each changed field old → new, owners by name', async () => {
      const plan = await planImport(
        input([candidate(0, { name: 'Reception', device_type: 'sip_device', mac_address: '001565000001' }, 'bob')], {
          registered: new Set([existing.id]),
          fetchDevice: async () => ok({ ...existing, owner_id: users[0]!.id }),
        }),
      );
      expect(plan.rows[0]).toMatchObject({
        action: 'update',
        device: { name: 'Front Desk', macAddress: '001565000001', extension: '1001', sipUsername: 'front_desk', registered: true },
        extension: '1001',
        macAddress: '001565000001',
        sipUsername: 'front_desk',
        disruptsRegisteredPhone: true,
      });
      expect(plan.rows[0]?.changes).toEqual([
        { column: 'name', before: 'Front Desk', after: 'Reception' },
        { column: 'owner', before: 'Alice A', after: 'Bob B' },
      ]);
    });

    it("takes a phone's extension from its owner's presence ID without the realm when the phone has none of its own", async () => {
      const { caller_id: _ownNumber, ...withoutNumber } = existing;
      const plan = await planImport(
        input([row({ name: 'Reception' })], {
          users: [{ ...users[0]!, presenceId: '2001@harborview.example.net' }],
          fetchDevice: async () => ok({ ...withoutNumber, owner_id: users[0]!.id }),
        }),
      );
      expect(plan.rows[0]?.device?.extension).toBe('2001');
    });

    it.each([
      ['registered now', new Set(['e'.repeat(32)]), { sip: { username: 'front_desk_2' } }, true],
      ['whose registration could not be read', null, { sip: { username: 'front_desk_2' } }, true],
      ['not registered', new Set<string>(), { sip: { username: 'front_desk_2' } }, false],
      ['registered now, only its name changing', new Set(['e'.repeat(32)]), { name: 'Reception' }, false],
    ] as const)(
      'asks for confirmation before changing credentials or owner of a phone %s: %s',
      async (_label, registered, changes, asks) => {
        const plan = await planImport(input([row(changes)], { registered }));
        expect(plan.rows[0]?.action).toBe('update');
        expect(plan.rows[0]?.disruptsRegisteredPhone).toBe(asks);
      },
    );
  });
});
