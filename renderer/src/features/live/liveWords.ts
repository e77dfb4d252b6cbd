import type { RegistrationRow } from '../../../../common/registrations';
import type { StatusTone } from '../../components/StatusBadge';

/** A row's state as the technician reads it: the registrar's answer, or the problem that matters more. */
export type RowCondition = 'registered' | 'not_registered' | 'disabled' | 'stale' | 'flapping' | 'missing';

export function conditionOf(row: RegistrationRow): RowCondition {
  if (row.state === 'disabled') return 'disabled';
  if (!row.known) return 'missing';
  if (row.flapping) return 'flapping';
  if (row.stale) return 'stale';
  return row.state;
}

export const conditionWords: Record<RowCondition, { label: string; tone: StatusTone; hint: string }> = {
  registered: { label: 'Registered', tone: 'success', hint: 'The phone is registered and renewing.' },
  not_registered: { label: 'Not registered', tone: 'neutral', hint: 'The phone has not registered yet, or has dropped off.' },
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

function spanWords(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds < 600 && seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h ${minutes % 60} min` : `${Math.floor(hours / 24)} days`;
}

/** "12 s ago", "3 min ago"; "just now" for the last few seconds. */
export function agoWords(iso: string, now: number): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 5) return 'just now';
  if (seconds < 600) return `${spanWords(seconds)} ago`;
  return `${spanWords(Math.round(seconds / 60) * 60)} ago`;
}

/** Time left on the registration, counted down locally between polls; "expired" once past. */
export function expiryWords(iso: string, now: number): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  return seconds >= 0 ? `in ${spanWords(seconds)}` : `expired ${spanWords(-seconds)} ago`;
}

export const plural = (count: number, one: string, many: string) => `${count.toLocaleString()} ${count === 1 ? one : many}`;
