const isHexDigit = (code: number): boolean => (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);

const WHITESPACE = /\s/;

/** The colons, dashes, dots and spaces MACs are written with (any whitespace, as trimming allows). */
const isMacSeparator = (code: number): boolean =>
  code === 58 || code === 45 || code === 46 || code === 32 || WHITESPACE.test(String.fromCharCode(code));

/**
 * MAC addresses the way KAZOO stores them: 12 lowercase hex digits, every separator stripped
 * (KAZOO's cleanse_mac_address, mirrored by the sandbox's `cleanseMac`). Technicians type them
 * in any notation: 00:15:65:AB:CD:EF, 00-15-65-ab-cd-ef, 0015.65ab.cdef, 001565ABCDEF.
 */
export function normalizeMac(raw: string): string | null {
  // One pass over the characters, no patterns: a 100,000-row file checks every MAC three times.
  let hex = '';
  let from = 0;
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (isHexDigit(code)) continue;
    if (!isMacSeparator(code)) return null;
    hex += raw.slice(from, i);
    from = i + 1;
  }
  hex = from === 0 ? raw : hex + raw.slice(from);
  return hex.length === 12 ? hex.toLowerCase() : null;
}

/**
 * The MAC normalizeMac reads, as the number its 12 hex digits make (48 bits: a double holds it
 * exactly), or null where normalizeMac gives null. Checking and comparing every MAC of a
 * 100,000-row file this way makes no string at all.
 */
export function macNumber(raw: string): number | null {
  let value = 0;
  let digits = 0;
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (isHexDigit(code)) {
      // 0-9, then A-F and a-f: (code & 0x4f) folds case, and letters land on 10-15.
      value = value * 16 + (code <= 57 ? code - 48 : (code & 0x4f) - 55);
      digits += 1;
    } else if (!isMacSeparator(code)) return null;
  }
  return digits === 12 ? value : null;
}

/** The colon notation printed on phone labels, for display. */
export function formatMac(stored: string): string {
  return /^[0-9a-f]{12}$/.test(stored) ? (stored.match(/../g) ?? []).join(':') : stored;
}
