import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { PlayIcon } from '../../components/Icon';
import { plural } from '../../components/plural';

export interface StartImportDialogProps {
  open: boolean;
  sendCount: number;
  errorCount: number;
  onStart: () => void;
  onFix: () => void;
  onClose: () => void;
}

/** Starting with rows left in error is allowed, but said out loud first: those phones will not be set up. */
export function StartImportDialog({ open, sendCount, errorCount, onStart, onFix, onClose }: StartImportDialogProps) {
  return (
    <Dialog open={open} onClose={onClose} title="Start with rows left out?">
      <div className="dialog-content">
        <p className="dialog-content__lead">
          {plural(errorCount, 'row has errors and will not be sent.', 'rows have errors and will not be sent.')}
        </p>
        <p className="dialog-content__consequence">
          The other {plural(sendCount, 'device', 'devices')} will be imported. You can fix the rows left out later and import the file
          again; devices already imported are matched, not created twice.
        </p>
        <div className="dialog-content__actions">
          <Button onClick={onFix}>Fix them first</Button>
          <Button variant="primary" icon={<PlayIcon />} onClick={onStart} data-autofocus>
            Start import of {plural(sendCount, 'device', 'devices')}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
