import { useEffect } from 'react';
import { sectionIds, type SectionId } from '../store/createNavigationStore';

/**
 * Ctrl+1..5 (⌘1..5 on a Mac) switch sections from anywhere except an open dialog, which owns the
 * keyboard until it closes. Matched on the physical key so it also works on layouts where the
 * digits need Shift (AZERTY).
 */
export function useSectionShortcuts(onSection: (section: SectionId) => void) {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey || event.defaultPrevented) return;
      if (event.target instanceof Element && event.target.closest('dialog[open]')) return;
      const digit = /^(?:Digit|Numpad)([1-9])$/.exec(event.code)?.[1];
      const section = digit ? sectionIds[Number(digit) - 1] : undefined;
      if (!section) return;
      event.preventDefault();
      onSection(section);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [onSection]);
}
