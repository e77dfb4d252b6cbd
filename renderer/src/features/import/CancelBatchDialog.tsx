import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { plural } from '../../components/plural';

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
      <div className="dialog-content">
        <p className="dialog-content__lead">{plural(remaining, 'row is', 'rows are')} not sent yet and will not be.</p>
        <p className="dialog-content__consequence">
          Devices already created or updated stay on the account. To finish later, import the same file again: devices already there are
          matched, not created twice.
        </p>
        <div className="dialog-content__actions">
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
