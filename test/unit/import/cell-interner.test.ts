import { describe, expect, it } from 'vitest';
import { CellInterner } from '../../../common/import/cell-interner';

describe('sharing the values a column repeats', () => {
  it('keeps every cell as it was, in columns that repeat, columns that do not, and rows of any length', () => {
    const interner = new CellInterner();
    const rows = Array.from({ length: 5_000 }, (_, i) =>
      [`Phone ${i}`, i % 3 === 0 ? 'fax' : 'sip_device', i % 7 === 0 ? '' : 'Yealink'].slice(0, 1 + (i % 3)),
    );
    const expected = rows.map((cells) => [...cells]);
    const interned = rows.map((cells) => interner.intern(cells));
    expect(interned).toEqual(expected);
    expect(interned[4_999]).toBe(rows[4_999]);
  });

  it('never takes a value from another column', () => {
    const interner = new CellInterner();
    interner.intern(['yes', 'no']);
    expect(interner.intern(['no', 'yes'])).toEqual(['no', 'yes']);
  });
});
