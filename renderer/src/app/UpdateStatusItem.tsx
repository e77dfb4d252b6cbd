import { Button } from '../components/Button';
import { StatusBadge } from '../components/StatusBadge';
import { useUpdates } from '../store/StoresContext';
import { updateWords } from './updateWords';

/** The app's own update in the status bar: what it is doing, and "Restart to update" once that is safe. */
export function UpdateStatusItem() {
  const status = useUpdates((state) => state.status);
  const refusal = useUpdates((state) => state.refusal);
  const restart = useUpdates((state) => state.restart);
  const words = updateWords(status);
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
