/** Batch specs as the plan would hand them over, for runner, journal and report tests. */
import { randomBytes } from 'node:crypto';
import type { CanonicalColumn } from '../../common/import/columns';
import type { BatchSpec, Step, Unit } from '../../main/import/operations';

export const HEADERS = ['Name', 'MAC', 'SIP user', 'SIP password', 'Caller ID'];
export const MAPPING: CanonicalColumn[] = ['name', 'mac_address', 'sip_username', 'sip_password', 'caller_id_external_number'];

export const newId = (): string => randomBytes(16).toString('hex');

export interface Phone {
  name: string;
  mac: string;
  username: string;
  password: string;
  number: string;
}

export function phone(n: number, prefix = 'Desk'): Phone {
  const hex = n.toString(16).padStart(6, '0');
  return {
    name: `${prefix} ${n}`,
    mac: `00:15:65:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}`,
    username: `${prefix.toLowerCase()}_${n}`,
    password: `Gen-${n}-${randomBytes(4).toString('hex')}`,
    number: `+1512555${String(n % 10_000).padStart(4, '0')}`,
  };
}

export const cellsOf = (p: Phone): string[] => [p.name, p.mac, p.username, p.password, p.number];

export const documentOf = (p: Phone) => ({
  name: p.name,
  device_type: 'sip_device',
  mac_address: p.mac,
  sip: { username: p.username, password: p.password },
  caller_id: { external: { number: p.number } },
});

export type RowPlan =
  | { action: 'create'; phone: Phone; deviceId?: string }
  | { action: 'update'; phone: Phone; deviceId: string; changes: Record<string, unknown> }
  | { action: 'delete'; phone: Phone; deviceId: string }
  | { action: 'skip'; phone: Phone; deviceId: string }
  | { action: 'error'; phone: Phone; reason: string; column: CanonicalColumn | null };

/** One phone on its own per plan entry, in order: row n is unit n, whose one step is its device. */
export function specOf(plans: RowPlan[], name = 'Test batch'): BatchSpec {
  const units: Unit[] = plans.map((plan, row) => {
    const base = { resource: 'device' as const, rows: [row], label: plan.phone.name };
    const step = ((): Step => {
      switch (plan.action) {
        case 'create':
          return { ...base, action: 'create', id: plan.deviceId ?? newId(), document: documentOf(plan.phone) };
        case 'update':
          return { ...base, action: 'update', id: plan.deviceId, changes: plan.changes, changedColumns: ['caller_id_external_number'] };
        case 'delete':
          return { ...base, action: 'delete', id: plan.deviceId };
        case 'skip':
          return { ...base, action: 'skip', id: plan.deviceId, reason: 'Already on the account, identical.' };
        case 'error':
          return { ...base, action: 'error', reason: plan.reason, column: plan.column };
      }
    })();
    return { key: `row:${row}`, label: plan.phone.name, rows: [row], steps: [step] };
  });
  return {
    batchId: newId(),
    name,
    connectionId: 'conn-test',
    fileName: 'phones.csv',
    createdAt: new Date().toISOString(),
    headers: HEADERS,
    mapping: MAPPING,
    rows: plans.map((plan, row) => ({ line: row + 2, cells: cellsOf(plan.phone) })),
    sheetRows: plans.map((plan, row) => ({
      row,
      line: row + 2,
      name: plan.phone.name,
      identity: { extension: null, macAddress: plan.phone.mac.replaceAll(':', ''), sipUsername: plan.phone.username },
    })),
    units,
    onFailure: 'rollback',
    sendWelcomeEmail: false,
  };
}

/** The one step of unit `index` of a spec built by specOf. */
export const stepOf = (spec: BatchSpec, index: number): Step => spec.units[index]!.steps[0]!;

/** The id of the device a row of specOf creates, updates or skips ('' for an error row). */
export const deviceIdOf = (spec: BatchSpec, index: number): string => {
  const step = stepOf(spec, index);
  return step.action === 'error' ? '' : step.id;
};

export const creates = (count: number, prefix = 'Desk', from = 0): RowPlan[] =>
  Array.from({ length: count }, (_, i) => ({ action: 'create' as const, phone: phone(from + i, prefix) }));
