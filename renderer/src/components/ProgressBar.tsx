import './ProgressBar.css';

export interface ProgressBarProps {
  /** What is progressing, for screen readers; the visible words sit next to the bar. */
  label: string;
  value: number;
  max: number;
  className?: string;
}

/** A native <progress>: screen readers announce its value without any help. */
export function ProgressBar({ label, value, max, className }: ProgressBarProps) {
  return (
    <progress className={['progress-bar', className].filter(Boolean).join(' ')} aria-label={label} value={value} max={Math.max(max, 1)} />
  );
}
