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
  /** Called with an index inside the list. */
  move: (index: number) => void;
}): Record<string, () => void> {
  const { activeIndex, count, viewport, rowHeightPx } = options;
  const move = (index: number) => {
    if (count > 0) options.move(Math.max(0, Math.min(count - 1, index)));
  };
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
