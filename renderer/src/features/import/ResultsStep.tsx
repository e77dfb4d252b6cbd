import { useMemo, useState } from 'react';
import type { RowOutcome, RowResult } from '../../../../common/import/types';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ArrowRightIcon, FileCsvIcon, ImportIcon, PencilIcon, PlayIcon, PulseIcon, UndoIcon } from '../../components/Icon';
import { Panel } from '../../components/Panel';
import { plural } from '../../components/plural';
import { SegmentedControl } from '../../components/SegmentedControl';
import { StatusBadge } from '../../components/StatusBadge';
import { TableText } from '../../components/TableText';
import { VirtualTable, type VirtualColumn } from '../../components/VirtualTable';
import { useImport, useLive, useNavigation } from '../../store/StoresContext';
import { outcomeWords } from './batchWords';
import { ExportReport } from './ExportReport';
import { FailureReasons } from './FailureReasons';
import { KindCounts } from './KindCounts';
import { resultResourceColumns } from './resourceColumns';
import { outcomeCountsWords } from './resourceWords';
import { summarise, summarisePeople, tallyPeople } from './resultsSummary';
import { StepHeading } from './StepHeading';
import { rowColumns } from './rowColumns';
import { UndoResults } from './UndoResults';
import './ResultsStep.css';

type OutcomeFilter = RowOutcome | 'all';
const outcomeOrder: readonly RowOutcome[] = ['failed', 'created', 'updated', 'skipped', 'pending'];

const resultColumns: VirtualColumn<RowResult>[] = [
  ...rowColumns<RowResult>(),
  {
    header: 'Outcome',
    width: 8,
    render: (row) => <StatusBadge tone={outcomeWords[row.outcome].tone}>{outcomeWords[row.outcome].label}</StatusBadge>,
  },
  {
    header: 'Device ID or reason',
    width: { fill: 1.6, min: 11 },
    render: (row) => (row.error ? <TableText text={row.error.message} /> : <TableText text={row.deviceId} mono />),
  },
];

// For a batch of people: where the person stands and a column per document (user, voicemail, phone, extension); why below.
const peopleResultColumns = resultResourceColumns();

