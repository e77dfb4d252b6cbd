import { useId, type FocusEvent, type KeyboardEvent } from 'react';
import { rowMovementKeys } from './rowMovementKeys';
import type { VirtualRows } from './useVirtualRows';

export interface ActiveRowOptions<T> {
  items: readonly T[];
  keyOf: (item: T) => string;
  activeId: string | null;
  onActivate: (id: string) => void;
  rows: VirtualRows;
}

/**
 * The active row of a virtual ARIA grid: the grid keeps the focus and points at the row with
 * aria-activedescendant, the keys of rowMovementKeys move it, and focusing the grid activates
 * the first row when none is.
 */
export function useActiveRow<T>({ items, keyOf, activeId, onActivate, rows }: ActiveRowOptions<T>) {
  const idBase = useId();
  const activeIndex = activeId === null ? -1 : items.findIndex((item) => keyOf(item) === activeId);
  const rowId = (id: string) => `${idBase}-row-${id}`;

  const move = (index: number) => {
    const target = items[index];
    if (!target) return;
    onActivate(keyOf(target));
    rows.virtualizer.scrollToIndex(index, { align: 'auto' });
  };

  /** Built when a key is pressed: a page is as many rows as fit in the table at that moment. */
  const movementKeys = () =>
    rowMovementKeys({ activeIndex, count: items.length, viewport: rows.scrollRef.current, rowHeightPx: rows.rowHeightPx, move });

  /** The key handler of a grid whose only keys are the movement keys. */
  const onMovementKey = (event: KeyboardEvent<HTMLElement>) => {
    const action = movementKeys()[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  };

  const gridProps = {
    tabIndex: 0,
    'aria-activedescendant': activeIndex >= 0 && activeId ? rowId(activeId) : undefined,
    onFocus: (event: FocusEvent<HTMLElement>) => {
      const first = items[0];
      if (event.target === event.currentTarget && activeIndex < 0 && first) onActivate(keyOf(first));
    },
  };

  return { activeIndex, rowId, move, movementKeys, onMovementKey, gridProps };
}
