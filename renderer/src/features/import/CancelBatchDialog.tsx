import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { countWords } from './sourceWords';
import './ImportDialogs.css';

export interface CancelBatchDialogProps {
  open: boolean;
  remaining: number;
  busy: boolean;
  onCancelBatch: () => void;
  onClose: () => void;
}

/** Cancelling cannot be taken back for the rows not yet sent, so it is confirmed, with what stays. */
export function CancelBatchDialog({ open, remaining, busy, onCancelBatch, onClose }: CancelBatchDialogProps) {
  return (
    <Dialog open={open} onClose={onClose} title="Cancel the import?">
      <div className="import-dialog">
        <p className="import-dialog__lead">{countWords(remaining, 'row is', 'rows are')} not sent yet and will not be.</p>
        <p className="import-dialog__consequence">
          Devices already created or updated stay on the account. To finish later, import the same file again: devices already there are
          matched, not created twice.
        </p>
        <div className="import-dialog__actions">
          <Button onClick={onClose} data-autofocus>
            Keep importing
          </Button>
          <Button variant="danger" onClick={onCancelBatch} busy={busy}>
            Cancel import
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
