import type { RegistrationRow } from '../../../../common/registrations';
import { spanWords } from '../../components/timeWords';

/** The Expires cell: a moment counted down locally between polls, or words where none is known to count to. */
export type ExpiryWords = { kind: 'at'; iso: string; words: string } | { kind: 'unread'; words: string; hint: string };

const unread: ExpiryWords = {
  kind: 'unread',
  words: 'still registered; details at next check',
  hint: 'The expiry last read has passed and the server still lists the phone as registered: it renewed, or its contact lapsed and is about to be dropped. The next full read of the registrations tells which.',
};

/**
 * Time left on the registration. A stale contact expired, and says since when; past the expiry
 * last read of one the server still lists as registered, no new one is known until the next read
 * of the details, so neither "expired" nor a countdown would be true. Null for an unregistered
 * phone or one whose details were never read.
 */
export function expiryWords(row: RegistrationRow, now: number): ExpiryWords | null {
  if (row.expiresAt === null) return row.registered && row.expiresSeconds !== null ? unread : null;
  const seconds = Math.round((Date.parse(row.expiresAt) - now) / 1000);
  if (seconds >= 0) return { kind: 'at', iso: row.expiresAt, words: `in ${spanWords(seconds)}` };
  return row.stale ? { kind: 'at', iso: row.expiresAt, words: `expired ${spanWords(-seconds)} ago` } : unread;
}
