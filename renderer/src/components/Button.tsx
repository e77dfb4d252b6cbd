import type { ButtonHTMLAttributes, ReactNode, Ref } from 'react';
import './Button.css';

export type ButtonVariant = 'primary' | 'secondary' | 'ghost';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: 'md' | 'sm';
  /** Shown before the label; decorative, the label names the button. */
  icon?: ReactNode;
  ref?: Ref<HTMLButtonElement>;
}

/** The one button. Defaults to type="button" so no button ever submits a form by accident. */
export function Button({ variant = 'secondary', size = 'md', icon, className, children, type = 'button', ...rest }: ButtonProps) {
  return (
    <button type={type} className={['button', `button--${variant}`, `button--${size}`, className].filter(Boolean).join(' ')} {...rest}>
      {icon}
      {children ? <span className="button__label">{children}</span> : null}
    </button>
  );
}
