import type { BatchSummary } from '../../../../common/import/types';
import { batchLabel } from '../../components/auditWords';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatWhen } from '../../components/formatWhen';
import { ArrowRightIcon, HistoryIcon, PlayIcon, UndoIcon } from '../../components/Icon';
import { Panel } from '../../components/Panel';
import { plural } from '../../components/plural';
import { StatusBadge } from '../../components/StatusBadge';
import { useGoToSection } from '../../components/useGoToSection';
import { useHistory, useImport } from '../../store/StoresContext';
import { stateWords } from './batchWords';
import { batchCountsWords, batchFacts } from './undoWords';
import './RecentBatches.css';

/** A batch that finished keeping people half-made (onFailure 'keep'): resuming it sends their missing steps again. */
const leftPeopleIncomplete = (batch: BatchSummary) => batch.state === 'finished' && batch.incompletePeople > 0;

/** A batch that sends nothing more can be undone: finished, cancelled, or cut short (what it did is journaled). */
const undoable = (batch: BatchSummary) => batch.state === 'finished' || batch.state === 'cancelled' || batch.state === 'interrupted';

/**
 * Earlier batches on this computer (imports, devices actions, undos); one a crash or a closed
 * laptop cut short can be resumed from here, and any that is over can be undone.
 */
export function RecentBatches() {
  const batches = useImport((state) => state.batches);
  const batchOpen = useImport((state) => state.batchOpen);
  const resumeBatch = useImport((state) => state.resumeBatch);
  const openResults = useImport((state) => state.openResults);
  const refreshBatches = useImport((state) => state.refreshBatches);
  const planUndo = useImport((state) => state.planUndo);
  const showBatchHistory = useHistory((state) => state.showBatch);
  const goTo = useGoToSection();

  if (batches.status === 'loading') return null;
  if (batches.status === 'failed') {
    return (
      <Banner
        tone="warning"
        title="Recent batches could not be listed"
        actions={<Button onClick={() => void refreshBatches()}>Try again</Button>}
      >
        {batches.error.message}
      </Banner>
    );
  }
  if (batches.list.length === 0) return null;

  const interrupted = batches.list.filter((batch) => batch.state === 'interrupted').length;
  return (
    <Panel title="Recent batches" className="recent-batches">
      {interrupted > 0 ? (
        <Banner tone="warning" title={interrupted === 1 ? 'An import was interrupted' : `${interrupted} imports were interrupted`}>
          It stopped before all rows were sent: the app or the command line was closed, or the computer slept. Resume continues where it
          stopped; nothing already created is created twice.
        </Banner>
      ) : null}
      <ul className="recent-batches__list">
        {batches.list.map((batch) => {
          const state = stateWords(batch.origin, batch.state);
          const busy = batchOpen.status === 'running' && batchOpen.batchId === batch.batchId;
          const failure = batchOpen.status === 'failed' && batchOpen.batchId === batch.batchId ? batchOpen.error : null;
          const forThis = <span className="visually-hidden"> {batch.name}</span>;
          return (
            <li key={batch.batchId} className="recent-batches__item">
              <div className="recent-batches__text">
                <p className="recent-batches__name">{batch.name}</p>
                <p className="recent-batches__facts">
                  {batchFacts(batch)} · started {formatWhen(batch.startedAt)} · {batchCountsWords(batch)}
                  {batch.incompletePeople > 0 ? ` · ${plural(batch.incompletePeople, 'person', 'people')} incomplete` : null}
                </p>
              </div>
              <StatusBadge tone={batch.state === 'finished' && batch.failed > 0 ? 'warning' : state.tone}>
                {batch.state === 'finished' && batch.failed > 0 ? 'Finished with failures' : state.label}
              </StatusBadge>
              {batch.undoneBy.length > 0 ? <StatusBadge tone="neutral">Undone</StatusBadge> : null}
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
                {undoable(batch) ? (
                  <Button
                    size="sm"
                    variant="ghost"
                    icon={<UndoIcon />}
                    onClick={() => void planUndo(batch.batchId, batch.name)}
                    aria-haspopup="dialog"
                  >
                    Undo this batch…{forThis}
                  </Button>
                ) : null}
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
