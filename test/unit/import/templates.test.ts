import { describe, expect, it } from 'vitest';
import { DEVICE_COLUMNS } from '../../../common/import/columns';
import { csvDocument } from '../../../common/import/csv-document';
import { sheetPeople } from '../../../common/import/people';
import { DEVICE_TEMPLATE, ROLLOUT_TEMPLATE } from '../../../common/import/templates';
import { rowToDevice } from '../../../common/import/to-device';
import { draftOf } from './files';

describe('the File step templates', () => {
  it('the device template is the device columns, as an export writes them', () => {
    const draft = draftOf(csvDocument(DEVICE_TEMPLATE.rows));
    expect(draft.headers).toEqual([...DEVICE_COLUMNS]);
    expect(draft.mapping).toEqual([...DEVICE_COLUMNS]);
  });

  it('the rollout template goes back in as it is: two people, one with two phones, and a phone on its own', () => {
    const draft = draftOf(csvDocument(ROLLOUT_TEMPLATE.rows));
    expect(draft.issues).toEqual([]);
    expect(draft.ignoredColumns).toEqual([]);
    const { people, personOfRow } = sheetPeople(draft.rows, draft.mapping);
    expect(people.map((person) => [person.key, person.rows, person.extension, person.voicemail])).toEqual([
      ['person:alice@example.com', [0, 1], '3101', true],
      ['person:bob@example.com', [2], '3102', false],
    ]);
    expect(personOfRow).toEqual([0, 0, 1, null]);
    expect(draft.rows.map((row) => rowToDevice(row.cells, draft.mapping).document.name)).toEqual([
      'Alice desk',
      'Alice conference room',
      'Bob desk',
      'Lobby',
    ]);
  });
});
