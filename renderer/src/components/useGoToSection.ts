import { useCallback } from 'react';
import { flushSync } from 'react-dom';
import type { SectionId } from '../store/createNavigationStore';
import { useNavigation } from '../store/StoresContext';

/**
 * Switches section from a shortcut or a button inside the old page. The old page's element that
 * had the focus is gone, so the new heading takes it, which also tells a screen reader where it landed.
 */
export function useGoToSection(): (section: SectionId) => void {
  const go = useNavigation((state) => state.go);
  return useCallback(
    (section: SectionId) => {
      flushSync(() => go(section));
      document.getElementById('page-title')?.focus();
    },
    [go],
  );
}
