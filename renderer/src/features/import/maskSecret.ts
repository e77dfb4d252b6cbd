/** A password shown as dots, one per character up to a dozen, so its length can still be judged. */
export const maskSecret = (value: string) => '•'.repeat(Math.min(value.length, 12));
