import { useId, type InputHTMLAttributes, type ReactNode, type Ref } from 'react';
import { ErrorCircleIcon } from './Icon';
import './TextField.css';

export interface TextFieldProps extends Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'id' | 'children' | 'aria-invalid' | 'aria-describedby'
> {
  label: string;
  /** What to enter or where to find it; stays visible while typing, unlike a placeholder. */
  hint?: ReactNode;
  /** What is wrong and how to fix it; marks the input invalid. */
  error?: string;
  /** For identifiers and addresses, where telling 0 from O and l from 1 matters. */
  mono?: boolean;
  ref?: Ref<HTMLInputElement>;
}

/** A labelled text input with its hint and error tied to it for screen readers. */
export function TextField({ label, hint, error, mono = false, className, ref, ...input }: TextFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={['text-field', className].filter(Boolean).join(' ')}>
      <label className="text-field__label" htmlFor={id}>
        {label}
      </label>
      <input
        ref={ref}
        id={id}
        className={['text-field__input', mono && 'text-field__input--mono'].filter(Boolean).join(' ')}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...input}
      />
      {error ? (
        <p id={errorId} className="text-field__error">
          <ErrorCircleIcon size="sm" />
          <span>{error}</span>
        </p>
      ) : null}
      {hint ? (
        <p id={hintId} className="text-field__hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
