import type { ReactNode } from 'react';
import './StepNav.css';

/** Back on the left, the way forward on the right, in the same place on every step. */
export function StepNav({ back, next, note }: { back?: ReactNode; next?: ReactNode; note?: ReactNode }) {
  return (
    <div className="step-nav">
      <div className="step-nav__back">{back}</div>
      <div className="step-nav__next">
        {note ? <p className="step-nav__note">{note}</p> : null}
        {next}
      </div>
    </div>
  );
}
