import { columnLabel, columnLetter } from '../../../../common/import/labels';
import type { CellIssue, ImportDraft } from '../../../../common/import/types';
import { Button } from '../../components/Button';
import { CheckCircleIcon, ErrorCircleIcon, WarningIcon } from '../../components/Icon';
import { Kbd } from '../../components/Kbd';
import type { GridColumn } from './gridModel';
import './RowProblems.css';

export interface RowProblemsProps {
  draft: ImportDraft;
  row: number | null;
  issues: readonly CellIssue[];
  columns: readonly GridColumn[];
  onGoToCell: (row: number, col: number) => void;
  onClearExtraCells: (row: number) => void;
}

/** The selected row's problems in full sentences, each with the way to its cell. */
export function RowProblems({ draft, row, issues, columns, onGoToCell, onClearExtraCells }: RowProblemsProps) {
  const source = row === null ? undefined : draft.rows[row];
  const name = source ? source.cells[draft.mapping.indexOf('name')] : undefined;
  const hasExtraCells = source !== undefined && source.cells.length > draft.headers.length;

  return (
    <aside className="row-problems" aria-labelledby="row-problems-title">
      <h3 id="row-problems-title" className="row-problems__title">
        {source ? `Row ${source.line}${name ? ` · ${name}` : ''}` : 'No row selected'}
      </h3>
      {row === null || !source ? (
        <p className="row-problems__empty">Choose a row to see its problems here.</p>
      ) : issues.length === 0 ? (
        <p className="row-problems__ok">
          <CheckCircleIcon size="sm" />
          No problems on this row.
        </p>
      ) : (
        <ul className="row-problems__list">
          {issues.map((issue, index) => {
            const col = issue.sourceColumn === null ? -1 : columns.findIndex((column) => column.source === issue.sourceColumn);
            const where =
              issue.sourceColumn === null
                ? 'Whole row'
                : `Column ${columnLetter(issue.sourceColumn)} (${columnLabel(draft.headers, issue.sourceColumn)})`;
            return (
              <li
                key={`${issue.code}-${issue.sourceColumn ?? 'row'}-${index}`}
                className={`row-problems__item row-problems__item--${issue.severity}`}
              >
                <span className="row-problems__icon">
                  {issue.severity === 'error' ? <ErrorCircleIcon size="sm" /> : <WarningIcon size="sm" />}
                </span>
                <div className="row-problems__text">
                  <p className="row-problems__where">
                    {issue.severity === 'error' ? 'Error' : 'Warning'} · {where}
                  </p>
                  <p>{issue.message}</p>
                  <div className="row-problems__actions">
                    {issue.code === 'row_too_long' && hasExtraCells ? (
                      <Button size="sm" onClick={() => onClearExtraCells(row)}>
                        Clear the extra cells
                      </Button>
                    ) : null}
                    {col >= 0 ? (
                      <Button size="sm" variant="ghost" onClick={() => onGoToCell(row, col)}>
                        Go to cell
                      </Button>
                    ) : null}
                  </div>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <p className="row-problems__keys">
        <Kbd keys="Enter" /> or double-click edits a cell; <Kbd keys="Enter" /> or <Kbd keys="Tab" /> saves, <Kbd keys="Esc" /> cancels.
      </p>
    </aside>
  );
}
