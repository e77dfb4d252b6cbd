import { useState } from 'react';
import type { ConnectionView } from '../../../../common/connections';
import { Dialog } from '../../components/Dialog';
import { ConnectionForm } from './ConnectionForm';
import { emptyValues, valuesOf } from './connectionFormValues';
import { SavedStep } from './SavedStep';

export interface ConnectionDialogRequest {
  /** The connection to edit; none to add one. */
  editing?: ConnectionView;
  focus: 'name' | 'secret';
}

export interface ConnectionDialogProps {
  /** What to open the dialog for; null keeps it closed. Mount a fresh one (new key) per opening. */
  request: ConnectionDialogRequest | null;
  onSaved: (connection: ConnectionView) => void;
  onClose: () => void;
}

type Step = { step: 'form'; editing?: ConnectionView; focus: 'name' | 'secret' } | { step: 'saved'; connection: ConnectionView };

/**
 * Add or edit a connection, then see at once whether it works: saving runs Test, and a failed
 * Test leads straight back to the details to fix them.
 */
export function ConnectionDialog({ request, onSaved, onClose }: ConnectionDialogProps) {
  const [step, setStep] = useState<Step>({ step: 'form', editing: request?.editing, focus: request?.focus ?? 'name' });

  const title = step.step === 'saved' ? 'Connection saved' : step.editing ? `Edit ${step.editing.name}` : 'Add connection';
  return (
    <Dialog open={request !== null} onClose={onClose} title={title}>
      {step.step === 'form' ? (
        <ConnectionForm
          initial={step.editing ? valuesOf(step.editing) : emptyValues}
          editing={step.editing}
          focus={step.focus}
          onCancel={onClose}
          onSaved={(connection) => {
            onSaved(connection);
            setStep({ step: 'saved', connection });
          }}
        />
      ) : (
        <SavedStep
          connectionId={step.connection.id}
          onChangeDetails={(connection) => setStep({ step: 'form', editing: connection, focus: 'name' })}
          onDone={onClose}
        />
      )}
    </Dialog>
  );
}
