/** A mailbox as KAZOO's uniqueness check reads it: an integer, or null for one that is not (KAZOO never finds those taken). */
export const mailboxNumber = (mailbox: string): number | null => (/^\d+$/.test(mailbox) ? Number.parseInt(mailbox, 10) : null);
