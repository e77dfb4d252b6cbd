import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../../common/import/load';
import type { ImportDraft } from '../../../common/import/types';
import { draftOf, issueSummary, sampleBytes } from './files';

const edited = (draft: ImportDraft, edits: Parameters<typeof applyEdits>[1]): { draft: ImportDraft; editedRows: number[] } => {
  const result = applyEdits(draft, edits);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};

describe('applyEdits', () => {
  it('fixing one of two duplicate MACs clears the issue on both rows', () => {
    const draft = draftOf(sampleBytes('messy-errors.csv'));
    const before = issueSummary(draft);
    const { draft: after, editedRows } = edited(draft, [{ row: 3, sourceColumn: 2, value: ' 00:15:65:d0:00:04 ' }]);
    expect(editedRows).toEqual([3]);
    expect(after.rows[3]?.cells[2]).toBe('00:15:65:d0:00:04');
    expect(issueSummary(after)).toEqual(before.filter(([line, header]) => !(header === 'mac_address' && (line === 4 || line === 5))));
    // The draft it came from is untouched.
    expect(draft.rows[3]?.cells[2]).toBe('001565D00003');
    expect(issueSummary(draft)).toEqual(before);
  });

  it('an edit can create a duplicate with a row nobody touched', () => {
    const draft = draftOf('name,mac\nA,001565000001\nB,001565000002\nC,001565000003\n');
    const { draft: after } = edited(draft, [{ row: 2, sourceColumn: 1, value: '00:15:65:00:00:01' }]);
    expect(issueSummary(after)).toEqual([
      [2, 'mac', 'duplicate_in_file', 'error'],
      [4, 'mac', 'duplicate_in_file', 'error'],
    ]);
  });

  it("re-runs the row rules on edited rows only, keeping the others' issues", () => {
    const draft = draftOf('name,mac\n,zz\nB,yy\n');
    expect(issueSummary(draft)).toHaveLength(3);
    const { draft: after } = edited(draft, [
      { row: 0, sourceColumn: 0, value: 'A' },
      { row: 0, sourceColumn: 1, value: '001565000001' },
    ]);
    expect(issueSummary(after)).toEqual([[3, 'mac', 'mac_invalid', 'error']]);
  });

  it('emptying the extra cells of a too-long row makes it fit', () => {
    const draft = draftOf(sampleBytes('messy-errors.csv'));
    const row = 11;
    expect(draft.rows[row]?.cells).toHaveLength(8);
    const { draft: after } = edited(draft, [
      { row, sourceColumn: 6, value: '' },
      { row, sourceColumn: 7, value: '' },
    ]);
    expect(after.rows[row]?.cells).toEqual(['Too, Many', 'sip_device', '00:15:65:d0:00:0c', 'too_many', 'Secret12345', '']);
    expect(after.issues.filter((issue) => issue.row === row)).toEqual([]);
  });

  it('refuses an edit outside the draft', () => {
    const draft = draftOf('name,mac\nA,001565000001\n');
    expect(applyEdits(draft, [{ row: 5, sourceColumn: 0, value: 'x' }])).toEqual({
      ok: false,
      error: { kind: 'invalid_request', message: expect.stringContaining('no row 6') },
    });
    expect(applyEdits(draft, [{ row: 0, sourceColumn: 2, value: 'x' }])).toEqual({
      ok: false,
      error: { kind: 'invalid_request', message: expect.stringContaining('no column 3') },
    });
  });

  it('lists a column without a header once it has data', () => {
    const draft = draftOf('name,,mac\nA,,001565000001\n');
    expect(draft.ignoredColumns).toEqual([]);
    expect(edited(draft, [{ row: 0, sourceColumn: 1, value: 'spare' }]).draft.ignoredColumns).toEqual(['Column B']);
  });
});
