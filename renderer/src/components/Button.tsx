import type { ButtonHTMLAttributes, ReactNode, Ref } from 'react';
import { SpinnerIcon } from './Icon';
import './Button.css';

/** `danger` only for the button that confirms something irreversible, never for the way into it. */
export type ButtonVariant = 'primary' | 'secondary' | 'ghost' | 'danger';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: 'md' | 'sm';
  /** Shown before the label; decorative, the label names the button. */
  icon?: ReactNode;
  ref?: Ref<HTMLButtonElement>;
  /**
   * Working on what it started: shows a spinner and ignores clicks, but stays focusable. A
   * disabled button would throw keyboard focus back to the top of the page.
   */
  busy?: boolean;
}

/** The one button. Defaults to type="button" so no button ever submits a form by accident. */
export function Button({
  variant = 'secondary',
  size = 'md',
  icon,
  busy = false,
  className,
  children,
  type = 'button',
  onClick,
  ...rest
}: ButtonProps) {
  return (
    <button
      type={type}
      className={['button', `button--${variant}`, `button--${size}`, className].filter(Boolean).join(' ')}
      aria-disabled={busy || undefined}
      // preventDefault also stops a busy submit button from submitting its form again.
      onClick={busy ? (event) => event.preventDefault() : onClick}
      {...rest}
    >
      {busy ? <SpinnerIcon /> : icon}
      {children ? <span className="button__label">{children}</span> : null}
    </button>
  );
}
