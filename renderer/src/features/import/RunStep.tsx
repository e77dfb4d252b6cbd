import { useState } from 'react';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { CloseIcon, ImportIcon, PlayIcon } from '../../components/Icon';
import { Panel } from '../../components/Panel';
import { plural } from '../../components/plural';
import { ProgressBar } from '../../components/ProgressBar';
import { StatusBadge } from '../../components/StatusBadge';
import { paceWords } from '../../../../common/import/pace-words';
import type { RowResult } from '../../../../common/import/types';
import { settledStates } from '../../store/import/runSlice';
import { useImport } from '../../store/StoresContext';
import { formatRate, stateWords, formatTimeLeft, originWords, outcomeWords, undoOutcomeWords } from './batchWords';
import { CancelBatchDialog } from './CancelBatchDialog';
import { ChargesDialog } from './ChargesDialog';
import { KindCounts } from './KindCounts';
import { failureCause, outcomeCountsWords, resourceKindWords, resourceOutcomeWords } from './resourceWords';
import { identityText } from './rowColumns';
import { StepHeading } from './StepHeading';
import { documentCounts } from './undoWords';
import './RunStep.css';

/** A row of a person as it finished: where each of its documents stands ("User created · Phone failed"); a phone on its own by its labels. */
const latestWords = (row: RowResult): string =>
  row.person
    ? row.resources
        .map((resource) => `${resourceKindWords[resource.resource].one} ${resourceOutcomeWords[resource.outcome].label.toLowerCase()}`)
        .join(' · ')
    : identityText(row);

