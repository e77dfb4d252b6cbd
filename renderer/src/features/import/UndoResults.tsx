import { useMemo, useState } from 'react';
import type { BatchProgress, ResourceOutcome, ResourceResult, RowResult } from '../../../../common/import/types';
import { Banner, type BannerTone } from '../../components/Banner';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { ArrowRightIcon, ImportIcon, UndoIcon } from '../../components/Icon';
import { Panel } from '../../components/Panel';
import { plural } from '../../components/plural';
import { SegmentedControl } from '../../components/SegmentedControl';
import { StatusBadge } from '../../components/StatusBadge';
import { TableText } from '../../components/TableText';
import { VirtualTable, type VirtualColumn } from '../../components/VirtualTable';
import { useImport } from '../../store/StoresContext';
import { originWords, undoOutcomeWords } from './batchWords';
import { resourceKindWords } from './resourceWords';
import { StepHeading } from './StepHeading';
import { documentCounts } from './undoWords';
import './ResultsStep.css';

/** One document of an undo batch, in the order the undo ran it. */
interface UndoneDocument extends ResourceResult {
  order: number;
}

type OutcomeFilter = ResourceOutcome | 'all';
const outcomeOrder: readonly ResourceOutcome[] = [
  'failed',
  'not_sent',
  'pending',
  'deleted',
  'updated',
  'created',
  'skipped',
  'rolled_back',
];

const documentColumns: VirtualColumn<UndoneDocument>[] = [
  { header: '#', width: 3.5, render: (item) => <span className="virtual-table__muted">{item.order}</span> },
  {
    header: 'Outcome',
    width: 8,
    render: (item) => <StatusBadge tone={undoOutcomeWords[item.outcome].tone}>{undoOutcomeWords[item.outcome].label}</StatusBadge>,
  },
  { header: 'Kind', width: 8.5, render: (item) => <TableText text={resourceKindWords[item.resource].one} /> },
  { header: 'Name', width: { fill: 1, min: 10 }, render: (item) => <TableText text={item.label} /> },
  {
    header: 'Reason or ID',
    width: { fill: 1.8, min: 12 },
    render: (item) =>
      item.error ? (
        <TableText text={item.error.message} />
      ) : item.reason ? (
        <TableText text={item.reason} />
      ) : (
        <TableText text={item.id} mono />
      ),
  },
];

/** The headline of an undo: what it put back, and plainly what it did not. */
function undoSummary(progress: BatchProgress): { tone: BannerTone; title: string; body: string } {
  const counts = documentCounts(progress);
  const undone = counts.deleted + counts.updated + counts.created;
  const done = [
    counts.deleted > 0 ? `${counts.deleted.toLocaleString()} deleted` : null,
    counts.updated > 0 ? `${counts.updated.toLocaleString()} restored` : null,
    counts.created > 0 ? `${counts.created.toLocaleString()} re-created` : null,
  ].filter(Boolean);
  const left =
    counts.skipped > 0
      ? ` ${plural(counts.skipped, 'document was', 'documents were')} left alone: already as before, or changed since the batch (undo it again and tick those to undo them anyway).`
      : '';
  const stopped =
    progress.state === 'cancelled' ? 'Undo cancelled' : progress.state === 'interrupted' ? 'Undo interrupted' : 'Undo finished';
  if (counts.failed > 0) {
    return {
      tone: 'warning',
      title: `${stopped}: ${plural(counts.failed, 'document', 'documents')} failed`,
      body: `${done.length > 0 ? `${done.join(', ')}. ` : ''}The reasons are listed below; undo the batch again to retry them: what is already as before needs nothing.${left}`,
    };
  }
  return {
    tone: undone > 0 && progress.state === 'finished' ? 'success' : 'warning',
    title: `${stopped}: ${done.length > 0 ? done.join(', ') : 'nothing changed'}`,
    body: `${plural(undone, 'document is', 'documents are')} back as before this batch.${left}`,
  };
}

/** The results of an undo batch: per document, deleted, restored, re-created, left alone or failed with why. */
export function UndoResults({ progress, rows }: { progress: BatchProgress; rows: readonly RowResult[] }) {
  const planUndo = useImport((state) => state.planUndo);
  const batches = useImport((state) => state.batches);
  const goTo = useImport((state) => state.goTo);
  const [filter, setFilter] = useState<OutcomeFilter>('all');
  const documents = useMemo(
    () =>
      [...rows]
        .sort((a, b) => a.row - b.row)
        .flatMap((row) => row.resources)
        .map((resource, index) => ({ ...resource, order: index + 1 })),
    [rows],
  );
  const counts = documentCounts(progress);
  const summary = undoSummary(progress);
  const undone = batches.status === 'ready' ? batches.list.find((batch) => batch.undoneBy.includes(progress.batchId)) : undefined;
  const shown = filter === 'all' ? documents : documents.filter((item) => item.outcome === filter);
  const present = outcomeOrder.filter((outcome) => documents.some((item) => item.outcome === outcome));

  return (
    <>
      <StepHeading title={`Results of ${progress.name}`}>
        {undone ? `Undid ${undone.name}` : 'An undo'}
        {progress.finishedAt ? ` · finished ${new Date(progress.finishedAt).toLocaleString()}` : ''}
      </StepHeading>
      <Banner tone={summary.tone} title={summary.title} role="status" className="results-step__summary">
        {summary.body}
      </Banner>

      <ul className="results-step__counts">
        {originWords.undo.counters.map(({ outcome, label }) => (
          <li key={outcome} className="results-step__count">
            <span className="results-step__count-number">{counts[outcome].toLocaleString()}</span>
            <StatusBadge tone={counts[outcome] > 0 ? undoOutcomeWords[outcome].tone : 'neutral'}>{label}</StatusBadge>
          </li>
        ))}
      </ul>

      <Panel title="Next steps">
        <div className="results-step__next">
          <Button icon={<UndoIcon />} onClick={() => void planUndo(progress.batchId, progress.name)} aria-haspopup="dialog">
            Undo this undo…
          </Button>
          <Button icon={<ArrowRightIcon />} onClick={() => goTo('file')}>
            Back to recent batches
          </Button>
        </div>
      </Panel>

      <section className="results-step__rows" aria-labelledby="results-rows-title">
        <h3 id="results-rows-title" className="results-step__rows-title">
          Every document
        </h3>
        <SegmentedControl
          legend="Show"
          options={[
            { value: 'all', label: `All (${documents.length.toLocaleString()})` },
            ...present.map((outcome) => ({
              value: outcome,
              label: `${undoOutcomeWords[outcome].label} (${documents.filter((item) => item.outcome === outcome).length.toLocaleString()})`,
            })),
          ]}
          value={filter}
          onChange={setFilter}
        />
        {shown.length > 0 ? (
          <VirtualTable label="Results by document" items={shown} columns={documentColumns} rowKey={(item) => item.order} />
        ) : (
          <EmptyState
            icon={<ImportIcon size="xl" />}
            title="No documents"
            actions={
              <Button icon={<ArrowRightIcon />} onClick={() => setFilter('all')}>
                Show all documents
              </Button>
            }
          >
            No document has this outcome.
          </EmptyState>
        )}
      </section>
    </>
  );
}
