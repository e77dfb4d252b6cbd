/**
 * The documents a rollout sends for one person, as SmartPBX and Audian's CSV onboarding send them
 * (KAZOO 4.3): the user carries the extension as its presence ID and internal caller ID in its
 * create, the voicemail box and the callflow name the user, and the callflow rings the user, then
 * falls through to the box. Every id is chosen here, so a create sent twice never makes two.
 */

/** A person's name as KAZOO shows it: "First Last". */
const personName = (firstName: string, lastName: string): string => `${firstName} ${lastName}`.trim();

/** SmartPBX cuts the internal caller ID name to 15 characters, what a phone's display line holds. */
const CALLER_ID_NAME_LENGTH = 15;

export function userDocument(user: {
  id: string;
  firstName: string;
  lastName: string;
  /** Null for a person the sheet names by neither email nor username: the user is made without a login. */
  username: string | null;
  password: string | null;
  email: string | null;
  extension: string | null;
}): Record<string, unknown> {
  const name = personName(user.firstName, user.lastName);
  return {
    id: user.id,
    first_name: user.firstName,
    last_name: user.lastName,
    ...(user.username && user.password ? { username: user.username, password: user.password } : {}),
    ...(user.email ? { email: user.email } : {}),
    ...(user.extension
      ? {
          caller_id: { internal: { name: name.slice(0, CALLER_ID_NAME_LENGTH), number: user.extension } },
          presence_id: user.extension,
        }
      : {}),
    // The welcome e-mail (`send_email_on_creation`) is the batch's choice, added as the user is sent.
    priv_level: 'user',
  };
}

export function vmboxDocument(box: { id: string; mailbox: string; owner: string; ownerId: string; pin: string }): Record<string, unknown> {
  return { id: box.id, mailbox: box.mailbox, name: `${box.owner}'s VMBox`, owner_id: box.ownerId, pin: box.pin };
}

/**
 * The person's main callflow: `type` and `owner_id` are how SmartPBX finds a user's extension. The
 * voicemail child exists only with a box to fall through to.
 */
export function callflowDocument(callflow: {
  id: string;
  owner: string;
  extension: string;
  userId: string;
  vmboxId: string | null;
}): Record<string, unknown> {
  return {
    id: callflow.id,
    name: `${callflow.owner} SmartPBX's Callflow`,
    numbers: [callflow.extension],
    owner_id: callflow.userId,
    type: 'mainUserCallflow',
    contact_list: { exclude: false },
    flow: {
      module: 'user',
      data: { id: callflow.userId, can_call_self: false, timeout: 20 },
      children: callflow.vmboxId ? { _: { module: 'voicemail', data: { id: callflow.vmboxId }, children: {} } } : {},
    },
  };
}
