import { describe, expect, it } from 'vitest';
import { fieldsText } from '../../../common/audit-text';
import { changeWords, outcomeWords } from '../../../renderer/src/components/auditWords';

describe('audit words', () => {
  it.each([
    ['update', 'editor', 'Updated in the editor'],
    ['create', 'import', 'Created by import'],
    ['delete', 'undo', 'Deleted by undo'],
    ['update', 'undo', 'Restored by undo'],
    ['create', 'undo', 'Re-created by undo'],
    ['delete', 'bulk', 'Deleted by a bulk action'],
    ['create', 'duplicate', 'Created by Duplicate'],
    ['reboot', 'phone_action', 'Rebooted'],
  ] as const)('%s from %s reads "%s"', (action, source, words) => {
    expect(changeWords(action, source)).toBe(words);
  });

  it('says how a change ended in words, with the reason', () => {
    expect(outcomeWords({ outcome: 'done', error: null, note: null }).full).toBe('Done');
    // A delete that found the document already gone: answered, but not the app's doing.
    expect(outcomeWords({ outcome: 'done', error: null, note: 'it was already deleted before this delete was sent.' })).toEqual({
      label: 'Nothing changed',
      full: 'Nothing changed: it was already deleted before this delete was sent.',
      tone: 'success',
    });
    expect(outcomeWords({ outcome: 'failed', error: 'The server refused the MAC address.', note: null }).full).toBe(
      'Failed: The server refused the MAC address.',
    );
    expect(outcomeWords({ outcome: 'unknown', error: null, note: null }).full).toBe(
      'Unknown: no answer was recorded (the app closed or the network dropped)',
    );
  });

  it('shows fields before → after, a secret only as changed, an absent value as (empty)', () => {
    expect(
      fieldsText([
        { path: 'name', before: 'Lobby', after: 'Front desk', secret: false },
        { path: 'sip.password', before: 'changed', after: 'changed', secret: true },
        { path: 'owner_id', before: null, after: 'u1', secret: false },
      ]),
    ).toBe('name: Lobby → Front desk; sip.password: changed; owner_id: (empty) → u1');
  });
});
