import { awaitsFirstRegistration, type RegistrationRow } from '../../../../common/registrations';
import type { StatusTone } from '../../components/StatusBadge';

/** A row's state as the technician reads it: the registrar's answer, or the problem that matters more. */
export type RowCondition = 'registered' | 'waiting' | 'not_registered' | 'disabled' | 'stale' | 'flapping' | 'missing';

export function conditionOf(row: RegistrationRow): RowCondition {
  if (row.state === 'disabled') return 'disabled';
  if (!row.known) return 'missing';
  if (row.flapping) return 'flapping';
  if (row.stale) return 'stale';
  if (awaitsFirstRegistration(row)) return 'waiting';
  return row.state;
}

export const conditionWords: Record<RowCondition, { label: string; tone: StatusTone; hint: string }> = {
  registered: { label: 'Registered', tone: 'success', hint: 'The phone is registered and renewing.' },
  waiting: {
    label: 'Waiting for first registration',
    tone: 'neutral',
    hint: 'Not seen registered yet: a new phone comes up once it is plugged in and provisioned.',
  },
  not_registered: { label: 'Not registered', tone: 'neutral', hint: 'The phone registered before and has dropped off.' },
  disabled: { label: 'Disabled', tone: 'neutral', hint: 'The device is switched off in the account, so it cannot register.' },
  stale: { label: 'Stale', tone: 'warning', hint: 'Its registration expired without a renewal: the phone may be unplugged.' },
  flapping: {
    label: 'Flapping',
    tone: 'warning',
    hint: 'It came and went 3 or more times in 5 minutes: check the cable, power and network on site.',
  },
  missing: { label: 'Not in account', tone: 'danger', hint: 'The import made this device, but the account no longer has it.' },
};

export type LiveFilter = 'all' | 'not_registered' | 'registered' | 'problems';

export const isProblem = (row: RegistrationRow) => row.stale || row.flapping || !row.known;

export const filterMatches: Record<LiveFilter, (row: RegistrationRow) => boolean> = {
  all: () => true,
  not_registered: (row) => row.state === 'not_registered',
  registered: (row) => row.state === 'registered',
  problems: isProblem,
};

export const filterLabels: Record<LiveFilter, string> = {
  all: 'All',
  not_registered: 'Not registered',
  registered: 'Registered',
  problems: 'Problems',
};

export const formatAbsolute = (iso: string) =>
  new Date(iso).toLocaleString(undefined, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
