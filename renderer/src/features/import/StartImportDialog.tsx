import { useId, useState } from 'react';
import type { OnPersonFailure, PlanDevice, PlanRow } from '../../../../common/import/types';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { PlayIcon } from '../../components/Icon';
import { plural } from '../../components/plural';
import { DEFAULT_START_CHOICES, type StartChoices } from '../../store/import/runSlice';
import { PlanUpdate } from './PlanUpdates';
import './StartImportDialog.css';

export interface StartImportDialogProps {
  open: boolean;
  /** What starting sends, as the start button says it: "12 devices", "3 people and 4 phones". */
  sendWords: string;
  errorCount: number;
  /** Updates that change the SIP credentials or owner of a phone registered now: each needs to be confirmed. */
  disrupting: readonly PlanRow[];
  /** The sheet has people: ask what a failed step of one leaves behind. */
  people: boolean;
  /** Users the import creates: ask whether they get the welcome e-mail. */
  newUsers: number;
  onStart: (confirmedRegisteredDeviceIds: string[], choices: StartChoices) => void;
  onFix: () => void;
  onClose: () => void;
}

const failureOptions: ReadonlyArray<{ value: OnPersonFailure; label: string; hint: string }> = [
  { value: 'rollback', label: 'Roll back that person', hint: 'Delete what this import made for them; fix the row and import it again.' },
  {
    value: 'keep',
    label: 'Keep what was made and finish later by resuming',
    hint: 'The results list them as incomplete until a resume finishes them.',
  },
];

/**
 * What starting costs, said out loud first: rows left in error are not set up, and registered
 * phones whose SIP credentials or owner change may go offline; those are listed and must be
 * confirmed on their own. For a sheet of people it also asks what a failed step leaves behind
 * (rolled back unless told otherwise) and whether new users get the welcome e-mail (not unless asked).
 */
export function StartImportDialog({
  open,
  sendWords,
  errorCount,
  disrupting,
  people,
  newUsers,
  onStart,
  onFix,
  onClose,
}: StartImportDialogProps) {
  const [confirmed, setConfirmed] = useState(false);
  const [choices, setChoices] = useState<StartChoices>(DEFAULT_START_CHOICES);
  const failureName = useId();
  const phones = disrupting.filter((row): row is PlanRow & { device: PlanDevice } => row.device !== null);
  const reset = () => {
    setConfirmed(false);
    setChoices(DEFAULT_START_CHOICES);
  };
  const close = () => {
    reset();
    onClose();
  };
  const title = phones.length > 0 ? 'Change registered phones?' : errorCount > 0 ? 'Start with rows left out?' : 'Start the import?';
  const firstQuestion = phones.length === 0 && errorCount === 0;
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
              The other {sendWords} will be imported. You can fix the rows left out later and import the file again; what is already
              imported is matched, not created twice.
            </p>
          </>
        ) : null}
        {people ? (
          <>
            {firstQuestion ? <p className="dialog-content__lead">This import sends {sendWords}.</p> : null}
            <fieldset className="start-import__choice">
              <legend>If a step of a person fails</legend>
              {failureOptions.map((option, index) => (
                <div key={option.value} className="start-import__option">
                  <input
                    type="radio"
                    id={`${failureName}-${option.value}`}
                    name={failureName}
                    value={option.value}
                    checked={choices.onFailure === option.value}
                    onChange={() => setChoices({ ...choices, onFailure: option.value })}
                    aria-describedby={`${failureName}-${option.value}-hint`}
                    {...(firstQuestion && index === 0 ? { 'data-autofocus': true } : {})}
                  />
                  <div>
                    <label className="start-import__option-label" htmlFor={`${failureName}-${option.value}`}>
                      {option.label}
                    </label>
                    <p className="start-import__option-hint" id={`${failureName}-${option.value}-hint`}>
                      {option.hint}
                    </p>
                  </div>
                </div>
              ))}
            </fieldset>
            {newUsers > 0 ? (
              <label className="start-import__confirm">
                <input
                  type="checkbox"
                  checked={choices.sendWelcomeEmail}
                  onChange={(event) => setChoices({ ...choices, sendWelcomeEmail: event.target.checked })}
                />
                Send new users the welcome e-mail (it contains their password)
              </label>
            ) : null}
          </>
        ) : null}
        <div className="dialog-content__actions">
          {errorCount > 0 ? (
            <Button
              onClick={() => {
                reset();
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
              reset();
              onStart(
                phones.map((row) => row.deviceId ?? ''),
                people ? choices : DEFAULT_START_CHOICES,
              );
            }}
            {...(phones.length > 0 || (people && firstQuestion) ? {} : { 'data-autofocus': true })}
          >
            Start import of {sendWords}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
