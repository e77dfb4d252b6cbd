/**
 * SIP credentials for rows that leave them empty. Passwords avoid characters that look alike
 * (0/O, 1/l/I) because technicians read them off a report and key them into a phone's web page.
 */
const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const USERNAME_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** 20 characters of a 57-letter alphabet: about 117 bits, inside KAZOO's 5..32. */
export const GENERATED_PASSWORD_LENGTH = 20;
/** Monster UI's form: `user_` and 10 lowercase letters and digits, 15 characters, inside KAZOO's 2..32. */
const USERNAME_PREFIX = 'user_';
const USERNAME_RANDOM_LENGTH = 10;

/**
 * `length` characters drawn uniformly from `alphabet`. Bytes at or above the largest multiple
 * of the alphabet's size are thrown away, so `byte % size` favours no character.
 */
export function randomString(alphabet: string, length: number): string {
  const size = alphabet.length;
  const limit = 256 - (256 % size);
  const out: string[] = [];
  // getRandomValues serves at most 64 KiB per call.
  const bytes = new Uint8Array(Math.min(length * 2, 4096));
  while (out.length < length) {
    globalThis.crypto.getRandomValues(bytes);
    for (const byte of bytes) {
      if (byte >= limit) continue;
      out.push(alphabet[byte % size] as string);
      if (out.length === length) break;
    }
  }
  return out.join('');
}

export const generateSipPassword = (length = GENERATED_PASSWORD_LENGTH): string => randomString(PASSWORD_ALPHABET, length);

/**
 * A SIP username no device has yet. `taken` holds the usernames in use (in the account and in
 * the file), lowercased, since the server compares them without case; add the result to it
 * before asking for the next one.
 */
export function generateSipUsername(taken: ReadonlySet<string>): string {
  for (;;) {
    const username = USERNAME_PREFIX + randomString(USERNAME_ALPHABET, USERNAME_RANDOM_LENGTH);
    if (!taken.has(username)) return username;
  }
}

/** The `taken` set for `generateSipUsername` from usernames as written. */
export const takenUsernames = (usernames: Iterable<string>): Set<string> => new Set([...usernames].map((name) => name.toLowerCase()));

/** Six digits: the most KAZOO's voicemail boxes take by default (4..6), and a million to guess from. */
const VOICEMAIL_PIN_LENGTH = 6;

/** The same digit over and over, or a run up or down (1234, 987654): the first PINs anyone tries. */
export function isTrivialPin(pin: string): boolean {
  const digits = [...pin].map(Number);
  const steps = new Set(digits.slice(1).map((digit, index) => digit - (digits[index] as number)));
  return steps.size === 1 && [0, 1, -1].includes([...steps][0] as number);
}

/** A voicemail PIN where the sheet has none: not trivial, and not the box's own number. */
export function generateVoicemailPin(mailbox: string | null = null): string {
  for (;;) {
    const pin = randomString('0123456789', VOICEMAIL_PIN_LENGTH);
    if (!isTrivialPin(pin) && pin !== mailbox) return pin;
  }
}
