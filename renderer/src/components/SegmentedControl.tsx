import { useId } from 'react';
import { ErrorCircleIcon } from './Icon';
import './SegmentedControl.css';

export interface SegmentedOption<T extends string> {
  value: T;
  label: string;
}

export interface SegmentedControlProps<T extends string> {
  legend: string;
  options: readonly SegmentedOption<T>[];
  value: T;
  onChange: (value: T) => void;
  error?: string;
}

/**
 * One choice out of a few, all visible at once. Real radio inputs underneath, so arrow keys,
 * form submission with Enter and screen readers work as they do everywhere else.
 */
export function SegmentedControl<T extends string>({ legend, options, value, onChange, error }: SegmentedControlProps<T>) {
  const name = useId();
  const errorId = `${name}-error`;
  return (
    <fieldset className="segmented" aria-describedby={error ? errorId : undefined}>
      <legend className="segmented__legend">{legend}</legend>
      <div className="segmented__options">
        {options.map((option) => (
          <label key={option.value} className="segmented__option">
            <input
              type="radio"
              className="segmented__input"
              name={name}
              value={option.value}
              checked={option.value === value}
              onChange={() => onChange(option.value)}
            />
            <span className="segmented__mark" aria-hidden="true" />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
      {error ? (
        <p id={errorId} className="segmented__error">
          <ErrorCircleIcon size="sm" />
          <span>{error}</span>
        </p>
      ) : null}
    </fieldset>
  );
}
