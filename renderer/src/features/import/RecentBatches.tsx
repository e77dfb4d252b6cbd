import type { BatchSummary } from '../../../../common/import/types';
import { batchLabel } from '../../components/auditWords';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatWhen } from '../../components/formatWhen';
import { ArrowRightIcon, HistoryIcon, PlayIcon } from '../../components/Icon';
import { Panel } from '../../components/Panel';
import { plural } from '../../components/plural';
import { StatusBadge } from '../../components/StatusBadge';
import { useGoToSection } from '../../components/useGoToSection';
import { useHistory, useImport } from '../../store/StoresContext';
import { batchStateWords } from './batchWords';
import './RecentBatches.css';

function countsOf(batch: BatchSummary): string {
  const parts = [
    batch.created > 0 ? `${batch.created.toLocaleString()} created` : null,
    batch.updated > 0 ? `${batch.updated.toLocaleString()} updated` : null,
    batch.skipped > 0 ? `${batch.skipped.toLocaleString()} skipped` : null,
    batch.failed > 0 ? `${batch.failed.toLocaleString()} failed` : null,
  ].filter(Boolean);
  return parts.length > 0 ? `${parts.join(', ')} of ${batch.total.toLocaleString()}` : `0 of ${batch.total.toLocaleString()} done`;
}

/** A batch that finished keeping people half-made (onFailure 'keep'): resuming it sends their missing steps again. */
const leftPeopleIncomplete = (batch: BatchSummary) => batch.state === 'finished' && batch.incompletePeople > 0;

/** Earlier imports on this computer; one a crash or a closed laptop cut short can be resumed from here. */
export function RecentBatches() {
  const batches = useImport((state) => state.batches);
  const batchOpen = useImport((state) => state.batchOpen);
  const resumeBatch = useImport((state) => state.resumeBatch);
  const openResults = useImport((state) => state.openResults);
  const refreshBatches = useImport((state) => state.refreshBatches);
  const showBatchHistory = useHistory((state) => state.showBatch);
  const goTo = useGoToSection();

  if (batches.status === 'loading') return null;
  if (batches.status === 'failed') {
    return (
      <Banner
        tone="warning"
        title="Recent imports could not be listed"
        actions={<Button onClick={() => void refreshBatches()}>Try again</Button>}
      >
        {batches.error.message}
      </Banner>
    );
  }
  if (batches.list.length === 0) return null;

  const interrupted = batches.list.filter((batch) => batch.state === 'interrupted').length;
  return (
    <Panel title="Recent imports" className="recent-batches">
      {interrupted > 0 ? (
        <Banner tone="warning" title={interrupted === 1 ? 'An import was interrupted' : `${interrupted} imports were interrupted`}>
          It stopped before all rows were sent: the app or the command line was closed, or the computer slept. Resume continues where it
          stopped; nothing already created is created twice.
        </Banner>
      ) : null}
      <ul className="recent-batches__list">
        {batches.list.map((batch) => {
          const state = batchStateWords[batch.state];
          const busy = batchOpen.status === 'running' && batchOpen.batchId === batch.batchId;
          const failure = batchOpen.status === 'failed' && batchOpen.batchId === batch.batchId ? batchOpen.error : null;
          const forThis = <span className="visually-hidden"> {batch.name}</span>;
          return (
            <li key={batch.batchId} className="recent-batches__item">
              <div className="recent-batches__text">
                <p className="recent-batches__name">{batch.name}</p>
                <p className="recent-batches__facts">
                  {batch.fileName} · started {formatWhen(batch.startedAt)} · {countsOf(batch)}
                  {batch.incompletePeople > 0 ? ` · ${plural(batch.incompletePeople, 'person', 'people')} incomplete` : null}
                </p>
              </div>
              <StatusBadge tone={batch.state === 'finished' && batch.failed > 0 ? 'warning' : state.tone}>
                {batch.state === 'finished' && batch.failed > 0 ? 'Finished with failures' : state.label}
              </StatusBadge>
              <div className="recent-batches__actions">
                {batch.state === 'interrupted' ? (
                  <Button size="sm" variant="primary" icon={<PlayIcon />} busy={busy} onClick={() => void resumeBatch(batch.batchId)}>
                    Resume{forThis}
                  </Button>
                ) : leftPeopleIncomplete(batch) ? (
                  <>
                    <Button size="sm" variant="primary" icon={<PlayIcon />} busy={busy} onClick={() => void resumeBatch(batch.batchId)}>
                      Resume to finish{forThis}
                    </Button>
                    <Button size="sm" icon={<ArrowRightIcon />} onClick={() => void openResults(batch.batchId)}>
                      Open results{forThis}
                    </Button>
                  </>
                ) : batch.state === 'running' || batch.state === 'paused' || batch.state === 'waiting_for_charges' ? (
                  <Button size="sm" icon={<ArrowRightIcon />} busy={busy} onClick={() => void resumeBatch(batch.batchId)}>
                    Show progress{forThis}
                  </Button>
                ) : (
                  <Button size="sm" icon={<ArrowRightIcon />} onClick={() => void openResults(batch.batchId)}>
                    Open results{forThis}
                  </Button>
                )}
                <Button
                  size="sm"
                  variant="ghost"
                  icon={<HistoryIcon />}
                  onClick={() => {
                    showBatchHistory({ id: batch.batchId, name: batchLabel(batch) });
                    goTo('history');
                  }}
                >
                  History{forThis}
                </Button>
              </div>
              {failure ? <ErrorNotice className="recent-batches__error" error={failure} title="Could not open this import" /> : null}
            </li>
          );
        })}
      </ul>
    </Panel>
  );
}
