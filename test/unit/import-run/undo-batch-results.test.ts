import { describe, expect, it } from 'vitest';
import { rowResultsOf } from '../../../main/import/batch-results';
import type { BatchSpec } from '../../../main/import/operations';
import { newId } from '../../support/batch-spec';

/** An undo batch as the undo builds it: one unit per unit of the batch undone, one sheet row each, its steps last first. */
function undoSpecOf(): BatchSpec {
  const sheetRow = (row: number, name: string) => ({
    row,
    line: row + 1,
    name,
    identity: { extension: null, macAddress: null, sipUsername: null },
  });
  return {
    batchId: newId(),
    origin: 'undo',
    undoes: newId(),
    name: 'Undo of Front office',
    connectionId: newId(),
    fileName: 'phones.csv',
    createdAt: new Date().toISOString(),
    headers: [],
    mapping: [],
    rows: [],
    sheetRows: [sheetRow(0, 'Alice Smith'), sheetRow(1, 'Desk 2')],
    units: [
      {
        key: 'person:alice@example.com',
        label: 'Alice Smith',
        rows: [0],
        steps: [
          { action: 'delete', resource: 'callflow', rows: [0], label: 'extension 4101', id: newId() },
          { action: 'delete', resource: 'user', rows: [0], label: 'Alice Smith', id: newId() },
        ],
      },
      {
        key: 'row:1',
        label: 'Desk 2',
        rows: [1],
        steps: [
          {
            action: 'skip',
            resource: 'device',
            rows: [1],
            label: 'Desk 2',
            id: newId(),
            reason: 'Left alone: changed on the server since the batch. Its name was changed.',
          },
        ],
      },
    ],
    onFailure: 'keep',
    sendWelcomeEmail: false,
  };
}

describe('the results of an undo batch', () => {
  it('reads a unit whose documents were all deleted as deleted, and a document left alone with its reason', () => {
    const spec = undoSpecOf();
    const states = [
      [
        { outcome: 'deleted' as const, id: null, error: null },
        { outcome: 'deleted' as const, id: null, error: null },
      ],
      [{ outcome: 'skipped' as const, id: null, error: null }],
    ];
    const [person, desk] = rowResultsOf(spec, states, { stopped: false });
    expect(person?.outcome).toBe('deleted');
    expect(person?.resources.map((resource) => resource.reason)).toEqual([null, null]);
    expect(desk?.outcome).toBe('skipped');
    expect(desk?.resources[0]?.reason).toBe('Left alone: changed on the server since the batch. Its name was changed.');
  });
});
