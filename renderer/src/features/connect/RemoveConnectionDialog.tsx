import type { ConnectionView } from '../../../../common/connections';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useConnections } from '../../store/StoresContext';
import { secretNoun } from './signInWords';

export interface RemoveConnectionDialogProps {
  /** The connection to confirm removing; null keeps the dialog closed. */
  connection: ConnectionView | null;
  onRemoved: () => void;
  onClose: () => void;
}

/** Removing forgets a key the technician may not have at hand on site again, so it is confirmed by name. */
export function RemoveConnectionDialog({ connection, onRemoved, onClose }: RemoveConnectionDialogProps) {
  const removal = useConnections((state) => state.removal);
  const remove = useConnections((state) => state.remove);
  const removing = removal.status === 'running';
  const failure = removal.status === 'failed' && removal.id === connection?.id ? removal.error : null;

  const confirm = async () => {
    if (!connection) return;
    if (await remove(connection.id)) onRemoved();
  };

  return (
    <Dialog open={connection !== null} onClose={onClose} title="Remove connection">
      {connection ? (
        <div className="dialog-content">
          <p>
            Remove <strong>{connection.name}</strong>?
          </p>
          <p className="dialog-content__consequence">
            {connection.demo
              ? 'The demo site stays on this computer; Try the demo brings the connection back.'
              : `Its details and saved ${secretNoun[connection.auth.method]} are deleted from this computer. Nothing changes on the Audian account.`}
          </p>
          {failure ? <ErrorNotice error={failure} title="Not removed" /> : null}
          <div className="dialog-content__actions">
            <Button onClick={onClose} data-autofocus>
              Cancel
            </Button>
            <Button variant="danger" onClick={() => void confirm()} busy={removing}>
              {removing ? 'Removing…' : 'Remove connection'}
            </Button>
          </div>
        </div>
      ) : null}
    </Dialog>
  );
}
