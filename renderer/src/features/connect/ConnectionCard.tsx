import type { ConnectionView } from '../../../../common/connections';
import { isUnencryptedServer } from '../../../../common/plain-http';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ArrowRightIcon, GaugeIcon, KeyIcon, PencilIcon, PlugIcon, TrashIcon } from '../../components/Icon';
import { StatusBadge } from '../../components/StatusBadge';
import { useConnections } from '../../store/StoresContext';
import { CheckOutcome } from './CheckOutcome';
import { describeSignIn, secretLabel, secretNoun } from './signInWords';
import './ConnectionCard.css';

/** The id of a card's heading, where focus lands when the control that had it went away. */
export const connectionTitleId = (id: string) => `connection-${id}-title`;

export interface ConnectionCardProps {
  connection: ConnectionView;
  isActive: boolean;
  onEdit: (connection: ConnectionView, focus: 'name' | 'secret') => void;
  onRemove: (connection: ConnectionView) => void;
}

/** One saved connection: what it points at, whether it is in use, whether it works, and what can be done with it. */
export function ConnectionCard({ connection, isActive, onEdit, onRemove }: ConnectionCardProps) {
  const { id, name, auth } = connection;
  const check = useConnections((state) => state.checks[id]);
  const runCheck = useConnections((state) => state.check);
  const activate = useConnections((state) => state.activate);
  const activation = useConnections((state) => state.activation);
  const testing = check?.status === 'running';
  const activating = activation.status === 'running' && activation.id === id;
  const activationFailure = activation.status === 'failed' && activation.id === id ? activation.error : null;
  // The demo's key is handed over again whenever the demo starts, so it is never "missing" for long.
  const secretMissing = !connection.secretAvailable && !connection.demo;
  const titleId = connectionTitleId(id);
  // Every card has the same buttons; the hidden name tells them apart in a screen reader's list of buttons.
  const forThis = <span className="visually-hidden"> {name}</span>;

  // The Use button goes away once this is the active connection; its heading keeps focus on the card.
  const use = async () => {
    if (await activate(id)) document.getElementById(titleId)?.focus();
  };

  return (
    <li className={['connection-card', isActive && 'connection-card--active'].filter(Boolean).join(' ')}>
      <article className="connection-card__article" aria-labelledby={titleId}>
        <header className="connection-card__header">
          <div className="connection-card__heading">
            <h2 id={titleId} className="connection-card__name" tabIndex={-1}>
              {name}
            </h2>
            {isActive ? (
              <StatusBadge tone="info" icon={<PlugIcon size="sm" />}>
                Active
              </StatusBadge>
            ) : null}
            {connection.demo ? <StatusBadge tone="neutral">Demo</StatusBadge> : null}
            {isUnencryptedServer(connection.baseUrl) ? <StatusBadge tone="warning">Plain HTTP: not encrypted</StatusBadge> : null}
          </div>
          <div className="connection-card__actions">
            <Button size="sm" icon={<GaugeIcon />} busy={testing} onClick={() => void runCheck(id)}>
              {testing ? 'Testing…' : 'Test'}
              {forThis}
            </Button>
            {!isActive ? (
              <Button size="sm" icon={<ArrowRightIcon />} busy={activating} onClick={() => void use()}>
                {activating ? 'Switching…' : 'Use'}
                {forThis}
              </Button>
            ) : null}
            {!connection.demo ? (
              <Button size="sm" variant="ghost" icon={<PencilIcon />} onClick={() => onEdit(connection, 'name')}>
                Edit{forThis}
              </Button>
            ) : null}
            <Button size="sm" variant="ghost" icon={<TrashIcon />} onClick={() => onRemove(connection)} aria-haspopup="dialog">
              Remove{forThis}
            </Button>
          </div>
        </header>

        <dl className="connection-card__facts">
          <div>
            <dt>Server</dt>
            <dd className="connection-card__mono">{connection.baseUrl}</dd>
          </div>
          <div>
            <dt>Account ID</dt>
            <dd className="connection-card__mono">{connection.accountId}</dd>
          </div>
          <div>
            <dt>Sign-in</dt>
            <dd>{describeSignIn(auth)}</dd>
          </div>
          {connection.caFile ? (
            <div>
              <dt>CA certificate</dt>
              <dd className="connection-card__mono">{connection.caFile}</dd>
            </div>
          ) : null}
          {connection.pinnedCertificate ? (
            <div>
              <dt>Trusted certificate (SHA-256)</dt>
              <dd className="connection-card__mono">{connection.pinnedCertificate.sha256}</dd>
            </div>
          ) : null}
          {connection.proxyUsername ? (
            <div>
              <dt>Proxy user</dt>
              <dd>{connection.proxyUsername}</dd>
            </div>
          ) : null}
        </dl>

        {secretMissing ? (
          <Banner
            tone="warning"
            title={`${secretLabel[auth.method]} missing — enter it again`}
            actions={
              <Button size="sm" icon={<KeyIcon />} onClick={() => onEdit(connection, 'secret')}>
                Enter {secretNoun[auth.method]}
                {forThis}
              </Button>
            }
          >
            This computer keeps it only for the session it was entered in.
          </Banner>
        ) : null}
        {activationFailure ? <ErrorNotice error={activationFailure} title="Could not switch to this connection" /> : null}
        <CheckOutcome connectionId={id} check={check} method={auth.method} />
      </article>
    </li>
  );
}
