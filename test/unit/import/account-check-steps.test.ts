import { describe, expect, it } from 'vitest';
import type { DeviceSummary } from '../../../common/devices';
import { loadDraft } from '../../../common/import/load';
import { finish } from '../../../common/steps';
import { accountIssuesOf, snapshotOf } from '../../../main/import/account-check';
import { realisticCsv } from '../../fixtures/csv/realistic';

const ROWS = 3_000;

/** A phone on the account with the MAC realisticCsv gives row `row` (it numbers them from 0x001565000000). */
const phoneWithMacOfRow = (row: number, sipUsername: string): DeviceSummary => ({
  id: row.toString(16).padStart(32, 'a'),
  name: `Existing ${row}`,
  deviceType: 'sip_device',
  enabled: true,
  ownerId: null,
  sipUsername,
  macAddress: (0x001565000000 + row).toString(16).padStart(12, '0'),
});

describe('the account check over a whole file', () => {
  const loaded = finish(loadDraft({ id: 'x', fileName: 'site.csv', bytes: realisticCsv(ROWS) }));
  if (!loaded.ok) throw new Error(loaded.error.message);
  const draft = loaded.value;
  // Row 2,500's MAC and its SIP username (site_2500) belong to two different phones: a conflict the check reports.
  const account = snapshotOf([phoneWithMacOfRow(2_500, 'front_desk'), phoneWithMacOfRow(900_000, 'site_2500')], [], [], []);

  it('pauses every 1,024 rows, so main can check a big file a slice at a time', () => {
    const steps = accountIssuesOf(draft, account, draft.rows.keys());
    let pauses = 0;
    let next = steps.next();
    while (!next.done) {
      pauses += 1;
      next = steps.next();
    }
    expect(pauses).toBe(Math.floor(ROWS / 1_024));
    expect(next.value.get(2_500)?.map((issue) => issue.code)).toContain('account_conflict');
  });

  it('finds the same a slice at a time as for the rows of one edit', () => {
    const whole = finish(accountIssuesOf(draft, account, draft.rows.keys()));
    const edited = finish(accountIssuesOf(draft, account, [2_500, 12]));
    expect(edited.get(2_500)).toEqual(whole.get(2_500));
    expect(edited.has(12)).toBe(whole.has(12));
  });
});
