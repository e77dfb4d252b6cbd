import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { isSecretColumn } from '../../../../common/import/columns';
import type { ImportDraft } from '../../../../common/import/types';
import { ErrorCircleIcon, WarningIcon } from '../../components/Icon';
import { plural } from '../../components/plural';
import { useRemInPixels } from '../../components/useRemInPixels';
import { cellKey, describeIssues, sentValue, worstOf, type GridColumn, type IssueIndex } from './gridModel';
import { maskSecret } from './maskSecret';
import './ImportGrid.css';

/** A cell by draft row and grid column; column -1 is the row number. */
export interface ActiveCell {
  row: number;
  col: number;
}

export interface ImportGridProps {
  label: string;
  draft: ImportDraft;
  columns: readonly GridColumn[];
  /** The draft rows to show, in order. */
  rows: readonly number[];
  issues: IssueIndex;
  active: ActiveCell | null;
  onActiveChange: (cell: ActiveCell) => void;
  onEdit: (row: number, source: number, value: string) => void;
  /** Changed by the parent to put keyboard focus on `active`, e.g. after "Go to cell". */
  focusRequest: number;
}

// Heights in rem, matching ImportGrid.css, so they follow the user's font size.
const ROW_REM = 2.25;
const HEAD_REM = 3.25;
const ROW_HEADER_REM = 5.5;
const OVERSCAN = 6;

interface Editing {
  row: number;
  col: number;
  initial: string;
}

/**
 * The rows of the file as a spreadsheet-like grid: only the rows in view are in the DOM, so ten
 * thousand rows scroll as smoothly as ten. Keyboard as in a spreadsheet (arrows, Home/End,
 * Page Up/Down, Enter or typing to edit, Enter/Tab to save, Esc to cancel), with the grid roles
 * and one tab stop that let a screen reader announce row, column, value and problem.
 */
