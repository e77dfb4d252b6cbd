import { isSecretColumn } from '../../../../common/import/columns';
import { formatMac } from '../../../../common/mac';
import type { PlanChange, PlanDevice } from '../../../../common/import/types';
import type { StatusTone } from '../../components/StatusBadge';
import { columnShortWords } from './columnWords';

/** Whether the phone an update changes is registered now, in words. */
export function registrationWords(registered: boolean | null): { label: string; tone: StatusTone } {
  if (registered === null) return { label: 'Registration unknown', tone: 'warning' };
  return registered ? { label: 'Registered now', tone: 'success' } : { label: 'Not registered', tone: 'neutral' };
}

const shown = (change: PlanChange, value: string | null): string => {
  if (value === null) return 'hidden';
  if (value === '') return '(empty)';
  return change.column === 'mac_address' ? formatMac(value) : value;
};

/** "Owner: Alice Ng → Bob Li"; a password or PIN changes without either side shown (before is then null). */
export function changeWords(change: PlanChange): { field: string; before: string | null; after: string } {
  if (isSecretColumn(change.column)) return { field: columnShortWords[change.column], before: null, after: 'changes (neither is shown)' };
  return { field: columnShortWords[change.column], before: shown(change, change.before), after: shown(change, change.after) };
}

/** The parts of a device's label that are known: extension, MAC and SIP username. */
export function deviceDetails(device: PlanDevice): string[] {
  return [
    device.extension ? `ext ${device.extension}` : 'no extension',
    device.macAddress ? `MAC ${formatMac(device.macAddress)}` : 'no MAC',
    ...(device.sipUsername ? [`SIP ${device.sipUsername}`] : []),
  ];
}
