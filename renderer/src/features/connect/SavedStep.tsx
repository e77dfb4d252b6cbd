import { useEffect, useRef } from 'react';
import type { ConnectionView } from '../../../../common/connections';
import { Button } from '../../components/Button';
import { useConnections } from '../../store/StoresContext';
import { CheckOutcome } from './CheckOutcome';
import './SavedStep.css';

export interface SavedStepProps {
  connectionId: string;
  onChangeDetails: (connection: ConnectionView) => void;
  onDone: () => void;
}

/** Right after saving: the connection is tested at once, so a typo in the key shows now, not on site later. */
export function SavedStep({ connectionId, onChangeDetails, onDone }: SavedStepProps) {
  const connection = useConnections((state) => state.overview?.connections.find((candidate) => candidate.id === connectionId));
  const isActive = useConnections((state) => state.overview?.activeId === connectionId);
  const check = useConnections((state) => state.checks[connectionId]);
  const runCheck = useConnections((state) => state.check);
  const activate = useConnections((state) => state.activate);
  const activating = useConnections((state) => state.activation.status === 'running' && state.activation.id === connectionId);
  const doneRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    void runCheck(connectionId);
  }, [runCheck, connectionId]);

  useEffect(() => {
    doneRef.current?.focus();
  }, []);

  // The button goes away once the connection is in use; Done is the natural next step.
  const use = async () => {
    if (await activate(connectionId)) doneRef.current?.focus();
  };

  if (!connection) {
    return (
      <div className="saved-step">
        <p>This connection has been removed in the meantime.</p>
        <div className="saved-step__actions">
          <Button ref={doneRef} variant="primary" onClick={onDone}>
            Done
          </Button>
        </div>
      </div>
    );
  }

  const failed = check?.status === 'failed';
  return (
    <div className="saved-step">
      <p className="saved-step__lead">
        <strong>{connection.name}</strong> is saved{isActive ? ' and is the connection in use' : ''}.
      </p>
      <CheckOutcome connectionId={connection.id} check={check} method={connection.auth.method} />
      <div className="saved-step__actions">
        {failed ? (
          <>
            <Button onClick={() => onChangeDetails(connection)}>Change details</Button>
            <Button onClick={() => void runCheck(connectionId)}>Test again</Button>
          </>
        ) : null}
        {!isActive ? (
          <Button onClick={() => void use()} busy={activating}>
            {activating ? 'Switching…' : 'Use this connection'}
          </Button>
        ) : null}
        <Button ref={doneRef} variant="primary" onClick={onDone}>
          Done
        </Button>
      </div>
    </div>
  );
}
