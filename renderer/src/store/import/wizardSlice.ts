import type { ImportSlice } from './importSlice';

/** The wizard's steps in order; the step indicator and Back/Next follow it. */
export const importSteps = ['file', 'columns', 'check', 'plan', 'run', 'results'] as const;
export type ImportStepId = (typeof importSteps)[number];

export interface WizardSlice {
  step: ImportStepId;
  goTo: (step: ImportStepId) => void;
}

/** Which step of the wizard is shown; the other slices move it on as their work finishes. */
export const createWizardSlice: ImportSlice<WizardSlice> = () => (set) => ({
  step: 'file',
  goTo: (step) => set({ step }),
});
