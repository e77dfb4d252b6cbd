import { Button } from '../components/Button';
import { GaugeIcon } from '../components/Icon';
import { StatusBadge } from '../components/StatusBadge';
import { useAppStore } from '../store/StoresContext';
import { describeHost, describePlatform } from './describeRuntime';
import { UpdateStatusItem } from './UpdateStatusItem';
import './StatusBar.css';

/** What is running (version, host, platform), which support asks first, and the way into Diagnostics. */
export function StatusBar({ onOpenDiagnostics }: { onOpenDiagnostics: () => void }) {
  const info = useAppStore((state) => state.info);
  return (
    <footer className="status-bar">
      <div className="status-bar__items">
        {info.status === 'ready' ? (
          <>
            <span className="status-bar__item">
              {info.info.name} {info.info.version}
            </span>
            <span className="status-bar__item">{describeHost(info.info.host)}</span>
            <span className="status-bar__item">{describePlatform(info.info.platform)}</span>
          </>
        ) : info.status === 'loading' ? (
          <span className="status-bar__item">Loading app details…</span>
        ) : (
          <StatusBadge tone="danger">App details unavailable: {info.error.message}</StatusBadge>
        )}
        <UpdateStatusItem />
      </div>
      <Button variant="ghost" size="sm" icon={<GaugeIcon />} onClick={onOpenDiagnostics} aria-haspopup="dialog">
        Diagnostics
      </Button>
    </footer>
  );
}
