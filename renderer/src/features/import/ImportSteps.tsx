import './ImportSteps.css';

const steps = ['Choose a file', 'Match columns', 'Check rows', 'Import'] as const;

/** Where the technician is in the import, so the wizard's length is known before it starts. */
export function ImportSteps({ current }: { current: number }) {
  return (
    <ol className="import-steps" aria-label="Import steps">
      {steps.map((label, index) => (
        <li key={label} className="import-steps__step" aria-current={index === current ? 'step' : undefined}>
          <span className="import-steps__number" aria-hidden="true">
            {index + 1}
          </span>
          <span className="import-steps__label">{label}</span>
        </li>
      ))}
    </ol>
  );
}
