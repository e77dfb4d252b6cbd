import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { AuditRecord } from '../../../../common/audit';
import type { AppError } from '../../../../common/ipc/result';
import { batchLabel, shortBatchId } from '../../components/auditWords';
import { Button } from '../../components/Button';
import { downloadText } from '../../components/downloadText';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ArrowRightIcon, FileCsvIcon, HistoryIcon } from '../../components/Icon';
import { Kbd } from '../../components/Kbd';
import { NotConnectedPage } from '../../components/NotConnectedPage';
import { Page } from '../../components/Page';
import { Panel } from '../../components/Panel';
import { plural } from '../../components/plural';
import { RetryOrConnect } from '../../components/RetryOrConnect';
import { useFindShortcut } from '../../components/useFindShortcut';
import type { HistoryList } from '../../store/createHistoryStore';
import { filtersAreClear, type NamedFilter } from '../../store/historyQuery';
import { useConnections, useHistory, useImport, useNavigation } from '../../store/StoresContext';
import { HistoryFiltersBar } from './HistoryFilters';
import { HistoryTable } from './HistoryTable';
import { RecordDetails } from './RecordDetails';
import './HistoryPage.css';

const DESCRIPTION = 'Every change this app made to the account: what, when, by whom, and how it ended.';

export function HistoryPage() {
  const activeId = useConnections((state) => state.overview?.activeId ?? null);
  const overviewLoaded = useConnections((state) => state.overview !== null);
  const load = useHistory((state) => state.load);
  const refreshBatches = useImport((state) => state.refreshBatches);

  // Read on every visit as well as on every change main announces: the view never shows an old list.
  useEffect(() => {
    if (activeId) void load(activeId);
  }, [activeId, load]);
  useEffect(() => {
    void refreshBatches();
  }, [refreshBatches]);

  if (overviewLoaded && !activeId) {
    return (
      <NotConnectedPage title="History" description={DESCRIPTION} icon={<HistoryIcon size="xl" />}>
        Connect to an account to see the changes this app made to it: imports, edits, bulk actions, undos and phone actions.
      </NotConnectedPage>
    );
  }
  if (!activeId) {
    return (
      <Page title="History" description={DESCRIPTION}>
        <p className="history-page__loading" role="status">
          Reading the history…
        </p>
      </Page>
    );
  }
  return <HistoryView connectionId={activeId} />;
}

