/**
 * A device's extension: the number a colleague dials to ring it. One rule for the list, its
 * search and sort, and the export, first match wins:
 *
 * 1. a callflow whose flow rings the device itself (module `device`, `data.id` = the device);
 * 2. a callflow of the device's owner (its `owner_id`, or a flow ringing that user), which rings
 *    every phone of that user; SmartPBX's `mainUserCallflow` first;
 * 3. the device's own internal caller ID number, where its document was read or this app wrote it;
 * 4. the owner's presence ID, when it is a short run of digits (by KAZOO convention the user's
 *    extension, and the users list carries it).
 *
 * Callflows come from one listing of the account, so every device has its extension without a
 * request per device. Of a callflow's numbers, the first that is not E.164 (a DID) is the
 * extension; a callflow of DIDs only gives its first.
 */
import type { ExtensionSource } from '../../common/devices-view';
import type { Callflow } from '../api/callflows';
import type { UserSummary } from '../api/users';

export interface Extension {
  extension: string | null;
  extensionSource: ExtensionSource | null;
}

const NONE: Extension = { extension: null, extensionSource: null };

/** A presence ID names an extension when it is a short run of digits, alone or before "@realm". */
export const extensionOfPresence = (presenceId: string | null | undefined): string | null => {
  const local = presenceId?.split('@')[0] ?? '';
  return /^\d{1,10}$/.test(local) ? local : null;
};

const extensionOfCallflow = (callflow: Callflow): string | null =>
  callflow.numbers.find((number) => !number.startsWith('+')) ?? callflow.numbers[0] ?? null;

type Chosen = Map<string, { number: string; main: boolean }>;

const choose = (chosen: Chosen, target: string, number: string, main: boolean) => {
  const previous = chosen.get(target);
  if (!previous || (main && !previous.main)) chosen.set(target, { number, main });
};

const numbersOf = (chosen: Chosen): Map<string, string> => new Map([...chosen].map(([target, { number }]) => [target, number]));

/**
 * Per device and per user, the number of the callflow that wins for it, in one pass over the
 * callflows in id order (whatever order they were listed in, so the choice is stable).
 */
function numbersByTarget(callflows: readonly Callflow[]): { byDevice: Map<string, string>; byUser: Map<string, string> } {
  const devices: Chosen = new Map();
  const users: Chosen = new Map();
  const sorted = [...callflows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const callflow of sorted) {
    const number = extensionOfCallflow(callflow);
    if (number === null) continue;
    const main = callflow.type === 'mainUserCallflow';
    const { target, ownerId } = callflow;
    if (target?.module === 'device' && target.id) choose(devices, target.id, number, main);
    if (target?.module === 'user' && target.id) choose(users, target.id, number, main);
    if (ownerId) choose(users, ownerId, number, main);
  }
  return { byDevice: numbersOf(devices), byUser: numbersOf(users) };
}

/** `ownNumber`: the device's own internal caller ID number, where its document was read or this app wrote it. */
export type ExtensionOf = (device: { id: string; ownerId: string | null }, ownNumber: string | undefined) => Extension;

/** Indexes the account's callflows and users once; the answer is then a few map lookups per device. */
export function extensionResolver(callflows: readonly Callflow[], users: readonly UserSummary[]): ExtensionOf {
  const { byDevice, byUser } = numbersByTarget(callflows);
  const presence = new Map(users.map((user) => [user.id, extensionOfPresence(user.presenceId)]));
  return (device, ownNumber) => {
    const ringsDevice = byDevice.get(device.id);
    if (ringsDevice) return { extension: ringsDevice, extensionSource: 'device_callflow' };
    const ringsOwner = device.ownerId ? byUser.get(device.ownerId) : undefined;
    if (ringsOwner) return { extension: ringsOwner, extensionSource: 'owner_callflow' };
    if (ownNumber) return { extension: ownNumber, extensionSource: 'device' };
    const owners = device.ownerId ? presence.get(device.ownerId) : null;
    return owners ? { extension: owners, extensionSource: 'owner' } : NONE;
  };
}
