import { describe, expect, it } from 'vitest';
import { formatMac, macNumber, normalizeMac } from '../../common/mac';

const WRITTEN = [
  '00:15:65:AB:CD:EF',
  '00-15-65-ab-cd-ef',
  '0015.65ab.cdef',
  '001565ABCDEF',
  '00 15 65 ab cd ef',
  '00:15:65:ab:cd:e',
  '00:15:65:ab:cd:efa',
  '00:15:65:ab:cd:eg',
  '00_15_65_ab_cd_ef',
  'ff:ff:ff:ff:ff:ff',
  '000000000000',
  '00:15:65:\u00a0ab:cd:ef',
  '',
  'not a mac',
];

describe('MAC addresses', () => {
  it('are stored as KAZOO stores them, whatever the notation', () => {
    expect(normalizeMac('00:15:65:AB:CD:EF')).toBe('001565abcdef');
    expect(normalizeMac('0015.65ab.cdef')).toBe('001565abcdef');
    expect(normalizeMac('00:15:65:ab:cd:eg')).toBeNull();
    expect(formatMac('001565abcdef')).toBe('00:15:65:ab:cd:ef');
  });

  it('compare as numbers exactly where their stored forms are equal', () => {
    for (const written of WRITTEN) {
      const stored = normalizeMac(written);
      expect(macNumber(written), written).toBe(stored === null ? null : Number.parseInt(stored, 16));
    }
    expect(macNumber('ff:ff:ff:ff:ff:ff')).toBe(2 ** 48 - 1);
    expect(macNumber('00:15:65:AB:CD:EF')).toBe(macNumber('001565abcdef'));
  });
});