/** Step 6: what happened to every row, failures first, with the file to fix them and the way to watch the phones. */
export function ResultsStep() {
  const results = useImport((state) => state.results);
  const batch = useImport((state) => state.batch);
  const draft = useImport((state) => state.draft);
  const batchDraftId = useImport((state) => state.batchDraftId);
  const openResults = useImport((state) => state.openResults);
  const fixFailedRows = useImport((state) => state.fixFailedRows);
  const startOver = useImport((state) => state.startOver);
  const resumeBatch = useImport((state) => state.resumeBatch);
  const batchOpen = useImport((state) => state.batchOpen);
  const batches = useImport((state) => state.batches);
  const planUndo = useImport((state) => state.planUndo);
  const goToSection = useNavigation((state) => state.go);
  const watchBatch = useLive((state) => state.choose);
  const [filter, setFilter] = useState<OutcomeFilter>('all');

  const rows = results.status === 'ready' ? results.rows : null;
  const sorted = useMemo(
    () => (rows ? [...rows].sort((a, b) => outcomeOrder.indexOf(a.outcome) - outcomeOrder.indexOf(b.outcome) || a.row - b.row) : []),
    [rows],
  );

  if (results.status === 'idle' || results.status === 'loading') {
    return (
      <>
        <StepHeading title="Results" />
        <Panel fill>
          <p className="results-step__loading">
            <StatusBadge tone="progress">{results.status === 'loading' ? 'Loading the results…' : 'No results to show yet.'}</StatusBadge>
          </p>
        </Panel>
      </>
    );
  }
  if (results.status === 'failed') {
    return (
      <>
        <StepHeading title="Results" />
        <ErrorNotice error={results.error} title="The results could not be loaded" />
        <div>
          <Button onClick={() => void openResults(results.batchId)}>Try again</Button>
        </div>
      </>
    );
  }

  const { progress } = results;
  if (progress.origin === 'undo') return <UndoResults progress={progress} rows={results.rows} />;
  const undoneBy = batches.status === 'ready' ? (batches.list.find((batch) => batch.batchId === progress.batchId)?.undoneBy ?? []) : [];
  const people = sorted.some((row) => row.person) ? tallyPeople(sorted) : null;
  const summary = people ? summarisePeople(progress, people) : summarise(progress);
  const resuming = batchOpen.status === 'running' && batchOpen.batchId === progress.batchId;
  const imported = progress.created + progress.updated;
  const canFix = progress.failed > 0 && draft !== null && batchDraftId === draft.id && batch?.batchId === progress.batchId;
  const counts = Object.fromEntries(
    outcomeOrder.map((outcome) => [outcome, sorted.filter((row) => row.outcome === outcome).length]),
  ) as Record<RowOutcome, number>;
  const shown = filter === 'all' ? sorted : sorted.filter((row) => row.outcome === filter);

  return (
    <>
      <StepHeading title={`Results of ${progress.name}`}>
        {[progress.fileName || null, progress.finishedAt ? `finished ${new Date(progress.finishedAt).toLocaleString()}` : null]
          .filter(Boolean)
          .join(' · ')}
      </StepHeading>
      <Banner tone={summary.tone} title={summary.title} role="status" className="results-step__summary">
        {summary.body}
      </Banner>
      {undoneBy.length > 0 ? (
        <Banner tone="info" title="This batch was undone">
          What it changed was put back by {plural(undoneBy.length, 'undo', 'undos')}; see them under recent batches.
        </Banner>
      ) : null}

      <ul className="results-step__counts">
        {(['created', 'updated', 'skipped', 'failed'] as const).map((outcome) => (
          <li key={outcome} className={`results-step__count results-step__count--${outcome}`}>
            <span className="results-step__count-number">{progress[outcome].toLocaleString()}</span>
            <StatusBadge tone={progress[outcome] > 0 ? outcomeWords[outcome].tone : 'neutral'}>{outcomeWords[outcome].label}</StatusBadge>
          </li>
        ))}
      </ul>
      {people ? <KindCounts label="Results by kind" words={(kind) => outcomeCountsWords(progress.resources[kind])} /> : null}
      {progress.incompletePeople > 0 ? (
        <Banner
          tone="warning"
          title={`${plural(progress.incompletePeople, 'person is', 'people are')} incomplete`}
          actions={
            <Button variant="primary" icon={<PlayIcon />} busy={resuming} onClick={() => void resumeBatch(progress.batchId)}>
              Resume to finish
            </Button>
          }
        >
          A step failed for them and what was made is kept. Resuming sends only what is still missing; nothing already made is made twice.
        </Banner>
      ) : null}
      {batchOpen.status === 'failed' && batchOpen.batchId === progress.batchId ? (
        <ErrorNotice error={batchOpen.error} title="The import could not be resumed" />
      ) : null}

      <Panel title="Next steps">
        <div className="results-step__next">
          {canFix ? (
            <Button variant="primary" icon={<PencilIcon />} onClick={fixFailedRows}>
              Fix failed rows
            </Button>
          ) : null}
          {imported > 0 ? (
            <Button
              variant={canFix ? 'secondary' : 'primary'}
              icon={<PulseIcon />}
              onClick={() => {
                void watchBatch(progress.batchId);
                goToSection('live');
              }}
            >
              Watch these phones register
            </Button>
          ) : null}
          <Button icon={<FileCsvIcon />} onClick={startOver}>
            Import another file
          </Button>
          <Button icon={<UndoIcon />} onClick={() => void planUndo(progress.batchId, progress.name)} aria-haspopup="dialog">
            {undoneBy.length > 0 ? 'Undo this batch again…' : 'Undo this batch…'}
          </Button>
        </div>
        <ExportReport batchId={progress.batchId} people={people !== null} />
      </Panel>

      <section className="results-step__rows" aria-labelledby="results-rows-title">
        <h3 id="results-rows-title" className="results-step__rows-title">
          Every row
        </h3>
        <SegmentedControl
          legend="Show"
          options={[
            { value: 'all', label: `All (${sorted.length.toLocaleString()})` },
            ...outcomeOrder
              .filter((outcome) => counts[outcome] > 0)
              .map((outcome) => ({ value: outcome, label: `${outcomeWords[outcome].label} (${counts[outcome].toLocaleString()})` })),
          ]}
          value={filter}
          onChange={setFilter}
        />
        {shown.length > 0 ? (
          <VirtualTable
            label="Results by row"
            items={shown}
            columns={people ? peopleResultColumns : resultColumns}
            rowKey={(row) => row.row}
          />
        ) : (
          <EmptyState
            icon={<ImportIcon size="xl" />}
            title="No rows"
            actions={
              <Button icon={<ArrowRightIcon />} onClick={() => setFilter('all')}>
                Show all rows
              </Button>
            }
          >
            No row has this outcome.
          </EmptyState>
        )}
        {people ? <FailureReasons rows={sorted} /> : null}
      </section>
    </>
  );
}
