import { useId, type SelectHTMLAttributes } from 'react';
import './SelectField.css';

export interface SelectOption<T extends string> {
  value: T;
  label: string;
}

export interface SelectFieldProps<T extends string> extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'value' | 'onChange'> {
  label: string;
  /** Shown only to screen readers when the layout already says what the select is, e.g. a table row. */
  hideLabel?: boolean;
  options: readonly SelectOption<T>[];
  value: T;
  onChange: (value: T) => void;
}

/** A labelled native select: the platform's own list, keyboard and screen reader handling. */
export function SelectField<T extends string>({
  label,
  hideLabel = false,
  options,
  value,
  onChange,
  className,
  ...select
}: SelectFieldProps<T>) {
  const id = useId();
  return (
    <div className={['select-field', className].filter(Boolean).join(' ')}>
      <label className={hideLabel ? 'visually-hidden' : 'select-field__label'} htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        className="select-field__select"
        value={value}
        onChange={(event) => {
          const chosen = options.find((option) => option.value === event.target.value);
          if (chosen) onChange(chosen.value);
        }}
        {...select}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
