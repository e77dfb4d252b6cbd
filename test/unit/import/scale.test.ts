import { describe, expect, it } from 'vitest';
import { applyEdits, loadDraft } from '../../../common/import/load';
import { parseText } from '../../../common/import/parse';
import { buildTable } from '../../../common/import/rows';
import { schemaIssuesOf } from '../../../main/import/schema-check';
import { realisticCsv } from '../../fixtures/csv/realistic';
import { DRAFT_ID, draftOf } from './files';
import { finish } from '../../../common/steps';

/**
 * Correctness at the size the app promises; the timing target itself is checked by
 * `npx tsx bench/import-parse.bench.ts` (time and memory, in a process of its own), since a shared test machine makes timings noisy.
 */
describe('100,000 rows', () => {
  it('a realistic file loads whole and clean', () => {
    const result = finish(loadDraft({ id: DRAFT_ID, fileName: 'big.csv', bytes: realisticCsv(100_000) }));
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

  it("keeps one copy of a row's cells: the rows are the parsed records themselves", () => {
    const parsed = finish(parseText(new TextDecoder().decode(realisticCsv(1_000))));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const { records } = parsed.value;
    const { rows } = finish(buildTable(records, 0));
    expect(rows).toHaveLength(1_000);
    rows.forEach((row, i) => expect(row.cells).toBe(records[i + 1]));
  });

  it('holds schema problems only for the rows that have one', () => {
    const bytes = new TextEncoder().encode(
      `name,sip_username\n${Array.from({ length: 10_000 }, (_, i) => `Phone ${i},${i === 10 || i === 9_000 ? 'x'.repeat(40) : `user${i}`}`).join('\n')}\n`,
    );
    const result = finish(loadDraft({ id: DRAFT_ID, fileName: 'big.csv', bytes }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const schema = finish(schemaIssuesOf(result.value, result.value.rows.keys()));
    expect([...schema.keys()]).toEqual([10, 9_000]);
    expect(new Set(result.value.issues.map((issue) => issue.row))).toEqual(new Set([10, 9_000]));
  });
});
