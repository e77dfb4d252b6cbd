/**
 * A site rollout CSV of any size as a technician writes it (owners by email, MACs with colons,
 * a few caller IDs and disabled phones), and the check every fault test ends with: each row is
 * on the sandbox exactly once, as the row says, and the report says created for it.
 */
import { expect } from 'vitest';
import { normalizeMac } from '../../../../common/mac';
import { parseText } from '../../../../common/import/parse';
import type { Sandbox } from '../../../../main/sandbox/server';
import { SAMPLE_OWNERS } from '../../../support/sample-owners';
import { finish } from '../../../../common/steps';

export interface RolloutRow {
  name: string;
  deviceType: string;
  owner: string;
  sipUsername: string;
  sipPassword: string;
  mac: string;
  internalNumber: string;
  externalNumber: string;
  enabled: 'true' | 'false';
}

const HEADERS = 'name,device_type,owner,sip_username,sip_password,mac_address,caller_id_internal_number,caller_id_external_number,enabled';
const TYPES = ['sip_device', 'sip_device', 'sip_device', 'fax', 'ata'];

export function rolloutRows(count: number): RolloutRow[] {
  return Array.from({ length: count }, (_, n) => {
    const hex = (0xa000 + n).toString(16).padStart(6, '0').toUpperCase();
    return {
      name: n % 50 === 7 ? `Réception ${n}` : `Desk ${n}`,
      deviceType: TYPES[n % TYPES.length]!,
      owner: `${SAMPLE_OWNERS[n % SAMPLE_OWNERS.length]}@example.com`,
      sipUsername: `site2_${2000 + n}`,
      sipPassword: `Pw${(n * 7_919 + 104_729).toString(36)}x${n}`,
      mac: `00:15:65:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}`,
      internalNumber: String(2000 + n),
      externalNumber: n % 3 === 0 ? `+1512555${String(n).padStart(4, '0')}` : '',
      enabled: n % 11 === 4 ? 'false' : 'true',
    };
  });
}

export function rolloutCsv(rows: readonly RolloutRow[]): string {
  const lines = rows.map((r) =>
    [r.name, r.deviceType, r.owner, r.sipUsername, r.sipPassword, r.mac, r.internalNumber, r.externalNumber, r.enabled].join(','),
  );
  return `${[HEADERS, ...lines].join('\n')}\n`;
}

/**
 * Every row exactly once on the sandbox with the fields its cells give, and the report (the
 * results CSV) says `created` for it with the id of that very device.
 */
export function expectRolloutImported(sb: Sandbox, rows: readonly RolloutRow[], reportCsv: string): void {
  const devices = sb.state.devices();
  const userIds = new Map(sb.state.users().map((user) => [String(user['email']), user._id]));
  const byMac = new Map<string, typeof devices>();
  for (const device of devices) {
    const mac = String(device['mac_address']);
    byMac.set(mac, [...(byMac.get(mac) ?? []), device]);
  }
  expect(devices).toHaveLength(rows.length);
  expect(new Set(devices.map((device) => device['name'])).size).toBe(rows.length);

  const parsed = finish(parseText(reportCsv.replace(/^\uFEFF/, '')));
  if (!parsed.ok) throw new Error(parsed.error.message);
  const [header = [], ...lines] = parsed.value.records.filter((record) => record.some((cell) => cell !== ''));
  expect(header.slice(0, 4)).toEqual(['failure_reason', 'result', 'result_phone', 'device_id']);
  expect(lines).toHaveLength(rows.length);

  rows.forEach((row, n) => {
    const matches = byMac.get(normalizeMac(row.mac)!) ?? [];
    expect(matches, `row ${n + 2} (${row.name})`).toHaveLength(1);
    const device = matches[0]!;
    expect(device, `row ${n + 2}`).toMatchObject({
      name: row.name,
      device_type: row.deviceType,
      owner_id: userIds.get(row.owner),
      sip: { username: row.sipUsername, password: row.sipPassword },
      caller_id: { internal: { number: row.internalNumber } },
      enabled: row.enabled === 'true',
    });
    expect((device['caller_id'] as { external?: { number?: string } }).external?.number).toBe(row.externalNumber || undefined);
    const [failure, result, phone, deviceId, name] = lines[n]!;
    expect({ failure, result, phone, deviceId, name }, `report row ${n + 2}`).toEqual({
      failure: '',
      result: 'created',
      phone: expect.stringContaining(`ext ${row.internalNumber}`) as unknown,
      deviceId: device._id,
      name: row.name,
    });
  });
}
