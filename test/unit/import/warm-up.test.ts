import { describe, expect, it } from 'vitest';
import { finish } from '../../../common/steps';
import { prepareDraft } from '../../../main/import/prepare-draft';
import { sampleSheet, warmUpImport } from '../../../main/import/warm-up';

describe('the import warm-up the desktop app runs while its window loads', () => {
  it('reads a sample that goes through every check clean, so each of them has run once', () => {
    const prepared = finish(prepareDraft({ kind: 'read', options: { id: 'warm-up', fileName: 'warm-up.csv', bytes: sampleSheet() } }));
    if (!prepared.ok) throw new Error(prepared.error.message);
    const { draft, schemaIssues } = prepared.value;
    expect(draft.rows).toHaveLength(2_000);
    expect(draft.mapping.every((column) => column !== null)).toBe(true);
    expect(draft.issues).toEqual([]);
    expect(schemaIssues).toEqual([]);
  });

  it('compiles the schema and reads the sample without an error', async () => {
    await expect(warmUpImport()).resolves.toBeUndefined();
  });
});
