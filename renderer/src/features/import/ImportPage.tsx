import { useEffect, useRef } from 'react';
import { Page } from '../../components/Page';
import { undecidedSecretColumns } from '../../store/import/draftSlice';
import { settledStates } from '../../store/import/runSlice';
import type { ImportStepId } from '../../store/import/wizardSlice';
import { useImport } from '../../store/StoresContext';
import { CheckStep } from './CheckStep';
import { ColumnsStep } from './ColumnsStep';
import { FileStep } from './FileStep';
import { ImportSteps } from './ImportSteps';
import { PlanStep } from './PlanStep';
import { ResultsStep } from './ResultsStep';
import { RunStep } from './RunStep';
import { STEP_HEADING_ID } from './StepHeading';
import { UndoDialog } from './UndoDialog';

/** The import wizard: file, columns, check and fix, plan, run, results. */
export function ImportPage() {
  const step = useImport((state) => state.step);
  const draft = useImport((state) => state.draft);
  const batch = useImport((state) => state.batch);
  const results = useImport((state) => state.results);
  const goTo = useImport((state) => state.goTo);
  const leftOut = useImport((state) => state.leftOut);
  const refreshBatches = useImport((state) => state.refreshBatches);

  useEffect(() => {
    void refreshBatches();
  }, [refreshBatches]);

  // A new step replaces the content under the keyboard; its heading takes focus so nobody is left on nothing.
  const shownStep = useRef(step);
  useEffect(() => {
    if (shownStep.current === step) return;
    shownStep.current = step;
    document.getElementById(STEP_HEADING_ID)?.focus();
  }, [step]);

  const reachable = new Set<ImportStepId>(['file']);
  if (draft) reachable.add('columns');
  if (draft && undecidedSecretColumns(draft, leftOut).length === 0) for (const id of ['check', 'plan'] as const) reachable.add(id);
  if (batch) reachable.add('run');
  if ((batch && settledStates.has(batch.state)) || results.status !== 'idle') reachable.add('results');

  // A step whose draft is gone (Start over) falls back to the file step.
  const showing: ImportStepId = (step === 'columns' || step === 'check' || step === 'plan') && !draft ? 'file' : step;

  return (
    <Page
      title="Import"
      description="Add many phones at once from a spreadsheet. Nothing is sent until you have checked every row."
      // The grid of rows takes the whole window: on a wide screen every column fits without scrolling.
      wide={showing === 'check'}
    >
      <ImportSteps current={showing} reachable={reachable} onGo={goTo} />
      {showing === 'file' ? <FileStep /> : null}
      {showing === 'columns' && draft ? <ColumnsStep draft={draft} /> : null}
      {showing === 'check' && draft ? <CheckStep draft={draft} /> : null}
      {showing === 'plan' && draft ? <PlanStep key={draft.id} draft={draft} /> : null}
      {showing === 'run' ? <RunStep /> : null}
      {showing === 'results' ? <ResultsStep /> : null}
      <UndoDialog />
    </Page>
  );
}