/** Step 5: the batch as it runs: progress, counts, pace, and the controls to pause, resume or cancel it. */
export function RunStep() {
  const batch = useImport((state) => state.batch);
  const latestRows = useImport((state) => state.latestRows);
  const control = useImport((state) => state.control);
  const controlBatch = useImport((state) => state.controlBatch);
  const goTo = useImport((state) => state.goTo);
  const openResults = useImport((state) => state.openResults);
  const [cancelling, setCancelling] = useState(false);
  const [chargesDeferred, setChargesDeferred] = useState(false);

  if (!batch) {
    return (
      <>
        <StepHeading title="Run" />
        <Panel fill>
          <EmptyState
            icon={<ImportIcon size="xl" />}
            title="No import running"
            actions={<Button onClick={() => goTo('file')}>Choose a file</Button>}
          >
            Start an import from the plan, or resume one from the recent batches.
          </EmptyState>
        </Panel>
      </>
    );
  }

  const words = originWords[batch.origin];
  const undo = batch.origin === 'undo';
  const counted = undo ? documentCounts(batch) : batch;
  const state = stateWords(batch.origin, batch.state);
  const settled = settledStates.has(batch.state);
  const busy = control.status === 'running';
  const waiting = batch.state === 'waiting_for_charges';
  const percent = batch.total > 0 ? Math.floor((batch.done / batch.total) * 100) : 0;
  // Screen readers hear every tenth of the way and every change of state, not every tick.
  const announcement = settled ? `${state.label}.` : `${state.label}: about ${Math.floor(percent / 10) * 10}% done.`;

  return (
    <>
      <StepHeading title={words.heading(batch.name)}>
        Keep the app open while it runs. If it closes, it can be resumed from recent batches.
      </StepHeading>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>

      <Panel className="run-step">
        <div className="run-step__head">
          <p className="run-step__done">
            <strong>{batch.done.toLocaleString()}</strong> of {plural(batch.total, ...words.units)} done
          </p>
          <StatusBadge tone={state.tone}>{state.label}</StatusBadge>
        </div>
        <ProgressBar label={words.progress} value={batch.done} max={batch.total} />
        <dl className="run-step__counters">
          {words.counters.map(({ outcome, label }) => (
            <div
              key={outcome}
              className={['run-step__counter', outcome === 'failed' && counted.failed > 0 && 'run-step__counter--failed']
                .filter(Boolean)
                .join(' ')}
            >
              <dt>{label}</dt>
              <dd>{counted[outcome].toLocaleString()}</dd>
            </div>
          ))}
          <div className="run-step__counter">
            <dt>Speed</dt>
            <dd className="run-step__pace">
              {batch.state === 'running' && batch.ratePerSecond > 0 ? formatRate(batch.ratePerSecond) : '–'}
            </dd>
          </div>
          <div className="run-step__counter">
            <dt>Time left</dt>
            <dd className="run-step__pace">
              {batch.state === 'running' && batch.etaSeconds !== null
                ? formatTimeLeft(batch.etaSeconds)
                : batch.state === 'paused'
                  ? 'paused'
                  : '–'}
            </dd>
          </div>
        </dl>
        {batch.pace && batch.state === 'running' ? <p className="run-step__limit">{paceWords(batch.pace)}</p> : null}
        {latestRows.some((row) => row.person) ? (
          <KindCounts label="Done by kind" words={(kind) => outcomeCountsWords(batch.resources[kind])} />
        ) : null}
        {batch.throttled > 0 ? (
          <Banner tone="info" title="The server asked the app to slow down">
            It answered “too many requests” {plural(batch.throttled, 'time', 'times')}. The app waits and sends at a pace the server
            accepts; nothing is lost or sent twice.
          </Banner>
        ) : null}
        {waiting && chargesDeferred ? (
          <Banner
            tone="warning"
            title="Waiting for your answer about charges"
            actions={<Button onClick={() => setChargesDeferred(false)}>Answer…</Button>}
          >
            New devices are on hold until you accept or decline the charges.
          </Banner>
        ) : null}
        {control.status === 'failed' ? <ErrorNotice error={control.error} title="That did not work" /> : null}
        <div className="run-step__actions">
          {settled ? (
            <Button variant="primary" onClick={() => void openResults(batch.batchId)}>
              Show results
            </Button>
          ) : (
            <>
              {batch.state === 'paused' ? (
                <Button variant="primary" icon={<PlayIcon />} busy={busy} onClick={() => void controlBatch('resume')}>
                  Resume
                </Button>
              ) : (
                <Button busy={busy} disabled={waiting} onClick={() => void controlBatch('pause')}>
                  Pause
                </Button>
              )}
              <Button variant="ghost" icon={<CloseIcon />} onClick={() => setCancelling(true)} aria-haspopup="dialog">
                {undo ? 'Cancel undo…' : 'Cancel import…'}
              </Button>
            </>
          )}
        </div>
      </Panel>

      <Panel title={undo ? 'Latest documents' : 'Latest rows'}>
        {undo && latestRows.length > 0 ? (
          <ul className="run-step__latest">
            {latestRows.flatMap((row) =>
              row.resources.map((resource, index) => (
                <li key={`${row.row}.${index}`} className="run-step__latest-item">
                  <StatusBadge tone={undoOutcomeWords[resource.outcome].tone}>{undoOutcomeWords[resource.outcome].label}</StatusBadge>
                  <span className="run-step__latest-line">{resourceKindWords[resource.resource].one}</span>
                  <span className="run-step__latest-name">{resource.label}</span>
                  {resource.error ? <span className="run-step__latest-error">{resource.error.message}</span> : null}
                </li>
              )),
            )}
          </ul>
        ) : latestRows.length === 0 ? (
          <p className="run-step__none">Finished {undo ? 'documents' : 'rows'} appear here as the server confirms them.</p>
        ) : (
          <ul className="run-step__latest">
            {latestRows.map((row) => (
              <li key={row.row} className="run-step__latest-item">
                <StatusBadge tone={outcomeWords[row.outcome].tone}>{outcomeWords[row.outcome].label}</StatusBadge>
                <span className="run-step__latest-line">Row {row.line}</span>
                <span className="run-step__latest-name">{row.person ? row.person.name : row.name}</span>
                <span className="run-step__latest-identity">{latestWords(row)}</span>
                {failureCause(row) ? <span className="run-step__latest-error">{failureCause(row)}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </Panel>

      <ChargesDialog
        open={waiting && !chargesDeferred}
        busy={busy}
        onAccept={() => void controlBatch('accept_charges')}
        onDecline={() => void controlBatch('decline_charges')}
        onClose={() => setChargesDeferred(true)}
      />
      <CancelBatchDialog
        open={cancelling && !settled}
        undo={undo}
        remaining={batch.total - batch.done}
        busy={busy && control.status === 'running' && control.action === 'cancel'}
        onCancelBatch={() => void controlBatch('cancel').then(() => setCancelling(false))}
        onClose={() => setCancelling(false)}
      />
    </>
  );
}
