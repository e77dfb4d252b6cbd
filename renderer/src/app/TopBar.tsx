import { useEffect } from 'react';
import type { ConnectionView } from '../../../common/connections';
import { isUnencryptedServer } from '../../../common/plain-http';
import { Button } from '../components/Button';
import { formatTime } from '../components/formatWhen';
import { KeyIcon } from '../components/Icon';
import { StatusBadge, type StatusTone } from '../components/StatusBadge';
import { secretNoun } from '../features/connect/signInWords';
import { useConnections, useNavigation } from '../store/StoresContext';
import { LogoMark } from './LogoMark';
import './TopBar.css';

/** The connection in use, in words: what the latest request on it learnt. */
function connectionWords(connection: ConnectionView, checking: boolean): { tone: StatusTone; words: string } {
  const { name, health, auth } = connection;
  if (!connection.secretAvailable && !connection.demo) return { tone: 'warning', words: `${name}: ${secretNoun[auth.method]} missing` };
  switch (health.state) {
    case 'unknown':
      return checking
        ? { tone: 'progress', words: `${name}: checking the connection…` }
        : { tone: 'neutral', words: `${name}: not checked yet` };
    case 'signed_in':
      return { tone: 'success', words: `Connected: ${name}` };
    case 'key_refused':
      return { tone: 'danger', words: `${name}: ${secretNoun[auth.method]} refused` };
    case 'unreachable':
      return { tone: 'danger', words: `${name}: server unreachable` };
    case 'rate_limited':
      return { tone: 'warning', words: `${name}: server limiting requests until ${formatTime(health.until)}` };
  }
}

/** App name and the connection in use; the connection doubles as the way to the Connect section. */
export function TopBar() {
  const active = useConnections((state) => state.overview?.connections.find((connection) => connection.id === state.overview?.activeId));
  const check = useConnections((state) => state.check);
  const checking = useConnections((state) => (active ? state.checks[active.id]?.status === 'running' : false));
  const fix = useConnections((state) => state.fix);
  const go = useNavigation((state) => state.go);

  // Nothing has asked the server yet (the app just started, or another connection was chosen): ask once.
  const activeId = active?.id;
  const unknown = active?.health.state === 'unknown' && (active.secretAvailable || active.demo);
  useEffect(() => {
    if (activeId && unknown) void check(activeId);
  }, [activeId, unknown, check]);

  const shown = active ? connectionWords(active, checking) : { tone: 'neutral' as const, words: 'Not connected' };
  return (
    <header className="top-bar">
      <div className="top-bar__brand">
        <LogoMark />
        <span className="top-bar__name">Audian Provisioner</span>
      </div>
      <div className="top-bar__state" aria-live="polite">
        <button type="button" className="top-bar__connection" onClick={() => go('connect')} title="Open Connect">
          <StatusBadge tone={shown.tone}>{shown.words}</StatusBadge>
        </button>
        {active && isUnencryptedServer(active.baseUrl) ? (
          <StatusBadge tone="warning">Plain HTTP: this connection is not encrypted</StatusBadge>
        ) : null}
        {active?.health.state === 'key_refused' ? (
          <Button
            size="sm"
            icon={<KeyIcon />}
            onClick={() => {
              fix(active.id);
              go('connect');
            }}
          >
            {active.auth.method === 'api_key' ? 'Fix key' : `Fix ${secretNoun[active.auth.method]}`}
          </Button>
        ) : null}
        {active?.health.state === 'unreachable' ? (
          <Button size="sm" busy={checking} onClick={() => void check(active.id)}>
            {checking ? 'Retrying…' : 'Retry'}
          </Button>
        ) : null}
      </div>
    </header>
  );
}
