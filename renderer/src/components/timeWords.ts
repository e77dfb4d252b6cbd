/** A span of time as a technician says it: "42 s", "3 min 20 s", "2 h 5 min", "3 days". */
export function spanWords(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds < 600 && seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h ${minutes % 60} min` : `${Math.floor(hours / 24)} days`;
}

/** "12 s ago", "3 min ago"; "just now" for the last few seconds; to the minute after ten minutes. */
export function agoWords(iso: string, now: number): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 5) return 'just now';
  if (seconds < 600) return `${spanWords(seconds)} ago`;
  return `${spanWords(Math.round(seconds / 60) * 60)} ago`;
}
