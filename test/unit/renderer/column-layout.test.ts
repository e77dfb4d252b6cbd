import { describe, expect, it } from 'vitest';
import { columnLayout } from '../../../renderer/src/components/columnLayout';

describe('columnLayout', () => {
  it('gives fixed columns their width and shares the rest among fill columns, never below their least width', () => {
    expect(columnLayout([2, { fill: 1.4, min: 9 }, 6.5, { fill: 1, min: 6 }])).toEqual({
      template: '2rem minmax(9rem, 1.4fr) 6.5rem minmax(6rem, 1fr)',
      minWidth: '23.5rem',
    });
  });
});
