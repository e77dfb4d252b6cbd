import { describe, expect, it } from 'vitest';
import { expiryWords } from '../../../renderer/src/features/live/expiryWords';
import { registrationRow } from '../../support/registration-row';

const NOW = Date.parse('2025-03-04T12:00:00.000Z');
const at = (secondsFromNow: number) => new Date(NOW + secondsFromNow * 1000).toISOString();
const registered = (expiresAt: string | null, stale = false) => ({
  ...registrationRow('d1', 'Desk 1', 'registered'),
  expiresSeconds: 60,
  expiresAt,
  stale,
});

describe('expiryWords', () => {
  it('counts down to the expiry last read', () => {
    expect(expiryWords(registered(at(42)), NOW)).toEqual({ kind: 'at', iso: at(42), words: 'in 42 s' });
  });

  it('never calls a phone the server still lists as registered expired: past its expiry, or with none known, its details come at the next check', () => {
    const past = expiryWords(registered(at(-5)), NOW);
    const unknown = expiryWords(registered(null), NOW);
    expect(past).toMatchObject({ kind: 'unread', words: 'still registered; details at next check' });
    expect(unknown).toEqual(past);
  });

  it('says since when a stale contact expired', () => {
    expect(expiryWords(registered(at(-25), true), NOW)).toEqual({ kind: 'at', iso: at(-25), words: 'expired 25 s ago' });
  });

  it('says nothing for a phone that is not registered, or whose details were never read', () => {
    expect(expiryWords(registrationRow('d1', 'Desk 1', 'not_registered'), NOW)).toBeNull();
    expect(expiryWords({ ...registrationRow('d1', 'Desk 1', 'registered'), expiresSeconds: null }, NOW)).toBeNull();
  });
});
