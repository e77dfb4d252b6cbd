import { Button } from '../../components/Button';
import { GaugeIcon } from '../../components/Icon';
import { StatusBadge, type StatusTone } from '../../components/StatusBadge';
import { describeHost, describePlatform } from '../../app/describeRuntime';
import type { PushCheck, RequestCheck } from '../../store/createDiagnosticsStore';
import { useAppStore, useDiagnostics } from '../../store/StoresContext';
import { formatDuration } from './formatDuration';
import { SupportBundleSection } from './SupportBundleSection';
import './Diagnostics.css';

function describeRequest(request: RequestCheck): { tone: StatusTone; text: string } {
  switch (request.status) {
    case 'idle':
      return { tone: 'neutral', text: 'Not checked yet' };
    case 'running':
      return { tone: 'progress', text: 'Waiting for an answer…' };
    case 'answered':
      return { tone: 'success', text: `Main process answered in ${formatDuration(request.roundTripMs)}` };
    case 'failed':
      return { tone: 'danger', text: `No answer: ${request.error.message}` };
  }
}

function describePush(push: PushCheck, request: RequestCheck): { tone: StatusTone; text: string } {
  switch (push.status) {
    case 'idle':
      return { tone: 'neutral', text: request.status === 'failed' ? 'Not checked: the request got no answer' : 'Not checked yet' };
    case 'waiting':
      return { tone: 'progress', text: 'Waiting for the push event…' };
    case 'arrived':
      return { tone: 'success', text: `Push event arrived after ${formatDuration(push.afterMs)}` };
    case 'missing':
      return { tone: 'warning', text: 'No push event arrived. Live registration updates will not appear.' };
  }
}

/** About the running app, and a check that requests and pushes both cross the bridge to main. */
export function DiagnosticsPanel() {
  const info = useAppStore((state) => state.info);
  const request = useDiagnostics((state) => state.request);
  const push = useDiagnostics((state) => state.push);
  const checkConnection = useDiagnostics((state) => state.checkConnection);
  const requestState = describeRequest(request);
  const pushState = describePush(push, request);

  return (
    <div className="diagnostics">
      <dl className="diagnostics__facts">
        <div>
          <dt>Version</dt>
          <dd>{info.status === 'ready' ? info.info.version : '—'}</dd>
        </div>
        <div>
          <dt>Running as</dt>
          <dd>{info.status === 'ready' ? describeHost(info.info.host) : '—'}</dd>
        </div>
        <div>
          <dt>Platform</dt>
          <dd>{info.status === 'ready' ? describePlatform(info.info.platform) : '—'}</dd>
        </div>
      </dl>

      <section className="diagnostics__check" aria-labelledby="diagnostics-check-title">
        <h3 id="diagnostics-check-title" className="diagnostics__heading">
          Connection to main
        </h3>
        <p className="diagnostics__hint">
          Sends a test message to the app’s main process, then waits for its reply and for the event it pushes back.
        </p>
        <div>
          <Button variant="primary" icon={<GaugeIcon />} onClick={() => void checkConnection()}>
            Check connection to main
          </Button>
        </div>
        <ul className="diagnostics__results" aria-live="polite">
          <li>
            <span className="diagnostics__result-label">Request and reply</span>
            <StatusBadge tone={requestState.tone}>{requestState.text}</StatusBadge>
          </li>
          <li>
            <span className="diagnostics__result-label">Push event</span>
            <StatusBadge tone={pushState.tone}>{pushState.text}</StatusBadge>
          </li>
        </ul>
        {request.status === 'failed' && request.error.detail ? (
          <details className="diagnostics__detail">
            <summary>Technical detail</summary>
            <code>{request.error.detail}</code>
          </details>
        ) : null}
      </section>

      <SupportBundleSection />
    </div>
  );
}
