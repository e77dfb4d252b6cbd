import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { useRemInPixels } from './useRemInPixels';

/** The height of a virtual table's row, in rem so it follows the user's font size. */
export const VIRTUAL_ROW_REM = 2.5;

/** Renders only the rows of a scrolling table that are in view (and `overscan` more either side). */
export function useVirtualRows(count: number, overscan: number) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const rowHeightPx = VIRTUAL_ROW_REM * useRemInPixels();
  // No React Compiler runs here, so nothing memoises the virtualiser's functions; it re-renders through its own state.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeightPx,
    overscan,
  });
  return { scrollRef, virtualizer, rowHeightPx };
}

export type VirtualRows = ReturnType<typeof useVirtualRows>;
