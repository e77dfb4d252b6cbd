/**
 * The fields of KAZOO documents that hold a secret: a device's SIP password, a user's portal
 * password, a voicemail box's PIN. Journals seal them, the audit log and undo plans say "changed".
 */
export const SECRET_FIELD_PATHS: readonly string[] = ['sip.password', 'password', 'pin'];

export const isSecretFieldPath = (path: string): boolean => SECRET_FIELD_PATHS.includes(path);
