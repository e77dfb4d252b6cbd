import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { plural } from '../../components/plural';

export interface CancelBatchDialogProps {
  open: boolean;
  /** An undo is said as one: what stays is what is already undone. */
  undo: boolean;
  remaining: number;
  busy: boolean;
  onCancelBatch: () => void;
  onClose: () => void;
}

/** Cancelling cannot be taken back for the rows not yet sent, so it is confirmed, with what stays. */
export function CancelBatchDialog({ open, undo, remaining, busy, onCancelBatch, onClose }: CancelBatchDialogProps) {
  return (
    <Dialog open={open} onClose={onClose} title={undo ? 'Cancel the undo?' : 'Cancel the import?'}>
      <div className="dialog-content">
        <p className="dialog-content__lead">
          {undo
            ? `${plural(remaining, 'document is', 'documents are')} not undone yet and will not be.`
            : `${plural(remaining, 'row is', 'rows are')} not sent yet and will not be.`}
        </p>
        <p className="dialog-content__consequence">
          {undo
            ? 'What is already deleted, restored or re-created stays so. To finish later, undo the batch again: what is already as before needs nothing.'
            : 'Devices already created or updated stay on the account. To finish later, import the same file again: devices already there are matched, not created twice.'}
        </p>
        <div className="dialog-content__actions">
          <Button onClick={onClose} data-autofocus>
            {undo ? 'Keep undoing' : 'Keep importing'}
          </Button>
          <Button variant="danger" onClick={onCancelBatch} busy={busy}>
            {undo ? 'Cancel undo' : 'Cancel import'}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
