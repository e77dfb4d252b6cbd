import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { documentDigest } from '../../../main/import/document-digest';
import { conflictOf, writtenValues } from '../../../main/undo/conflict';
import { restoreOf } from '../../../main/undo/restore';
import { testSealer } from '../../support/test-sealer';

const sealer = testSealer(randomBytes(32));

/** A device as a batch left it: its name and caller ID were this batch's. */
const left = { name: 'Desk 12', caller_id: { external: { number: '5551001' } }, mac_address: 'aabbccddeeff', enabled: true };
const after = { revision: '2-aaa', digest: documentDigest(left) };
const written = writtenValues({ name: 'Desk 12', caller_id: { external: { number: '5551001' } } }, sealer);

describe('undo: the conflict rule', () => {
  it('is no conflict when the revision is the one the batch left', () => {
    expect(conflictOf(after, { document: { ...left, name: 'Renamed' }, revision: '2-aaa' }, written)).toBeNull();
  });

  it('is no conflict when the revision moved on but the document reads as the batch left it (changed, then changed back)', () => {
    expect(conflictOf(after, { document: { ...left, _read_only: { status: 'x' } }, revision: '5-ccc' }, written)).toBeNull();
  });

  it('names the fields this batch wrote that read otherwise now', () => {
    const now = { ...left, name: 'Front desk', enabled: false };
    expect(conflictOf(after, { document: now, revision: '3-bbb' }, written)).toEqual({
      message: 'Changed since this batch: name reads otherwise now.',
      fields: ['name'],
    });
  });

  it('says so when only fields this batch did not set changed', () => {
    const now = { ...left, enabled: false };
    expect(conflictOf(after, { document: now, revision: '3-bbb' }, written)).toEqual({
      message: 'Changed since this batch, in fields this batch did not set.',
      fields: [],
    });
  });

  it('is a conflict when the batch recorded no after-image: a change cannot be ruled out', () => {
    expect(conflictOf(undefined, { document: left, revision: '2-aaa' }, written)?.fields).toEqual([]);
  });

  it('compares a sealed secret the batch wrote by its value, and never names one it cannot open', () => {
    const withPassword = writtenValues({ sip: { password: sealer.seal('s3cret'), username: 'u1' } }, sealer);
    const now = { sip: { password: 's3cret', username: 'u2' } };
    expect(conflictOf({ revision: '1-a', digest: 'other' }, { document: now, revision: '2-b' }, withPassword)?.fields).toEqual([
      'sip.username',
    ]);
    const foreign = writtenValues({ sip: { password: testSealer(randomBytes(32)).seal('x') } }, sealer);
    expect([...foreign.keys()]).toEqual([]);
  });
});

describe('undo: restoring the fields an update changed', () => {
  it('puts back each field that reads otherwise now, and needs nothing when all read as before', () => {
    const restore = restoreOf({ name: 'Old name', 'caller_id.external.number': '5550000' }, left, sealer);
    expect(restore.fields).toEqual([
      { path: 'name', now: 'Desk 12', back: 'Old name', secret: false },
      { path: 'caller_id.external.number', now: '5551001', back: '5550000', secret: false },
    ]);
    expect(restore.changes).toEqual({ name: 'Old name', caller_id: { external: { number: '5550000' } } });
    expect(restoreOf({ name: 'Desk 12' }, left, sealer).fields).toEqual([]);
  });

  it('removes a field the document did not have, and the object the batch made to hold it', () => {
    const now = { name: 'A', caller_id: { internal: { name: 'A' }, external: { number: '5551001' } } };
    expect(restoreOf({ 'caller_id.external.number': null }, now, sealer).changes).toEqual({ caller_id: { external: null } });
    expect(restoreOf({ 'caller_id.internal.name': null, 'caller_id.external.number': null }, now, sealer).changes).toEqual({
      caller_id: null,
    });
  });

  it('shows a secret as changed, keeps it sealed in the PATCH, and leaves one it cannot open as it is', () => {
    const sealed = sealer.seal('old-pass');
    const restore = restoreOf({ 'sip.password': sealed }, { sip: { password: 'new-pass' } }, sealer);
    expect(restore.fields).toEqual([{ path: 'sip.password', now: null, back: 'changed', secret: true }]);
    expect(restore.changes).toEqual({ sip: { password: sealed } });
    expect(JSON.stringify(restore)).not.toContain('pass"');

    const unreadable = restoreOf({ 'sip.password': testSealer(randomBytes(32)).seal('x') }, { sip: { password: 'y' } }, sealer);
    expect(unreadable).toEqual({ fields: [], changes: {}, unreadable: ['sip.password'] });
  });
});