function HistoryView({ connectionId }: { connectionId: string }) {
  const list = useHistory((state) => state.list);
  const filters = useHistory((state) => state.filters);
  const setFilters = useHistory((state) => state.setFilters);
  const clearFilters = useHistory((state) => state.clearFilters);
  const showResource = useHistory((state) => state.showResource);
  const exportCsv = useHistory((state) => state.exportCsv);
  const load = useHistory((state) => state.load);
  const batches = useImport((state) => state.batches);
  const [activeRecord, setActiveRecord] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<AppError | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  useFindShortcut(searchRef);

  const ours: NamedFilter[] = useMemo(
    () =>
      batches.status === 'ready'
        ? batches.list
            .filter((batch) => batch.connectionId === connectionId)
            .map((batch) => ({ id: batch.batchId, name: batchLabel(batch) }))
        : [],
    [batches, connectionId],
  );
  const batchName = (batchId: string) => ours.find((batch) => batch.id === batchId)?.name ?? null;
  const showBatch = (batchId: string) =>
    setFilters({ batch: { id: batchId, name: batchName(batchId) ?? `Batch ${shortBatchId(batchId)}` } });
  // A filter button goes away once pressed; focus goes back to the search, at the top of what changed.
  const refocus = () => searchRef.current?.focus();

  const current = list.status === 'ready' && list.connectionId === connectionId ? list : null;
  const records = current?.records ?? [];
  const active = records.find((record) => record.id === activeRecord) ?? null;

  const exportShown = async () => {
    setExporting(true);
    setExportError(null);
    const result = await exportCsv();
    setExporting(false);
    if (result.ok) downloadText(result.value.fileName, result.value.csv);
    else setExportError(result.error);
  };

  return (
    <Page
      wide
      title="History"
      description={DESCRIPTION}
      actions={
        current && current.total > 0 ? (
          <Button icon={<FileCsvIcon />} busy={exporting} onClick={() => void exportShown()}>
            Export CSV
          </Button>
        ) : null
      }
    >
      {exportError ? <ErrorNotice error={exportError} title="The CSV could not be made" /> : null}
      <Panel className="history-page__panel">
        <HistoryFiltersBar
          filters={filters}
          batches={ours}
          onChange={setFilters}
          onClear={() => {
            clearFilters();
            refocus();
          }}
          searchRef={searchRef}
        />
        <HistoryBody
          list={list}
          connectionId={connectionId}
          filtered={!filtersAreClear(filters)}
          onRetry={() => void load(connectionId)}
          onClear={() => {
            clearFilters();
            refocus();
          }}
        >
          <HistoryTable
            records={records}
            activeId={active?.id ?? null}
            onActivate={setActiveRecord}
            batchName={batchName}
            onBatch={showBatch}
          />
          <p className="history-page__keys">
            In the table: <Kbd keys="↑" /> <Kbd keys="↓" /> move; the change’s fields show below.
          </p>
          {active ? (
            <RecordDetails
              record={active}
              batchName={active.batchId ? batchName(active.batchId) : null}
              showsResource={filters.resource?.id === active.resourceId}
              showsBatch={filters.batch?.id === active.batchId}
              onResource={(record: AuditRecord) => {
                showResource({ id: record.resourceId, name: record.name || record.resourceId });
                refocus();
              }}
              onBatch={(batchId) => {
                showBatch(batchId);
                refocus();
              }}
            />
          ) : (
            <p className="history-page__keys">Choose a change in the table to see every field it changed, before → after.</p>
          )}
        </HistoryBody>
      </Panel>
    </Page>
  );
}

interface HistoryBodyProps {
  list: HistoryList;
  connectionId: string;
  filtered: boolean;
  onRetry: () => void;
  onClear: () => void;
  /** The table and its details, once there are records to show. */
  children: ReactNode;
}

/** Below the filters: reading, could not read, nothing recorded yet, nothing matches, or the changes. */
function HistoryBody({ list, connectionId, filtered, onRetry, onClear, children }: HistoryBodyProps) {
  const go = useNavigation((state) => state.go);
  if (list.status === 'failed' && list.connectionId === connectionId) {
    return (
      <ErrorNotice error={list.error} title="Could not read the history">
        <RetryOrConnect onRetry={onRetry} />
      </ErrorNotice>
    );
  }
  if (list.status !== 'ready' || list.connectionId !== connectionId) {
    return (
      <p className="history-page__loading" role="status">
        Reading the history…
      </p>
    );
  }
  if (list.total === 0 && !filtered) {
    return (
      <EmptyState
        icon={<HistoryIcon size="xl" />}
        title="No changes recorded yet"
        actions={
          <Button variant="primary" icon={<ArrowRightIcon />} onClick={() => go('devices')}>
            Go to Devices
          </Button>
        }
      >
        Changes you make with this app appear here: imports, edits in the editor, bulk actions, undos and phone actions, each with its
        fields before and after.
      </EmptyState>
    );
  }
  if (list.total === 0) {
    return (
      <EmptyState
        icon={<HistoryIcon size="xl" />}
        title="No change matches the filters"
        actions={
          <Button variant="primary" onClick={onClear}>
            Clear filters
          </Button>
        }
      >
        Try a longer time span, another change or batch, or fewer words.
      </EmptyState>
    );
  }
  return (
    <>
      <p role="status" className="history-page__count">
        {filtered ? `${plural(list.total, 'change matches', 'changes match')} the filters` : plural(list.total, 'change', 'changes')}
        {list.records.length < list.total
          ? ` · showing the newest ${list.records.length.toLocaleString()}; narrow the filters, or export them all as CSV`
          : null}
      </p>
      {children}
    </>
  );
}
