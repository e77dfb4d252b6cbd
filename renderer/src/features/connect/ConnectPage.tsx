import { Suspense, useRef, useState } from 'react';
import type { ConnectionView } from '../../../../common/connections';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Dialog } from '../../components/Dialog';
import { lazyAfterStrictCsp } from '../../components/lazyAfterStrictCsp';
import { LoadBoundary } from '../../components/LoadBoundary';
import { LoadFailed } from '../../components/LoadFailed';
import { PlayIcon, PlugIcon, PlusIcon } from '../../components/Icon';
import { Page } from '../../components/Page';
import { Panel } from '../../components/Panel';
import { StatusBadge } from '../../components/StatusBadge';
import { useConnections } from '../../store/StoresContext';
import { ConnectionCard, connectionTitleId } from './ConnectionCard';
import type { ConnectionDialogRequest } from './ConnectionDialog';
import { RemoveConnectionDialog } from './RemoveConnectionDialog';
import { StorageNotices } from './StorageNotices';
import './ConnectPage.css';

// The form carries the connection schema and with it zod: a chunk of its own, fetched once the saved
// connections are shown (the dialog then stays mounted, closed), so the first screen never waits for it.
const { Component: ConnectionDialog } = lazyAfterStrictCsp(() => import('./ConnectionDialog').then((module) => module.ConnectionDialog));

/** Saved connections, the one in use, and the ways to add, test, change and remove them. */
export function ConnectPage() {
  const overview = useConnections((state) => state.overview);
  const load = useConnections((state) => state.load);
  const demo = useConnections((state) => state.demo);
  const refresh = useConnections((state) => state.refresh);
  const startDemo = useConnections((state) => state.startDemo);
  const runCheck = useConnections((state) => state.check);
  const dismiss = useConnections((state) => state.dismiss);
  const fixing = useConnections((state) => state.fixing);
  const fix = useConnections((state) => state.fix);

  const [formRequest, setFormRequest] = useState<ConnectionDialogRequest | null>(null);
  // A new key per opening gives the form a fresh start; it stays while closed so closing does not remount.
  const [formSession, setFormSession] = useState(0);
  const [removing, setRemoving] = useState<ConnectionView | null>(null);
  const openerRef = useRef<HTMLElement | null>(null);
  const savedIdRef = useRef<string | null>(null);

  const rememberOpener = () => {
    openerRef.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    savedIdRef.current = null;
  };

  // Back to the control that opened the dialog; if it is gone (the empty state's button, a removed
  // card's Remove), to the saved connection or the page heading, never to nowhere.
  const returnFocus = () => {
    requestAnimationFrame(() => {
      const opener = openerRef.current;
      const savedId = savedIdRef.current;
      const target =
        (opener?.isConnected ? opener : null) ??
        (savedId ? document.getElementById(connectionTitleId(savedId)) : null) ??
        document.getElementById('page-title');
      target?.focus();
    });
  };

  const openForm = (request: ConnectionDialogRequest) => {
    rememberOpener();
    setFormSession((session) => session + 1);
    setFormRequest(request);
  };

  const closeForm = () => {
    if (fixing) {
      // The top bar's button that sent us here is gone with the state it answered: the card's heading takes focus.
      openerRef.current = null;
      savedIdRef.current = fixing;
      fix(null);
    }
    setFormRequest(null);
    returnFocus();
  };

  // The top bar's "Fix key" opens that connection's form at the secret, until the form closes.
  const fixingConnection = fixing ? overview?.connections.find((connection) => connection.id === fixing) : undefined;
  const fixRequest: ConnectionDialogRequest | null = fixingConnection ? { editing: fixingConnection, focus: 'secret' } : null;
  const dialogRequest = fixRequest ?? formRequest;

  const openRemove = (connection: ConnectionView) => {
    rememberOpener();
    dismiss('removal');
    setRemoving(connection);
  };

  const closeRemove = () => {
    setRemoving(null);
    returnFocus();
  };

  const tryDemo = async () => {
    const connection = await startDemo();
    // Shows straight away that the demo answers, and what is in it.
    if (connection) void runCheck(connection.id);
  };

  const demoRunning = demo.status === 'running';
  const demoButton = (
    <Button icon={<PlayIcon />} busy={demoRunning} onClick={() => void tryDemo()}>
      {demoRunning ? 'Starting the demo…' : 'Try the demo'}
    </Button>
  );
  const addButton = (
    <Button variant="primary" icon={<PlusIcon />} onClick={() => openForm({ focus: 'name' })} aria-haspopup="dialog">
      Add connection
    </Button>
  );

  const connections = overview?.connections ?? [];
  const hasDemo = connections.some((connection) => connection.demo);
  const activeId = overview?.activeId ?? null;

  return (
    <Page
      title="Connect"
      description="Choose the Audian account you are rolling phones out on."
      actions={
        connections.length > 0 ? (
          <>
            {hasDemo ? null : demoButton}
            {addButton}
          </>
        ) : undefined
      }
    >
      {overview ? <StorageNotices overview={overview} /> : null}
      {demo.status === 'failed' ? <ErrorNotice error={demo.error} title="The demo did not start" /> : null}

      {!overview ? (
        load.status === 'failed' ? (
          <Banner
            tone="danger"
            title="Saved connections could not be loaded"
            role="alert"
            actions={<Button onClick={() => void refresh()}>Try again</Button>}
          >
            {load.error.message}
          </Banner>
        ) : (
          <Panel fill>
            <p className="connect-page__loading">
              <StatusBadge tone="progress">Loading saved connections…</StatusBadge>
            </p>
          </Panel>
        )
      ) : connections.length === 0 ? (
        <Panel fill>
          <EmptyState
            icon={<PlugIcon size="xl" />}
            title="No connections yet"
            actions={
              <>
                {addButton}
                {demoButton}
              </>
            }
            note="The demo runs on this computer; nothing is sent to Audian."
          >
            Add a connection to your Audian account, or try the built-in demo to practise without touching a real account.
          </EmptyState>
        </Panel>
      ) : (
        <>
          {activeId === null ? (
            <Banner tone="info" title="No connection in use">
              Choose <strong>Use</strong> on the account you are working on; Devices, Import and Live work with that one.
            </Banner>
          ) : null}
          <ul className="connection-list" aria-label="Saved connections">
            {connections.map((connection) => (
              <ConnectionCard
                key={connection.id}
                connection={connection}
                isActive={connection.id === activeId}
                onEdit={(editing, focus) => openForm({ editing, focus })}
                onRemove={openRemove}
              />
            ))}
          </ul>
        </>
      )}

      {overview ? (
        <LoadBoundary
          failed={(retry) => (
            <Dialog open={dialogRequest !== null} onClose={closeForm} title="Connection form">
              <LoadFailed what="The connection form" onRetry={retry} />
            </Dialog>
          )}
        >
          <Suspense fallback={null}>
            <ConnectionDialog
              key={fixRequest ? `fix-${fixing}` : formSession}
              request={dialogRequest}
              onSaved={(connection) => {
                savedIdRef.current = connection.id;
              }}
              onClose={closeForm}
            />
          </Suspense>
        </LoadBoundary>
      ) : null}
      <RemoveConnectionDialog connection={removing} onRemoved={closeRemove} onClose={closeRemove} />
    </Page>
  );
}
