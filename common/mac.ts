/**
 * MAC addresses the way KAZOO stores them: 12 lowercase hex digits, every separator stripped
 * (KAZOO's cleanse_mac_address, mirrored by the sandbox's `cleanseMac`). Technicians type them
 * in any notation: 00:15:65:AB:CD:EF, 00-15-65-ab-cd-ef, 0015.65ab.cdef, 001565ABCDEF.
 */
export function normalizeMac(raw: string): string | null {
  const trimmed = raw.trim();
  if (!/^[0-9A-Fa-f:.\-\s]+$/.test(trimmed)) return null;
  const hex = trimmed.replace(/[^0-9A-Fa-f]/g, '').toLowerCase();
  return hex.length === 12 ? hex : null;
}

/** The colon notation printed on phone labels, for display. */
export function formatMac(stored: string): string {
  return /^[0-9a-f]{12}$/.test(stored) ? (stored.match(/../g) ?? []).join(':') : stored;
}
