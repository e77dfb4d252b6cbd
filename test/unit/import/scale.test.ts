import { describe, expect, it } from 'vitest';
import { applyEdits, loadDraft } from '../../../common/import/load';
import { realisticCsv } from '../../fixtures/csv/realistic';
import { DRAFT_ID, draftOf } from './files';

/**
 * Correctness at the size the app promises; the timing target itself is checked by
 * `npx tsx bench/import-parse.bench.ts` (time and memory, in a process of its own), since a shared test machine makes timings noisy.
 */
describe('100,000 rows', () => {
  it('a realistic file loads whole and clean', () => {
    const result = loadDraft({ id: DRAFT_ID, fileName: 'big.csv', bytes: realisticCsv(100_000) });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.rows).toHaveLength(100_000);
    expect(result.value.rows.at(-1)?.line).toBe(100_001);
    expect(result.value.ignoredColumns).toEqual(['Notes']);
    expect(result.value.issues).toEqual([]);
    // A cell edit re-checks one row plus the file-wide duplicates.
    const edit = applyEdits(result.value, [{ row: 99_999, sourceColumn: 2, value: '00:15:65:00:00:00' }]);
    expect(edit.ok && edit.value.draft.issues.map((issue) => [issue.row, issue.code])).toEqual([
      [0, 'duplicate_in_file'],
      [99_999, 'duplicate_in_file'],
    ]);
  });

  it('a file of one MAC repeated stays linear: every row gets one bounded message', () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => `Phone ${i},00:15:65:00:00:01,user${i}`);
    const draft = draftOf(`name,mac_address,sip_username\n${rows.join('\n')}\n`);
    expect(draft.issues).toHaveLength(100_000);
    expect(draft.issues[50_000]?.message).toContain('also on rows 2, 3, 4, 5, 6 and 99994 more');
  });
});
