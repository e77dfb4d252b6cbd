import type { MouseEvent } from 'react';
import './SkipLink.css';

/**
 * The first tab stop: jumps past the top bar and rail to the page. Focus is moved by script
 * rather than by following "#id", so the app never navigates (Electron blocks navigation).
 */
export function SkipLink({ targetId, children }: { targetId: string; children: string }) {
  const skip = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    document.getElementById(targetId)?.focus();
  };
  return (
    <a className="skip-link" href={`#${targetId}`} onClick={skip}>
      {children}
    </a>
  );
}