export function ImportGrid({ label, draft, columns, rows, issues, active, onActiveChange, onEdit, focusRequest }: ImportGridProps) {
  const gridId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const rem = useRemInPixels();
  const [editing, setEditing] = useState<Editing | null>(null);
  // The editor's blur after Enter, Tab or Esc must not save a second time.
  const editingRef = useRef<Editing | null>(null);
  const focusPending = useRef(false);

  const headHeight = HEAD_REM * rem;
  // No React Compiler runs here, so nothing memoises the virtualiser's functions; it re-renders through its own state.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_REM * rem,
    overscan: OVERSCAN,
    scrollMargin: headHeight,
    scrollPaddingStart: headHeight,
  });

  const firstRow = rows[0];
  const current: ActiveCell | null =
    active && rows.includes(active.row) ? active : firstRow === undefined ? null : { row: firstRow, col: 0 };
  const currentPosition = current ? rows.indexOf(current.row) : -1;
  const virtualItems = virtualizer.getVirtualItems();
  const currentRendered = virtualItems.some((item) => item.index === currentPosition);
  // Each column at least its width, and a wide window's spare width shared out in the same proportions.
  const template = [`${ROW_HEADER_REM}rem`, ...columns.map((column) => `minmax(${column.widthRem}rem, ${column.widthRem}fr)`)].join(' ');
  const widthRem = ROW_HEADER_REM + columns.reduce((sum, column) => sum + column.widthRem, 0);

  // Declared before the effect that moves focus, which then runs in the same commit: a cell already
  // in view scrolls nowhere and brings no render of its own.
  const lastRequest = useRef(focusRequest);
  useEffect(() => {
    if (focusRequest === lastRequest.current) return;
    lastRequest.current = focusRequest;
    if (currentPosition < 0) return;
    focusPending.current = true;
    virtualizer.scrollToIndex(currentPosition, { align: 'auto' });
  }, [focusRequest, currentPosition, virtualizer]);

  // Focus follows the active cell once its row is rendered; scrolling there may take a render or two.
  useEffect(() => {
    if (!focusPending.current || !current) return;
    const target = scrollRef.current?.querySelector<HTMLElement>(`[data-cell="${current.row}:${current.col}"]`);
    if (!target) return;
    focusPending.current = false;
    target.focus();
  });

  const moveTo = (position: number, col: number) => {
    const clamped = Math.max(0, Math.min(rows.length - 1, position));
    const row = rows[clamped];
    if (row === undefined) return;
    focusPending.current = true;
    virtualizer.scrollToIndex(clamped, { align: 'auto' });
    onActiveChange({ row, col: Math.max(-1, Math.min(columns.length - 1, col)) });
  };

  const valueAt = (row: number, col: number) => {
    const column = columns[col];
    return column ? (draft.rows[row]?.cells[column.source] ?? '') : '';
  };

  const startEditing = (cell: ActiveCell, initial?: string) => {
    if (cell.col < 0) return;
    const next = { row: cell.row, col: cell.col, initial: initial ?? valueAt(cell.row, cell.col) };
    editingRef.current = next;
    setEditing(next);
  };

  const finishEditing = (value: string | null, then: { refocus: boolean; moveBy?: number }) => {
    const edit = editingRef.current;
    if (!edit) return;
    editingRef.current = null;
    setEditing(null);
    const column = columns[edit.col];
    if (value !== null && column && value !== valueAt(edit.row, edit.col)) onEdit(edit.row, column.source, value);
    if (!then.refocus) return;
    focusPending.current = true;
    const position = rows.indexOf(edit.row);
    if (then.moveBy) moveTo(position, edit.col + then.moveBy);
    else onActiveChange({ row: edit.row, col: edit.col });
  };

  const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / (ROW_REM * rem)) - 2);

  const onGridKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (editingRef.current || !current) return;
    const { key, ctrlKey, metaKey, altKey } = event;
    const jump = ctrlKey || metaKey;
    const moves: Record<string, () => void> = {
      ArrowDown: () => moveTo(currentPosition + 1, current.col),
      ArrowUp: () => moveTo(currentPosition - 1, current.col),
      ArrowRight: () => moveTo(currentPosition, current.col + 1),
      ArrowLeft: () => moveTo(currentPosition, current.col - 1),
      PageDown: () => moveTo(currentPosition + pageRows, current.col),
      PageUp: () => moveTo(currentPosition - pageRows, current.col),
      Home: () => (jump ? moveTo(0, current.col) : moveTo(currentPosition, -1)),
      End: () => (jump ? moveTo(rows.length - 1, current.col) : moveTo(currentPosition, columns.length - 1)),
      Enter: () => startEditing(current),
      F2: () => startEditing(current),
    };
    const move = moves[key];
    if (move) {
      event.preventDefault();
      move();
      return;
    }
    // Typing over a cell replaces its value, as in a spreadsheet.
    if (key.length === 1 && !jump && !altKey && current.col >= 0) {
      event.preventDefault();
      startEditing(current, key);
    }
  };

  const onEditorKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    // The grid's own keys (arrows, Home, End) move the caret while editing.
    event.stopPropagation();
    const value = event.currentTarget.value;
    if (event.key === 'Enter') {
      event.preventDefault();
      finishEditing(value, { refocus: true });
    } else if (event.key === 'Tab') {
      event.preventDefault();
      finishEditing(value, { refocus: true, moveBy: event.shiftKey ? -1 : 1 });
    } else if (event.key === 'Escape') {
      event.preventDefault();
      finishEditing(null, { refocus: true });
    }
  };

  return (
    <div
      ref={scrollRef}
      id={gridId}
      className="import-grid"
      role="grid"
      aria-label={label}
      aria-rowcount={rows.length + 1}
      aria-colcount={columns.length + 1}
      // With the active row scrolled out of the DOM, the grid itself is the tab stop and hands focus on.
      tabIndex={currentRendered ? -1 : 0}
      onFocus={(event) => {
        if (event.target !== event.currentTarget || currentPosition < 0) return;
        focusPending.current = true;
        virtualizer.scrollToIndex(currentPosition, { align: 'auto' });
      }}
      onKeyDown={onGridKeyDown}
    >
      <div role="rowgroup" className="import-grid__head" style={{ width: `${widthRem}rem` }}>
        <div role="row" aria-rowindex={1} className="import-grid__row" style={{ gridTemplateColumns: template }}>
          <div role="columnheader" aria-colindex={1} className="import-grid__colhead import-grid__rowhead">
            <span className="import-grid__coltitle">Row</span>
            <span className="import-grid__colsub">in the file</span>
          </div>
          {columns.map((column, col) => (
            <div key={column.source} role="columnheader" aria-colindex={col + 2} className="import-grid__colhead" title={column.subtitle}>
              <span className="import-grid__coltitle">{column.title}</span>
              <span className="import-grid__colsub">{column.subtitle}</span>
            </div>
          ))}
        </div>
      </div>
      <div role="rowgroup" className="import-grid__body" style={{ height: virtualizer.getTotalSize(), width: `${widthRem}rem` }}>
        {virtualItems.map((item) => {
          const rowIndex = rows[item.index] as number;
          const row = draft.rows[rowIndex];
          if (!row) return null;
          const rowIssues = issues.byRowOnly.get(rowIndex);
          const rowSeverity = worstOf(rowIssues);
          const isCurrentRow = current?.row === rowIndex;
          const rowDescriptionId = `${gridId}-r${rowIndex}`;
          return (
            <div
              key={rowIndex}
              role="row"
              aria-rowindex={item.index + 2}
              className={['import-grid__row', 'import-grid__row--body', isCurrentRow && 'import-grid__row--current']
                .filter(Boolean)
                .join(' ')}
              style={{ gridTemplateColumns: template, transform: `translateY(${item.start - headHeight}px)`, height: item.size }}
            >
              <div
                role="rowheader"
                aria-colindex={1}
                data-cell={`${rowIndex}:-1`}
                tabIndex={isCurrentRow && current?.col === -1 ? 0 : -1}
                className={['import-grid__cell', 'import-grid__rowhead', rowSeverity && `import-grid__cell--${rowSeverity}`]
                  .filter(Boolean)
                  .join(' ')}
                aria-invalid={rowSeverity === 'error' || undefined}
                aria-describedby={rowIssues ? rowDescriptionId : undefined}
                title={rowIssues ? describeIssues(rowIssues) : undefined}
                onClick={() => onActiveChange({ row: rowIndex, col: -1 })}
              >
                <span className="import-grid__value">
                  <span className="visually-hidden">Row </span>
                  {row.line}
                </span>
                {rowSeverity ? <SeverityMark severity={rowSeverity} /> : null}
                {rowIssues ? (
                  <span id={rowDescriptionId} hidden>
                    {describeIssues(rowIssues)}
                  </span>
                ) : null}
              </div>
              {columns.map((column, col) => {
                const value = row.cells[column.source] ?? '';
                const cellIssues = issues.byCell.get(cellKey(rowIndex, column.source));
                const severity = worstOf(cellIssues);
                const isActive = isCurrentRow && current?.col === col;
                const isEditing = editing?.row === rowIndex && editing.col === col;
                const descriptionId = `${gridId}-c${rowIndex}-${column.source}`;
                const secret = isSecretColumn(column.field) && value !== '';
                return (
                  <div
                    key={column.source}
                    role="gridcell"
                    aria-colindex={col + 2}
                    data-cell={`${rowIndex}:${col}`}
                    tabIndex={isActive && !isEditing ? 0 : -1}
                    className={[
                      'import-grid__cell',
                      severity && `import-grid__cell--${severity}`,
                      isActive && 'import-grid__cell--active',
                      isEditing && 'import-grid__cell--editing',
                    ]
                      .filter(Boolean)
                      .join(' ')}
                    aria-invalid={severity === 'error' || undefined}
                    aria-describedby={cellIssues ? descriptionId : undefined}
                    title={cellIssues ? describeIssues(cellIssues) : undefined}
                    onClick={() => onActiveChange({ row: rowIndex, col })}
                    onDoubleClick={() => startEditing({ row: rowIndex, col })}
                  >
                    {isEditing ? (
                      <input
                        className="import-grid__editor"
                        aria-label={`${column.title}, row ${row.line}`}
                        defaultValue={editing.initial}
                        autoFocus
                        spellCheck={false}
                        onFocus={(event) => {
                          const end = event.target.value.length;
                          event.target.setSelectionRange(end, end);
                        }}
                        onKeyDown={onEditorKeyDown}
                        onBlur={(event) => finishEditing(event.currentTarget.value, { refocus: false })}
                      />
                    ) : secret ? (
                      <span className="import-grid__value">
                        <span aria-hidden="true">{maskSecret(value)}</span>
                        <span className="visually-hidden">hidden, {plural(value.length, 'character', 'characters')}</span>
                      </span>
                    ) : (
                      <SentBeside value={value} sent={sentValue(column.field, value, draft.account)} />
                    )}
                    {severity && !isEditing ? <SeverityMark severity={severity} /> : null}
                    {cellIssues ? (
                      <span id={descriptionId} hidden>
                        {describeIssues(cellIssues)}
                      </span>
                    ) : null}
                  </div>
                );
              })}
            </div>
          );
        })}
      </div>
    </div>
  );
}

/** The typed value, and beside it what the import sends instead (a MAC in the PBX's form, the owner's name). */
function SentBeside({ value, sent }: { value: string; sent: string | null }) {
  return (
    <>
      <span className="import-grid__value">{value}</span>
      {sent ? (
        <span className="import-grid__sent">
          <span aria-hidden="true">→ </span>
          <span className="visually-hidden">, sent as </span>
          {sent}
        </span>
      ) : null}
    </>
  );
}

/** The icon repeats the border's colour in a shape, for anyone who cannot tell red from amber. */
function SeverityMark({ severity }: { severity: 'error' | 'warning' }) {
  return severity === 'error' ? (
    <ErrorCircleIcon size="sm" className="import-grid__mark" />
  ) : (
    <WarningIcon size="sm" className="import-grid__mark" />
  );
}
