import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { beforeImageOf, documentOfFields, unsealDocument } from '../../../main/import/before-image';
import { leafPaths } from '../../../main/import/document-paths';
import type { Step } from '../../../main/import/operations';
import { createSealer } from '../../../main/secrets/journal-sealer';

const sealer = createSealer(randomBytes(32), 'memory');
const base = { resource: 'device' as const, rows: [0], label: 'Desk', id: 'd'.repeat(32) };
const update = (changes: Record<string, unknown>): Extract<Step, { action: 'update' }> => ({
  ...base,
  action: 'update',
  changes,
  changedColumns: [],
});
const read = (document: Record<string, unknown>) => ({ document, revision: '3-abc' });

describe('before-images', () => {
  it('keeps the value at each path an update sets, null where there was none, secrets sealed', () => {
    const image = beforeImageOf(
      update({ caller_id: { internal: { number: '1001' } }, sip: { password: 'New' }, owner_id: null }),
      read({ sip: { username: 'desk', password: 'Old-secret' }, owner_id: 'u1', _read_only: { x: 1 } }),
      sealer,
    );

    expect(image).toMatchObject({ kind: 'fields', revision: '3-abc', fields: { 'caller_id.internal.number': null, owner_id: 'u1' } });
    expect(JSON.stringify(image)).not.toContain('Old-secret');
    expect(unsealDocument(documentOfFields(image.kind === 'fields' ? image.fields : {}), sealer)).toEqual({
      caller_id: { internal: { number: null } },
      sip: { password: 'Old-secret' },
      owner_id: 'u1',
    });
  });

  it('seals a secret inside an object an update sets whole, and every secret of a deleted document', () => {
    const whole = beforeImageOf(update({ sip: {} }), read({ sip: { username: 'desk', password: 'Old-secret' } }), sealer);
    const deleted = beforeImageOf(
      { ...base, action: 'delete' },
      read({ name: 'Box', pin: '4321', password: 'User-secret', sip: { password: 'Sip-secret' }, _rev: '3-abc' }),
      sealer,
    );

    for (const image of [whole, deleted]) {
      for (const secret of ['Old-secret', '4321', 'User-secret', 'Sip-secret']) expect(JSON.stringify(image)).not.toContain(secret);
    }
    expect(deleted.kind === 'document' && unsealDocument(deleted.document, sealer)).toEqual({
      name: 'Box',
      pin: '4321',
      password: 'User-secret',
      sip: { password: 'Sip-secret' },
    });
  });

  it('a sealed value is one changed path; one this key cannot open is left out', () => {
    const other = createSealer(randomBytes(32), 'memory');
    const changes = { sip: { password: sealer.seal('Back'), username: 'desk' }, pin: other.seal('1234') };

    expect(leafPaths(changes)).toEqual(['sip.password', 'sip.username', 'pin']);
    expect(unsealDocument(changes, sealer)).toEqual({ sip: { password: 'Back', username: 'desk' } });
  });
});
