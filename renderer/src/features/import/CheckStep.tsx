import { useMemo, useState } from 'react';
import type { DraftAccount, ImportDraft } from '../../../../common/import/types';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ArrowRightIcon, CheckCircleIcon } from '../../components/Icon';
import { plural } from '../../components/plural';
import { StatusBadge } from '../../components/StatusBadge';
import { mergeIssues } from '../../store/importIssues';
import { useImport } from '../../store/StoresContext';
import { gridColumnsOf, indexIssues } from './gridModel';
import { ImportGrid, type ActiveCell } from './ImportGrid';
import { RowProblems } from './RowProblems';
import { StepHeading } from './StepHeading';
import { StepNav } from './StepNav';
import './CheckStep.css';

/** Step 3: every row in a grid, problems on their cells, fixed in place. */
export function CheckStep({ draft }: { draft: ImportDraft }) {
  const accountIssues = useImport((state) => state.accountIssues);
  const runIssues = useImport((state) => state.runIssues);
  const gridFilter = useImport((state) => state.gridFilter);
  const setGridFilter = useImport((state) => state.setGridFilter);
  const edit = useImport((state) => state.edit);
  const editCells = useImport((state) => state.editCells);
  const goTo = useImport((state) => state.goTo);

  const [active, setActive] = useState<ActiveCell | null>(null);
  const [focusRequest, setFocusRequest] = useState(0);
  // Rows fixed while showing only errors stay in view, so a fixed row does not vanish from under the cursor.
  const [kept, setKept] = useState<ReadonlySet<number>>(new Set());

  const issues = useMemo(() => mergeIssues(draft.issues, accountIssues, runIssues), [draft.issues, accountIssues, runIssues]);
  const columns = useMemo(() => gridColumnsOf(draft), [draft]);
  const index = useMemo(() => indexIssues(issues, columns), [issues, columns]);
  const allRows = useMemo(() => draft.rows.map((_, row) => row), [draft.rows]);
  const shownRows = useMemo(
    () => (gridFilter === 'errors' ? allRows.filter((row) => index.errorRows.has(row) || kept.has(row)) : allRows),
    [gridFilter, allRows, index.errorRows, kept],
  );

  const toggleFilter = () => {
    setKept(new Set());
    setGridFilter(gridFilter === 'errors' ? 'all' : 'errors');
  };

  const onEdit = (row: number, sourceColumn: number, value: string) => {
    if (gridFilter === 'errors') setKept((rows) => new Set(rows).add(row));
    void editCells([{ row, sourceColumn, value }]);
  };

  const clearExtraCells = (row: number) => {
    const cells = draft.rows[row]?.cells ?? [];
    const edits = cells.slice(draft.headers.length).map((_, offset) => ({ row, sourceColumn: draft.headers.length + offset, value: '' }));
    if (gridFilter === 'errors') setKept((rows) => new Set(rows).add(row));
    void editCells(edits);
  };

  const selectedRow = active && shownRows.includes(active.row) ? active.row : (shownRows[0] ?? null);
  const errorRowCount = index.errorRows.size;
  const fileName = draft.source.fileName;

  return (
    <>
      <StepHeading title="Check and fix rows">
        Problems are marked on their cells. Fix them here, or leave a row as it is: rows with errors are not sent.
      </StepHeading>
      <div className="check-step__toolbar">
        <p className="check-step__counts" aria-live="polite">
          <span>{plural(draft.rows.length, 'row', 'rows')}</span>
          {errorRowCount > 0 ? (
            <StatusBadge tone="danger">{plural(errorRowCount, 'row with errors', 'rows with errors')}</StatusBadge>
          ) : (
            <StatusBadge tone="success">No errors</StatusBadge>
          )}
          {index.warningRows.size > 0 ? (
            <StatusBadge tone="warning">{plural(index.warningRows.size, 'row with warnings', 'rows with warnings')}</StatusBadge>
          ) : null}
          {edit.status === 'running' ? <StatusBadge tone="progress">Checking your change…</StatusBadge> : null}
        </p>
        <label className="check-step__filter">
          <input type="checkbox" checked={gridFilter === 'errors'} onChange={toggleFilter} />
          Only rows with errors ({errorRowCount.toLocaleString()})
        </label>
      </div>
      <AccountNote account={draft.account} />
      {runIssues.length > 0 ? (
        <Banner tone="info" title="The server refused some rows">
          Their reasons are on the cells it named. Fix them, then review the plan and start again: rows already imported are matched, not
          created twice.
        </Banner>
      ) : null}
      {edit.status === 'failed' ? <ErrorNotice error={edit.error} title="Your change was not saved" /> : null}

      {shownRows.length === 0 ? (
        <div className="check-step__none">
          <EmptyState
            icon={<CheckCircleIcon size="xl" />}
            title="No rows with errors"
            actions={<Button onClick={toggleFilter}>Show all rows</Button>}
          >
            Every row passed the checks that can be made before the plan. Continue to the plan to check them against the account.
          </EmptyState>
        </div>
      ) : (
        <div className="check-step__work">
          <ImportGrid
            label={`Rows of ${fileName}`}
            draft={draft}
            columns={columns}
            rows={shownRows}
            issues={index}
            active={active}
            onActiveChange={setActive}
            onEdit={onEdit}
            focusRequest={focusRequest}
          />
          <RowProblems
            draft={draft}
            row={selectedRow}
            issues={selectedRow === null ? [] : (index.byRow.get(selectedRow) ?? [])}
            columns={columns}
            onGoToCell={(row, col) => {
              setActive({ row, col });
              setFocusRequest((request) => request + 1);
            }}
            onClearExtraCells={clearExtraCells}
          />
        </div>
      )}

      <StepNav
        back={<Button onClick={() => goTo('columns')}>Back to columns</Button>}
        note={errorRowCount > 0 ? `${plural(errorRowCount, 'row has', 'rows have')} errors and will not be sent unless fixed.` : null}
        next={
          <Button variant="primary" icon={<ArrowRightIcon />} onClick={() => goTo('plan')}>
            Continue to plan
          </Button>
        }
      />
    </>
  );
}

/** Which account the rows were checked against when the file was loaded, or why they were not. */
function AccountNote({ account }: { account: DraftAccount | null }) {
  if (account === null) {
    return (
      <p className="check-step__account">
        Checked on its own: no connection is active, so owners, MACs, SIP usernames and extensions are checked against the account at the
        plan.
      </p>
    );
  }
  if (account.status === 'unavailable') {
    return (
      <Banner tone="warning" title={`Not checked against ${account.connectionName ?? 'the account'}`}>
        {account.message} Owners, MACs, SIP usernames and extensions are checked against the account at the plan.
      </Banner>
    );
  }
  return (
    <p className="check-step__account">
      Checked against {account.connectionName}: {plural(account.deviceCount, 'device', 'devices')} and{' '}
      {plural(account.userCount, 'user', 'users')} read when the file was loaded.
    </p>
  );
}
