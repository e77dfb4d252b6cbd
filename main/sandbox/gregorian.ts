/** KAZOO stores times as Gregorian seconds (seconds since year 0). */
const GREGORIAN_OFFSET = 62167219200;

export function gregorianSeconds(ms: number): number {
  return Math.floor(ms / 1000) + GREGORIAN_OFFSET;
}
