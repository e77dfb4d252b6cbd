import { useLayoutEffect } from 'react';

const TITLE_ID = 'page-title';

/**
 * For a stand-in page (loading, or failed to load) with its own heading: a section switch or Retry
 * focuses the heading, and the page replacing the stand-in in the same commit has a heading of its
 * own, which takes the focus over rather than leaving it on nothing.
 */
export function useTitleFocusHandOver(): void {
  useLayoutEffect(
    () => () => {
      if (document.activeElement?.id !== TITLE_ID) return;
      queueMicrotask(() => document.getElementById(TITLE_ID)?.focus());
    },
    [],
  );
}

/** Moves the focus to the page's heading, e.g. before the control that had it goes away. */
export function focusPageTitle(): void {
  document.getElementById(TITLE_ID)?.focus();
}
