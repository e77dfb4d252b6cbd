import { useEffect, useState } from 'react';
import { STATE_WORDS, type RegistrationState } from '../../../../common/registrations';
import { Button } from '../../components/Button';
import { useLatestRequest } from '../../components/useLatestRequest';
import { useDevices } from '../../store/StoresContext';

type Check =
  { status: 'checking' } | { status: 'done'; state: RegistrationState; checkedAt: string } | { status: 'failed'; message: string };

function checkWords(check: Check): string {
  if (check.status === 'checking') return 'Registration: checking…';
  if (check.status === 'failed') return `Registration: could not check. ${check.message}`;
  const at = new Date(check.checkedAt).toLocaleTimeString();
  return `Registration: ${STATE_WORDS[check.state]} (checked ${at}).`;
}

/** Whether the phone is registered now, asked of the server itself so it is right even when Live is not watching. */
export function RegistrationCheck({ deviceId }: { deviceId: string }) {
  const request = useDevices((state) => state.request);
  const [check, setCheck] = useState<Check>({ status: 'checking' });
  const [checks, setChecks] = useState(0);
  const latestCheck = useLatestRequest();

  useEffect(() => {
    latestCheck(request('devices:registration', { id: deviceId }), (result) =>
      setCheck(result.ok ? { status: 'done', ...result.value } : { status: 'failed', message: result.error.message }),
    );
  }, [deviceId, request, checks, latestCheck]);

  return (
    <div className="device-editor__registration">
      <p aria-live="polite">{checkWords(check)}</p>
      <Button
        size="sm"
        variant="ghost"
        disabled={check.status === 'checking'}
        onClick={() => {
          setCheck({ status: 'checking' });
          setChecks((count) => count + 1);
        }}
      >
        Check again
      </Button>
    </div>
  );
}
