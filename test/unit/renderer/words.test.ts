import { describe, expect, it } from 'vitest';
import { plural } from '../../../renderer/src/components/plural';
import { agoWords, spanWords } from '../../../renderer/src/components/timeWords';

describe('plural', () => {
  it('uses the singular for exactly one and the plural otherwise', () => {
    expect(plural(1, 'device', 'devices')).toBe('1 device');
    expect(plural(0, 'device', 'devices')).toBe('0 devices');
    expect(plural(2, 'row was', 'rows were')).toBe('2 rows were');
  });

  it('writes large counts with the locale’s grouping', () => {
    expect(plural(10_000, 'row', 'rows')).toBe(`${(10_000).toLocaleString()} rows`);
  });
});

describe('agoWords', () => {
  const now = Date.parse('2025-03-04T12:00:00.000Z');
  const secondsBefore = (seconds: number) => new Date(now - seconds * 1000).toISOString();

  it.each([
    [0, 'just now'],
    [4, 'just now'],
    [5, '5 s ago'],
    [59, '59 s ago'],
    [60, '1 min ago'],
    [90, '1 min 30 s ago'],
    [599, '9 min 59 s ago'],
    [600, '10 min ago'],
    [629, '10 min ago'],
    [631, '11 min ago'],
    [3 * 3600 + 20 * 60, '3 h 20 min ago'],
    [3 * 24 * 3600, '3 days ago'],
  ])('%i seconds before now reads "%s"', (seconds, words) => {
    expect(agoWords(secondsBefore(seconds), now)).toBe(words);
  });

  it('reads a time slightly ahead of this machine’s clock as just now', () => {
    expect(agoWords(secondsBefore(-30), now)).toBe('just now');
  });
});

describe('spanWords', () => {
  it('keeps the seconds under ten minutes only where they are not whole minutes', () => {
    expect(spanWords(125)).toBe('2 min 5 s');
    expect(spanWords(1250)).toBe('20 min');
    expect(spanWords(47 * 3600 + 59 * 60)).toBe('47 h 59 min');
    expect(spanWords(48 * 3600)).toBe('2 days');
  });
});
