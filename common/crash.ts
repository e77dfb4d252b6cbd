/** What the window shows after main caught a crash: a calm sentence, and details to copy for support (redacted). */
export interface CrashReport {
  at: string;
  /** The error's own message, redacted: one line. */
  message: string;
  /** Version, time, kind and stack, redacted: what "Copy details" puts on the clipboard. */
  details: string;
}
