import { describe, expect, it } from 'vitest';
import type { Callflow } from '../../../main/api/callflows';
import type { UserSummary } from '../../../main/api/users';
import { extensionResolver } from '../../../main/devices/extensions';

const callflow = (id: string, fields: Partial<Callflow>): Callflow => ({
  id,
  name: null,
  type: null,
  numbers: [],
  patterns: [],
  ownerId: null,
  modules: [],
  target: null,
  ...fields,
});

const user = (id: string, presenceId: string | null): UserSummary => ({
  id,
  username: null,
  email: null,
  firstName: 'A',
  lastName: 'B',
  presenceId,
});

describe('a device’s extension', () => {
  const users = [user('u1', '201@site.example'), user('u2', 'not-digits')];

  it('is first the number of a callflow ringing the device, its extension before its DIDs', () => {
    const extensionOf = extensionResolver(
      [
        callflow('c1', { numbers: ['+12125550100', '101'], target: { module: 'device', id: 'd1' } }),
        callflow('c2', { numbers: ['201'], ownerId: 'u1', type: 'mainUserCallflow' }),
      ],
      users,
    );
    expect(extensionOf({ id: 'd1', ownerId: 'u1' }, '999')).toEqual({ extension: '101', extensionSource: 'device_callflow' });
  });

  it("then the owner's callflow, by owner_id or by a flow ringing the user, SmartPBX's main callflow first", () => {
    const owned = extensionResolver(
      [callflow('c0', { numbers: ['*97'], ownerId: 'u1' }), callflow('c9', { numbers: ['2001'], ownerId: 'u1', type: 'mainUserCallflow' })],
      users,
    );
    expect(owned({ id: 'd1', ownerId: 'u1' }, '999')).toEqual({ extension: '2001', extensionSource: 'owner_callflow' });
    const ringing = extensionResolver([callflow('c3', { numbers: ['2002'], target: { module: 'user', id: 'u1' } })], users);
    expect(ringing({ id: 'd1', ownerId: 'u1' }, undefined)).toEqual({ extension: '2002', extensionSource: 'owner_callflow' });
    // A callflow of someone else, or ringing another device, says nothing about this one.
    const others = extensionResolver(
      [callflow('c4', { numbers: ['3001'], ownerId: 'u2' }), callflow('c5', { numbers: ['3002'], target: { module: 'device', id: 'd2' } })],
      users,
    );
    expect(others({ id: 'd1', ownerId: 'u1' }, undefined)).toEqual({ extension: '201', extensionSource: 'owner' });
  });

  it("then the device's own internal caller ID number, where its document was read, then the owner's presence ID", () => {
    const extensionOf = extensionResolver([callflow('c1', { numbers: [], ownerId: 'u1' })], users);
    expect(extensionOf({ id: 'd1', ownerId: 'u1' }, '555')).toEqual({ extension: '555', extensionSource: 'device' });
    expect(extensionOf({ id: 'd1', ownerId: 'u1' }, undefined)).toEqual({ extension: '201', extensionSource: 'owner' });
    expect(extensionOf({ id: 'd1', ownerId: 'u2' }, undefined)).toEqual({ extension: null, extensionSource: null });
    expect(extensionOf({ id: 'd1', ownerId: null }, undefined)).toEqual({ extension: null, extensionSource: null });
  });

  it('gives a callflow of DIDs only its first number, and chooses the same callflow whatever the listing order', () => {
    const callflows = [
      callflow('b', { numbers: ['+12125550111'], target: { module: 'device', id: 'd1' } }),
      callflow('a', { numbers: ['+12125550199', '+12125550198'], target: { module: 'device', id: 'd1' } }),
    ];
    const forward = extensionResolver(callflows, users)({ id: 'd1', ownerId: null }, undefined);
    const backward = extensionResolver([...callflows].reverse(), users)({ id: 'd1', ownerId: null }, undefined);
    expect(forward).toEqual({ extension: '+12125550199', extensionSource: 'device_callflow' });
    expect(backward).toEqual(forward);
  });
});
