import { useState } from 'react';
import type { PlanDevice, PlanRow } from '../../../../common/import/types';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { PlayIcon } from '../../components/Icon';
import { plural } from '../../components/plural';
import { PlanUpdate } from './PlanUpdates';
import './StartImportDialog.css';

export interface StartImportDialogProps {
  open: boolean;
  sendCount: number;
  errorCount: number;
  /** Updates that change the SIP credentials or owner of a phone registered now: each needs to be confirmed. */
  disrupting: readonly PlanRow[];
  onStart: (confirmedRegisteredDeviceIds: string[]) => void;
  onFix: () => void;
  onClose: () => void;
}

/**
 * What starting costs, said out loud first: rows left in error are not set up, and registered
 * phones whose SIP credentials or owner change may go offline; those are listed and must be
 * confirmed on their own.
 */
export function StartImportDialog({ open, sendCount, errorCount, disrupting, onStart, onFix, onClose }: StartImportDialogProps) {
  const [confirmed, setConfirmed] = useState(false);
  const phones = disrupting.filter((row): row is PlanRow & { device: PlanDevice } => row.device !== null);
  const close = () => {
    setConfirmed(false);
    onClose();
  };
  const title = phones.length > 0 ? 'Change registered phones?' : 'Start with rows left out?';
  return (
    <Dialog open={open} onClose={close} title={title}>
      <div className="dialog-content">
        {phones.length > 0 ? (
          <>
            <p className="dialog-content__lead">
              {phones.length === 1
                ? 'This import changes the SIP credentials or owner of a phone that is registered now.'
                : `This import changes the SIP credentials or owner of ${phones.length} phones that are registered now.`}
              {phones.some((row) => row.device.registered === null)
                ? ' (The server did not say which phones are registered, so each is asked about.)'
                : null}
            </p>
            <p className="dialog-content__consequence">
              A phone whose SIP username or password changes stops working until it is given the new ones; a new owner moves its calls to
              another user.
            </p>
            <ul className="start-import__phones" aria-label="Registered phones this import changes">
              {phones.map((row) => (
                <li key={row.row}>
                  <PlanUpdate row={row} device={row.device} />
                </li>
              ))}
            </ul>
            <label className="start-import__confirm">
              <input type="checkbox" checked={confirmed} onChange={(event) => setConfirmed(event.target.checked)} data-autofocus />
              {phones.length === 1 ? 'Change this registered phone' : `Change these ${phones.length} registered phones`}
            </label>
          </>
        ) : null}
        {errorCount > 0 ? (
          <>
            <p className={phones.length > 0 ? undefined : 'dialog-content__lead'}>
              {plural(errorCount, 'row has errors and will not be sent.', 'rows have errors and will not be sent.')}
            </p>
            <p className="dialog-content__consequence">
              The other {plural(sendCount, 'device', 'devices')} will be imported. You can fix the rows left out later and import the file
              again; devices already imported are matched, not created twice.
            </p>
          </>
        ) : null}
        <div className="dialog-content__actions">
          {errorCount > 0 ? (
            <Button
              onClick={() => {
                setConfirmed(false);
                onFix();
              }}
            >
              Fix them first
            </Button>
          ) : (
            <Button onClick={close}>Back to the plan</Button>
          )}
          <Button
            variant="primary"
            icon={<PlayIcon />}
            disabled={phones.length > 0 && !confirmed}
            onClick={() => {
              setConfirmed(false);
              onStart(phones.map((row) => row.deviceId ?? ''));
            }}
            {...(phones.length > 0 ? {} : { 'data-autofocus': true })}
          >
            Start import of {plural(sendCount, 'device', 'devices')}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
