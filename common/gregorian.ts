/** KAZOO stores times as Gregorian seconds: seconds since year 0, where Unix counts from 1970. */
const UNIX_EPOCH_IN_GREGORIAN_SECONDS = 62_167_219_200;

export function gregorianSeconds(ms: number): number {
  return Math.floor(ms / 1000) + UNIX_EPOCH_IN_GREGORIAN_SECONDS;
}

export function gregorianToMs(seconds: number): number {
  return (seconds - UNIX_EPOCH_IN_GREGORIAN_SECONDS) * 1000;
}
