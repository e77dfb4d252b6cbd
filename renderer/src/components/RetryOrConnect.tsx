import { useNavigation } from '../store/StoresContext';
import { Button } from './Button';
import './RetryOrConnect.css';

/** What a page that could not reach the server offers: try again, or go and fix the connection. */
export function RetryOrConnect({ onRetry }: { onRetry: () => void }) {
  const go = useNavigation((state) => state.go);
  return (
    <div className="retry-or-connect">
      <Button onClick={onRetry}>Try again</Button>
      <Button variant="ghost" onClick={() => go('connect')}>
        Go to Connect
      </Button>
    </div>
  );
}
