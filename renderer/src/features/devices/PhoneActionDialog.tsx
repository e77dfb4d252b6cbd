import { useEffect, useState } from 'react';
import { dialNumber } from '../../../../common/ipc/contract';
import type { AppError } from '../../../../common/ipc/result';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { TextField } from '../../components/TextField';
import { useLatestRequest } from '../../components/useLatestRequest';
import { useDevices, useHistory } from '../../store/StoresContext';
import type { PhoneActionKind } from './phoneActions';
import './DevicesPage.css';

export interface PhoneActionTarget {
  kind: PhoneActionKind;
  device: { id: string; name: string };
}

type Run = { status: 'idle' } | { status: 'running' } | { status: 'done'; message: string } | { status: 'failed'; error: AppError };

const titles: Record<PhoneActionKind, string> = {
  resync: 'Resync phone',
  reboot: 'Reboot phone',
  call: 'Test call',
  duplicate: 'Duplicate device',
};

/** One on-site action on one device: asks what it needs, runs it, and says what happened. */
export function PhoneActionDialog({
  target,
  onClose,
  onDuplicated,
}: {
  target: PhoneActionTarget | null;
  onClose: () => void;
  onDuplicated: (id: string) => void;
}) {
  return (
    <Dialog open={target !== null} onClose={onClose} title={target ? titles[target.kind] : 'Phone action'}>
      {target ? (
        <ActionBody key={`${target.kind}-${target.device.id}`} target={target} onClose={onClose} onDuplicated={onDuplicated} />
      ) : null}
    </Dialog>
  );
}

function ActionBody({
  target,
  onClose,
  onDuplicated,
}: {
  target: PhoneActionTarget;
  onClose: () => void;
  onDuplicated: (id: string) => void;
}) {
  const request = useDevices((state) => state.request);
  const recorded = useHistory((state) => state.recorded);
  const [run, setRun] = useState<Run>({ status: 'idle' });
  const [value, setValue] = useState(target.kind === 'duplicate' ? `${target.device.name} (copy)` : '');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const { kind, device } = target;

  const latestNumber = useLatestRequest();
  useEffect(() => {
    if (kind !== 'call') return;
    latestNumber(request('devices:quickcallNumber', {}), (result) => {
      const number = result.ok ? result.value.number : null;
      if (number) setValue((current) => current || number);
    });
  }, [kind, request, latestNumber]);

  const go = async () => {
    // What the keypad cannot dial is the field's to say; main would refuse it with words meant for a developer.
    if (kind === 'call' && !dialNumber.safeParse(value.trim()).success) {
      setRun({ status: 'idle' });
      return setFieldError(
        value.trim() === '' ? 'Enter the number to call, e.g. +15551234567.' : 'Enter a phone number to call, e.g. +15551234567.',
      );
    }
    setRun({ status: 'running' });
    setFieldError(undefined);
    if (kind === 'duplicate') {
      const result = await request('devices:duplicate', { id: device.id, name: value.trim() });
      if (!result.ok) {
        setFieldError(result.error.fields?.[0]?.message);
        return setRun({ status: 'failed', error: result.error });
      }
      onDuplicated(result.value.id);
      return;
    }
    const result =
      kind === 'call'
        ? await request('devices:quickcall', { id: device.id, number: value.trim() })
        : await request('devices:sync', { id: device.id, reboot: kind === 'reboot' });
    // Done or failed, the audit log may hold it now, and no push tells the views that show it.
    recorded();
    if (!result.ok) return setRun({ status: 'failed', error: result.error });
    setRun({ status: 'done', message: result.value.message });
  };

  const question: Record<PhoneActionKind, string> = {
    resync: `Send the current settings to ${device.name}? The phone reloads its configuration; calls in progress continue.`,
    reboot: `Reboot ${device.name}? Any call on it is cut off, and the phone is unavailable for a minute or two.`,
    call: `${device.name} rings first; when it is answered, the number below is called.`,
    duplicate: `A new device with the same settings as ${device.name}, except its MAC address and SIP sign-in.`,
  };
  const confirmLabel: Record<PhoneActionKind, string> = { resync: 'Resync', reboot: 'Reboot', call: 'Call', duplicate: 'Duplicate' };

  return (
    <form
      className="device-dialog"
      onSubmit={(event) => {
        event.preventDefault();
        if (run.status !== 'running' && run.status !== 'done') void go();
      }}
    >
      <p>{question[kind]}</p>
      {kind === 'call' ? (
        <TextField
          label="Number to call"
          value={value}
          onChange={(event) => setValue(event.target.value)}
          error={fieldError}
          data-autofocus
          inputMode="tel"
        />
      ) : null}
      {kind === 'duplicate' ? (
        <TextField
          label="Name of the new device"
          value={value}
          onChange={(event) => setValue(event.target.value)}
          error={fieldError}
          data-autofocus
        />
      ) : null}
      {run.status === 'done' ? (
        <Banner tone="success" role="status">
          <p>{run.message}</p>
        </Banner>
      ) : null}
      {run.status === 'failed' ? <ErrorNotice error={run.error} title={`${confirmLabel[kind]} did not work`} /> : null}
      <div className="device-dialog__actions">
        <Button onClick={onClose}>{run.status === 'done' ? 'Close' : 'Cancel'}</Button>
        {run.status !== 'done' ? (
          <Button type="submit" variant={kind === 'reboot' ? 'danger' : 'primary'} busy={run.status === 'running'}>
            {confirmLabel[kind]}
          </Button>
        ) : null}
      </div>
    </form>
  );
}
