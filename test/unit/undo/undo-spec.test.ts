import { describe, expect, it } from 'vitest';
import type { UndoItem } from '../../../common/undo';
import type { UnitStates } from '../../../main/import/batch-results';
import type { UndoEntry } from '../../../main/undo/plan';
import { undoSpecOf } from '../../../main/undo/undo-spec';
import { undoTotalsLine, undoTotalsOf } from '../../../main/undo/undo-totals';
import { specOf, creates } from '../../support/batch-spec';

const item = (key: string, action: UndoItem['action'], extra: Partial<UndoItem> = {}): UndoItem => ({
  key,
  resource: 'device',
  id: `id-${key}`,
  name: `Doc ${key}`,
  action,
  fields: [],
  conflict: null,
  registered: null,
  note: null,
  ...extra,
});

describe('undo batch spec', () => {
  const original = specOf(creates(3), 'phones.csv');
  const conflict = { message: 'Changed since this batch: name reads otherwise now.', fields: ['name'] };
  const entries: UndoEntry[] = [
    { unit: 0, step: 0, item: item('0.0', 'delete'), request: { action: 'delete', revision: null } },
    {
      unit: 1,
      step: 0,
      item: item('1.0', 'restore', { conflict }),
      request: { action: 'update', changes: { name: 'Before' }, revision: null },
    },
    { unit: 2, step: 0, item: item('2.0', 'recreate'), request: { action: 'create', document: { name: 'Gone' } } },
    { unit: 2, step: 1, item: item('2.1', 'nothing', { note: 'Already deleted.' }), request: null },
  ];

  it('is an undo of its batch: one unit per unit, each entry a step, conflicts left alone unless ticked', () => {
    const spec = undoSpecOf({ original, entries, includeConflicts: new Set(), batchId: 'u1', createdAt: 'now' });
    expect(spec).toMatchObject({ batchId: 'u1', origin: 'undo', undoes: original.batchId, onFailure: 'keep', rows: [], headers: [] });
    expect(spec.units.map((unit) => [unit.key, unit.rows, unit.steps.map((step) => step.action)])).toEqual([
      ['row:0', [0], ['delete']],
      ['row:1', [1], ['skip']],
      ['row:2', [2], ['create', 'skip']],
    ]);
    expect(spec.sheetRows.map((row) => [row.row, row.line, row.name])).toEqual([
      [0, 1, 'Desk 0'],
      [1, 2, 'Desk 1'],
      [2, 3, 'Desk 2'],
    ]);
    expect(spec.units[1]!.steps[0]).toMatchObject({ reason: `Left alone: changed on the server since the batch. ${conflict.message}` });
    expect(spec.units[2]!.steps).toEqual([
      {
        resource: 'device',
        rows: [2],
        label: 'Doc 2.0',
        action: 'create',
        id: 'id-2.0',
        document: { name: 'Gone' },
        newIdOnConflict: true,
      },
      { resource: 'device', rows: [2], label: 'Doc 2.1', action: 'skip', id: 'id-2.1', reason: 'Already deleted.' },
    ]);

    const ticked = undoSpecOf({ original, entries, includeConflicts: new Set(['1.0']), batchId: 'u2', createdAt: 'now' });
    expect(ticked.units[1]!.steps[0]).toMatchObject({ action: 'update', id: 'id-1.0', changes: { name: 'Before' } });
  });

  it('totals what it did as the command line says it', () => {
    const spec = undoSpecOf({ original, entries, includeConflicts: new Set(), batchId: 'u1', createdAt: 'now' });
    const states: UnitStates = [
      [{ outcome: 'deleted', id: 'id-0.0', error: null }],
      [{ outcome: 'skipped', id: 'id-1.0', error: null }],
      [
        { outcome: 'failed', id: null, error: { message: 'no', column: null, fields: [] } },
        { outcome: 'skipped', id: 'id-2.1', error: null },
      ],
    ];
    const totals = undoTotalsOf(spec, states);
    expect(totals).toEqual({ restored: 0, deleted: 1, recreated: 0, conflicts: 1, failed: 1 });
    expect(undoTotalsLine(totals)).toBe('restored 0, deleted 1, recreated 0, conflicts 1, failed 1');
  });
});
