import type { ReactNode } from 'react';
import type { BatchSummary } from '../../../../common/import/types';
import { Banner } from '../../components/Banner';
import { BlockedIcon, CheckCircleIcon, IdleIcon, PulseIcon, WarningIcon } from '../../components/Icon';
import { plural } from '../../components/plural';
import { ProgressBar } from '../../components/ProgressBar';
import type { LiveView } from '../../store/createLiveStore';
import { useLive } from '../../store/StoresContext';
import './LiveSummary.css';

/** What main does while the window is hidden: never faster than this. */
const HIDDEN_SECONDS = 30;

function pollWords(view: LiveView, hidden: boolean): string {
  const every = hidden ? Math.max(HIDDEN_SECONDS, view.intervalSeconds) : view.intervalSeconds;
  const rhythm = hidden ? `checking every ${every} s while the window is hidden` : `checking every ${every} s`;
  return `Watching ${plural(view.counts.total, 'device', 'devices')}, ${rhythm}.`;
}

export interface LiveSummaryProps {
  view: LiveView;
  batch: BatchSummary | null;
  actions: ReactNode;
}

/** The counts in words, the batch's progress, and whether the checks are getting through. */
export function LiveSummary({ view, batch, actions }: LiveSummaryProps) {
  const hidden = useLive((state) => state.hidden);
  const { counts, status } = view;
  const complete = batch !== null && counts.total > 0 && counts.notRegistered === 0 && counts.registered > 0;
  return (
    <section className="live-summary" aria-label={batch ? `Progress of ${batch.name}` : 'Progress of all devices'}>
      <div className="live-summary__top">
        <p className="live-summary__headline">{view.summary}</p>
        {actions ? <div className="live-summary__actions">{actions}</div> : null}
      </div>
      <ProgressBar label={batch ? `${batch.name}: phones registered` : 'Phones registered'} value={counts.registered} max={counts.total} />
      <div className="live-summary__facts">
        <ul className="live-summary__counts" aria-label="Counts">
          <li className="live-summary__count live-summary__count--registered">
            <CheckCircleIcon size="sm" />
            <span className="live-summary__number">{counts.registered.toLocaleString()}</span> registered
          </li>
          <li className="live-summary__count">
            <IdleIcon size="sm" />
            <span className="live-summary__number">{counts.notRegistered.toLocaleString()}</span> not registered
          </li>
          <li className="live-summary__count">
            <BlockedIcon size="sm" />
            <span className="live-summary__number">{counts.disabled.toLocaleString()}</span> disabled
          </li>
        </ul>
        {status.state === 'backing_off' ? null : (
          <p className="live-summary__poll">
            {status.state === 'ok' ? <PulseIcon size="sm" className="live-summary__pulse" /> : <WarningIcon size="sm" />}
            {status.state === 'ok' ? pollWords(view, hidden) : status.message}
          </p>
        )}
      </div>
      {status.state === 'backing_off' ? (
        <Banner tone="warning" title={status.message}>
          The list shows what the server last answered and updates by itself once it answers again.
        </Banner>
      ) : null}
      {complete ? (
        <Banner tone="success" title="Every phone of this batch is registered">
          Export the report or open the printable page for the customer’s sign-off.
        </Banner>
      ) : null}
    </section>
  );
}
