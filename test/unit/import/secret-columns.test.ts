import { describe, expect, it } from 'vitest';
import { ignoredSecretColumns, isSecretHeader, looksLikePassword } from '../../../common/import/secret-columns';
import { draftOf } from './files';

describe('columns that look like passwords', () => {
  it.each(['SIP Pass', 'Password', 'vmpwd', 'Voicemail PIN', 'Auth-Secret', 'Kennwort', 'Mot de passe', 'PW'])(
    'knows %s by its header',
    (header) => expect(isSecretHeader(header)).toBe(true),
  );

  it.each(['Passage', 'Ping Target', 'Shipping', 'Notes', 'Compass Room'])('does not take %s for one', (header) =>
    expect(isSecretHeader(header)).toBe(false),
  );

  it('knows generated passwords by their shape, not names, MACs, numbers, emails or document ids', () => {
    for (const value of ['Secret12345', 'x7#kd92!qz', 'A1b2C3d4']) expect(looksLikePassword(value), value).toBe(true);
    for (const value of [
      'Room 12',
      'Reception',
      '00:15:65:aa:00:01',
      '+15125550100',
      'ana@example.com',
      'a'.repeat(30) + '12',
      'user_1001x',
    ])
      expect(looksLikePassword(value), value).toBe(false);
  });

  it('lists only ignored columns, found by header or by values', () => {
    const draft = draftOf('name,SIP Pass,Notes,Key\nLobby,Abc12345,front,Qx9!Lm2#pq\nKitchen,Def67890,back,Zz8$Hh5%kk\n');
    // "SIP Pass" is recognised, so it is imported and not listed; "Key" holds passwords under an unknown header.
    expect(draft.mapping).toEqual(['name', 'sip_password', null, null]);
    expect(ignoredSecretColumns(draft.headers, draft.mapping, draft.rows)).toEqual([3]);
    expect(ignoredSecretColumns(draft.headers, ['name', null, null, null], draft.rows)).toEqual([1, 3]);
  });
});
