import type { DeviceOwner } from '../../common/devices-view';
import type { UserSummary } from '../api/users';

/** How a user is named in owner pickers and in the list's owner column. */
export function ownerOf(user: UserSummary): DeviceOwner {
  const full = `${user.firstName} ${user.lastName}`.trim();
  return { id: user.id, name: full || user.username || user.email || user.id, username: user.username, email: user.email };
}

/** The owner cell of an export: what the import resolves back to the same user (username, else email, else id). */
export const ownerCell = (user: DeviceOwner | undefined, ownerId: string | null): string =>
  ownerId === null ? '' : (user?.username ?? user?.email ?? ownerId);
