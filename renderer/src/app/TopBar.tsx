import { StatusBadge } from '../components/StatusBadge';
import { secretNoun } from '../features/connect/signInWords';
import { useConnections, useNavigation } from '../store/StoresContext';
import { LogoMark } from './LogoMark';
import './TopBar.css';

/** App name and the connection in use; the connection doubles as the way to the Connect section. */
export function TopBar() {
  const active = useConnections((state) => state.overview?.connections.find((connection) => connection.id === state.overview?.activeId));
  const go = useNavigation((state) => state.go);
  return (
    <header className="top-bar">
      <div className="top-bar__brand">
        <LogoMark />
        <span className="top-bar__name">Audian Provisioner</span>
      </div>
      <button type="button" className="top-bar__connection" onClick={() => go('connect')} title="Open Connect">
        {!active ? (
          <StatusBadge tone="neutral">Not connected</StatusBadge>
        ) : active.secretAvailable || active.demo ? (
          <StatusBadge tone="success">Connected: {active.name}</StatusBadge>
        ) : (
          <StatusBadge tone="warning">
            {active.name}: {secretNoun[active.auth.method]} missing
          </StatusBadge>
        )}
      </button>
    </header>
  );
}
