import './Kbd.css';

/** A key or key combination as the user's platform writes it, e.g. "Ctrl+2" or "⌘2". */
export function Kbd({ keys, className }: { keys: string; className?: string }) {
  return <kbd className={['kbd', className].filter(Boolean).join(' ')}>{keys}</kbd>;
}
