import type { ReactNode } from 'react';
import './StepHeading.css';

/** Where focus lands when the wizard moves to another step, so a screen reader says where it is. */
export const STEP_HEADING_ID = 'import-step-title';

/** The current step's heading, with what the step is for. */
export function StepHeading({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="step-heading">
      <h2 id={STEP_HEADING_ID} className="step-heading__title" tabIndex={-1}>
        {title}
      </h2>
      {children ? <p className="step-heading__lead">{children}</p> : null}
    </div>
  );
}
