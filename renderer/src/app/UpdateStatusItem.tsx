import type { UpdateStatus } from '../../../common/updates';
import { Button } from '../components/Button';
import { StatusBadge } from '../components/StatusBadge';
import { useUpdates } from '../store/StoresContext';

function statusWords(status: UpdateStatus): string | null {
  switch (status.state) {
    case 'off':
    case 'idle':
      return null;
    case 'checking':
      return 'Checking for updates…';
    case 'up-to-date':
      return 'Up to date';
    case 'downloading':
      return `Downloading version ${status.version}…`;
    case 'ready':
      return `Version ${status.version} is ready`;
    case 'waiting-for-batch':
      return `Version ${status.version} installs once no batch is running`;
    case 'failed':
      return status.message;
  }
}

/** The app's own update in the status bar: what it is doing, and "Restart to update" once that is safe. */
export function UpdateStatusItem() {
  const status = useUpdates((state) => state.status);
  const refusal = useUpdates((state) => state.refusal);
  const restart = useUpdates((state) => state.restart);
  const words = statusWords(status);
  if (words === null) return null;
  return (
    <span className="status-bar__item" role="status">
      {status.state === 'failed' ? <StatusBadge tone="warning">{words}</StatusBadge> : words}
      {status.state === 'ready' ? (
        <>
          {' '}
          <Button variant="primary" size="sm" onClick={() => void restart()}>
            Restart to update
          </Button>
        </>
      ) : null}
      {refusal ? <StatusBadge tone="warning">{refusal}</StatusBadge> : null}
    </span>
  );
}
