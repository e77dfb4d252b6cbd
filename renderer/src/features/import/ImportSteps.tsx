import { CheckCircleIcon } from '../../components/Icon';
import { importSteps, type ImportStepId } from '../../store/import/wizardSlice';
import './ImportSteps.css';

const stepLabels: Record<ImportStepId, string> = {
  file: 'File',
  columns: 'Columns',
  check: 'Check & fix',
  plan: 'Plan',
  run: 'Run',
  results: 'Results',
};

export interface ImportStepsProps {
  current: ImportStepId;
  /** Steps there is something to show for; the others cannot be chosen yet. */
  reachable: ReadonlySet<ImportStepId>;
  onGo: (step: ImportStepId) => void;
}

/** Where the technician is in the import, and the way back to any step already reached. */
export function ImportSteps({ current, reachable, onGo }: ImportStepsProps) {
  const currentIndex = importSteps.indexOf(current);
  return (
    <nav aria-label="Import steps">
      <ol className="import-steps">
        {importSteps.map((step, index) => {
          const label = stepLabels[step];
          const isCurrent = step === current;
          const passed = index < currentIndex;
          const canGo = !isCurrent && reachable.has(step);
          const content = (
            <>
              <span className="import-steps__number" aria-hidden="true">
                {passed ? <CheckCircleIcon size="sm" /> : index + 1}
              </span>
              <span className="import-steps__label">{label}</span>
              <span className="visually-hidden">{`, step ${index + 1} of ${importSteps.length}${passed ? ', done' : ''}`}</span>
            </>
          );
          return (
            <li
              key={step}
              className={['import-steps__step', passed && 'import-steps__step--passed', !canGo && !isCurrent && 'import-steps__step--later']
                .filter(Boolean)
                .join(' ')}
              aria-current={isCurrent ? 'step' : undefined}
            >
              {canGo ? (
                <button type="button" className="import-steps__button" onClick={() => onGo(step)}>
                  {content}
                </button>
              ) : (
                <span className="import-steps__button">{content}</span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
