import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';

export interface ChargesDialogProps {
  open: boolean;
  busy: boolean;
  onAccept: () => void;
  onDecline: () => void;
  onClose: () => void;
}

/**
 * The server answered 402: new devices cost money on this account. Asked once for the whole
 * batch, never per device, and nothing new is created until the technician answers.
 */
export function ChargesDialog({ open, busy, onAccept, onDecline, onClose }: ChargesDialogProps) {
  return (
    <Dialog open={open} onClose={onClose} title="Accept charges for new devices?">
      <div className="dialog-content">
        <p className="dialog-content__lead">The account bills for new devices, and the server asks you to accept the charges.</p>
        <p className="dialog-content__consequence">
          Your answer covers the whole import; you will not be asked again for each device. If you do not accept, existing devices are still
          updated, and new ones are not created: they are listed as failed with the reason.
        </p>
        <div className="dialog-content__actions">
          <Button onClick={onDecline} busy={busy}>
            Don’t accept: stop creating
          </Button>
          <Button variant="primary" onClick={onAccept} busy={busy} data-autofocus>
            Accept charges and continue
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
