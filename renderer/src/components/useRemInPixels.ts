import { useState } from 'react';

/**
 * The root font size in pixels. Row heights are set in rem so they follow the user's font size;
 * the virtualiser needs them in pixels. Read once per mount: font size settings rarely change mid-task.
 */
export function useRemInPixels(): number {
  const [rem] = useState(() => parseFloat(getComputedStyle(document.documentElement).fontSize) || 16);
  return rem;
}
