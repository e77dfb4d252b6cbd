/**
 * The keys that move the active row of a virtualised grid or list, as a desktop table answers
 * them: arrows by one, Page Up/Down by what fits on screen, Home/End to the ends.
 */
export function rowMovementKeys(options: {
  activeIndex: number;
  count: number;
  /** The scrolling element, to know how many rows a page is. */
  viewport: HTMLElement | null;
  rowHeightPx: number;
  move: (index: number) => void;
}): Record<string, () => void> {
  const { activeIndex, count, viewport, rowHeightPx, move } = options;
  const page = Math.max(1, Math.floor((viewport?.clientHeight ?? 400) / rowHeightPx) - 1);
  return {
    ArrowDown: () => move(activeIndex + 1),
    ArrowUp: () => move(activeIndex < 0 ? 0 : activeIndex - 1),
    PageDown: () => move(activeIndex + page),
    PageUp: () => move(activeIndex - page),
    Home: () => move(0),
    End: () => move(count - 1),
  };
}
