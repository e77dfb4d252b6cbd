import { useEffect, useMemo, useState } from 'react';
import type { BatchSummary } from '../../../../common/import/types';
import type { AppError } from '../../../../common/ipc/result';
import { POLL_INTERVAL_CHOICES } from '../../../../common/registrations';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatWhen } from '../../components/formatWhen';
import { ArrowRightIcon, ImportIcon, PulseIcon } from '../../components/Icon';
import { NotConnectedPage } from '../../components/NotConnectedPage';
import { Page } from '../../components/Page';
import { RetryOrConnect } from '../../components/RetryOrConnect';
import { Panel } from '../../components/Panel';
import { plural } from '../../components/plural';
import { SegmentedControl } from '../../components/SegmentedControl';
import { SelectField } from '../../components/SelectField';
import type { LiveView } from '../../store/createLiveStore';
import { useConnections, useImport, useLive, useNavigation } from '../../store/StoresContext';
import { LiveList } from './LiveList';
import { LiveSummary } from './LiveSummary';
import { filterLabels, filterMatches, isProblem, type LiveFilter } from './liveWords';
import { ReportActions } from './ReportActions';
import { RolloutReport } from './RolloutReport';
import './LivePage.css';

const DESCRIPTION = 'Watch phones register as they come online on site.';
const ALL = 'all';
const FILTERS: readonly LiveFilter[] = ['all', 'not_registered', 'registered', 'problems'];

export function LivePage() {
  const activeId = useConnections((state) => state.overview?.activeId ?? null);
  const overviewLoaded = useConnections((state) => state.overview !== null);
  const watch = useLive((state) => state.watch);
  const view = useLive((state) => state.view);
  const start = useLive((state) => state.start);
  const refreshBatches = useImport((state) => state.refreshBatches);

  // Started on first sight and left running when the technician moves on, so alerts keep coming.
  useEffect(() => {
    if (activeId) void start();
  }, [activeId, start]);
  useEffect(() => {
    void refreshBatches();
  }, [refreshBatches]);

  if (overviewLoaded && !activeId) {
    return (
      <NotConnectedPage title="Live" description={DESCRIPTION} icon={<PulseIcon size="xl" />}>
        Connect to an account to watch its phones register. Each phone then shows here as registered or not, with when it was last seen.
      </NotConnectedPage>
    );
  }

  if (watch.status === 'failed') {
    return (
      <Page title="Live" description={DESCRIPTION}>
        <ErrorNotice error={watch.error} title="Could not watch the phones">
          <RetryOrConnect onRetry={() => void start()} />
        </ErrorNotice>
      </Page>
    );
  }

  if (!view || view.connectionId !== activeId) {
    return (
      <Page title="Live" description={DESCRIPTION}>
        <p className="live-page__loading" role="status">
          Checking registrations…
        </p>
      </Page>
    );
  }

  return <LiveWatch view={view} />;
}

function LiveWatch({ view }: { view: LiveView }) {
  const go = useNavigation((state) => state.go);
  const batches = useImport((state) => state.batches);
  const batchId = useLive((state) => state.batchId);
  const choose = useLive((state) => state.choose);
  const intervalSeconds = useLive((state) => state.intervalSeconds);
  const setIntervalSeconds = useLive((state) => state.setIntervalSeconds);
  const sound = useLive((state) => state.sound);
  const setSound = useLive((state) => state.setSound);
  const recent = useLive((state) => state.recent);
  const announcement = useLive((state) => state.announcement);
  const [filter, setFilter] = useState<LiveFilter>('all');
  const [activeRow, setActiveRow] = useState<string | null>(null);
  const [printing, setPrinting] = useState(false);
  const [reportError, setReportError] = useState<AppError | null>(null);

  const ours: BatchSummary[] = useMemo(
    () => (batches.status === 'ready' ? batches.list.filter((batch) => batch.connectionId === view.connectionId) : []),
    [batches, view.connectionId],
  );
  const batch = ours.find((item) => item.batchId === view.batchId) ?? null;
  const shown = useMemo(() => view.rows.filter(filterMatches[filter]), [view.rows, filter]);
  const counts: Record<LiveFilter, number> = {
    all: view.counts.total,
    not_registered: view.counts.notRegistered,
    registered: view.counts.registered,
    problems: view.rows.filter(isProblem).length,
  };

  if (printing && batch) return <RolloutReport batch={batch} view={view} onClose={() => setPrinting(false)} />;

  const batchOptions = [
    { value: ALL, label: 'All devices of the account' },
    ...ours.map((item) => ({
      value: item.batchId,
      label: `${item.name} · ${plural(item.deviceIds.length, 'device', 'devices')} · ${formatWhen(item.startedAt)}`,
    })),
  ];

  return (
    <Page title="Live" description={DESCRIPTION} wide>
      <Panel className="live-page__controls">
        <div className="live-page__toolbar">
          <SelectField
            className="live-page__batch"
            label="Watch"
            options={batchOptions}
            value={batchId ?? ALL}
            onChange={(value) => void choose(value === ALL ? null : value)}
          />
          <SelectField
            className="live-page__interval"
            label="Check every"
            options={POLL_INTERVAL_CHOICES.map((seconds) => ({ value: String(seconds), label: `${seconds} seconds` }))}
            value={String(intervalSeconds)}
            onChange={(value) => void setIntervalSeconds(Number(value))}
          />
          <label className="live-page__sound">
            <input type="checkbox" checked={sound} onChange={(event) => setSound(event.target.checked)} />
            Play a sound with alerts
          </label>
        </div>
        {ours.length === 0 ? (
          <p className="live-page__hint">
            To watch only the phones of one import, import them first: each import then appears under Watch.{' '}
            <Button size="sm" variant="ghost" icon={<ImportIcon />} onClick={() => go('import')}>
              Go to Import
            </Button>
          </p>
        ) : null}
        <LiveSummary
          view={view}
          batch={batch}
          actions={batch ? <ReportActions batch={batch} onPrintable={() => setPrinting(true)} onError={setReportError} /> : null}
        />
      </Panel>
      {reportError ? <ErrorNotice error={reportError} title="The report could not be made" /> : null}

      {view.rows.length === 0 && view.status.state === 'ok' ? (
        <Panel fill>
          <EmptyState
            icon={<PulseIcon size="xl" />}
            title="This account has no devices yet"
            actions={
              <Button variant="primary" icon={<ArrowRightIcon />} onClick={() => go('import')}>
                Go to Import
              </Button>
            }
          >
            Import the site’s phones from a CSV file; they show here as they register.
          </EmptyState>
        </Panel>
      ) : view.rows.length > 0 ? (
        <Panel className="live-page__list">
          <SegmentedControl
            legend="Show"
            options={FILTERS.map((value) => ({ value, label: `${filterLabels[value]} (${counts[value].toLocaleString()})` }))}
            value={filter}
            onChange={setFilter}
          />
          {shown.length > 0 ? (
            <LiveList
              rows={shown}
              recent={recent}
              activeId={activeRow}
              onActivate={setActiveRow}
              label={batch ? `Devices of ${batch.name}` : 'Devices of the account'}
            />
          ) : (
            <p className="live-page__none">{noneWords[filter]}</p>
          )}
        </Panel>
      ) : null}
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
    </Page>
  );
}

const noneWords: Record<LiveFilter, string> = {
  all: 'No devices to show.',
  not_registered: 'Every enabled phone is registered.',
  registered: 'No phone has registered yet. Phones register once they are plugged in and provisioned.',
  problems: 'No problems: no registration expired without renewal, and no phone keeps dropping.',
};
