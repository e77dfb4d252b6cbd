import { useEffect, useState } from 'react';

/** The clock, ticking every `everyMs`, so times shown relative to now stay true between polls. */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
