import { StatusBadge } from '../components/StatusBadge';
import { useAppStore, useNavigation } from '../store/StoresContext';
import { LogoMark } from './LogoMark';
import './TopBar.css';

/** App name and the connection in use; the connection doubles as the way to the Connect section. */
export function TopBar() {
  const connectionName = useAppStore((state) => state.connectionName);
  const go = useNavigation((state) => state.go);
  return (
    <header className="top-bar">
      <div className="top-bar__brand">
        <LogoMark />
        <span className="top-bar__name">Audian Provisioner</span>
      </div>
      <button type="button" className="top-bar__connection" onClick={() => go('connect')} title="Open Connect">
        <span className="visually-hidden">Connection: </span>
        {connectionName ? (
          <StatusBadge tone="success">{connectionName}</StatusBadge>
        ) : (
          <StatusBadge tone="neutral">Not connected</StatusBadge>
        )}
      </button>
    </header>
  );
}
