import type { ReactNode } from 'react';
import type { AuditRecord } from '../../../../common/audit';
import { fieldsText } from '../../../../common/audit-text';
import { AuditOutcome } from '../../components/AuditOutcome';
import { auditKindWords, changeWords, shortBatchId } from '../../components/auditWords';
import { columnLayout, type ColumnWidth } from '../../components/columnLayout';
import { formatWhen } from '../../components/formatWhen';
import { TableNone, TableText } from '../../components/TableText';
import { useActiveRow } from '../../components/useActiveRow';
import { useVirtualRows } from '../../components/useVirtualRows';
import { VirtualTableHead } from '../../components/VirtualTableHead';
import '../../components/VirtualTable.css';
import './HistoryTable.css';

interface Column {
  header: string;
  width: ColumnWidth;
  render: (record: AuditRecord, batchName: (batchId: string) => string | null, onBatch: (batchId: string) => void) => ReactNode;
}

const Batch = ({ batchId, name, onBatch }: { batchId: string; name: string | null; onBatch: (batchId: string) => void }) => (
  // The pointer's way to the filter; from the keyboard, the details below the table offer it.
  <button
    type="button"
    tabIndex={-1}
    className="history-table__batch"
    title={`Show only the changes of ${name ?? `batch ${batchId}`}`}
    onClick={(event) => {
      event.stopPropagation();
      onBatch(batchId);
    }}
  >
    {name ?? shortBatchId(batchId)}
  </button>
);

// Outcome comes early: a window 1024 pixels wide shows time, change, kind, name and how it ended
// without scrolling sideways; wider windows give the rest to the fields, then the change and name.
const columns: readonly Column[] = [
  {
    header: 'Time',
    width: 8.5,
    render: (record) => (
      <time className="virtual-table__text" dateTime={record.at} title={record.at}>
        {formatWhen(record.at)}
      </time>
    ),
  },
  { header: 'Change', width: { fill: 0.9, min: 9.5 }, render: (record) => <TableText text={changeWords(record.action, record.source)} /> },
  { header: 'Kind', width: 5, render: (record) => <TableText text={auditKindWords[record.resource]} /> },
  { header: 'Name', width: { fill: 0.9, min: 8 }, render: (record) => <TableText text={record.name || record.resourceId} /> },
  { header: 'Outcome', width: 7.5, render: (record) => <AuditOutcome record={record} /> },
  {
    header: 'Fields (before → after)',
    width: { fill: 2.2, min: 11 },
    render: (record) => (record.fields.length > 0 ? <TableText text={fieldsText(record.fields)} /> : <TableNone label="no fields" />),
  },
  {
    header: 'Batch',
    width: 6.5,
    render: (record, batchName, onBatch) =>
      record.batchId ? (
        <Batch batchId={record.batchId} name={batchName(record.batchId)} onBatch={onBatch} />
      ) : (
        <TableNone label="no batch" />
      ),
  },
  { header: 'Who', width: 5.5, render: (record) => <TableText text={record.desktopUser} /> },
];

const { template, minWidth } = columnLayout(columns.map((column) => column.width));

export interface HistoryTableProps {
  records: readonly AuditRecord[];
  activeId: string | null;
  onActivate: (id: string) => void;
  batchName: (batchId: string) => string | null;
  onBatch: (batchId: string) => void;
}

/**
 * The recorded changes, newest first, rendering only the rows in view. An ARIA grid like Live's:
 * the table takes the focus and arrow keys move the active row, whose details show below it.
 */
export function HistoryTable({ records, activeId, onActivate, batchName, onBatch }: HistoryTableProps) {
  const rows = useVirtualRows(records.length, 10);
  const { virtualizer, scrollRef } = rows;
  const { rowId, onMovementKey, gridProps } = useActiveRow({ items: records, keyOf: (record) => record.id, activeId, onActivate, rows });

  return (
    <div
      ref={scrollRef}
      className="virtual-table virtual-table--grid history-table"
      role="grid"
      aria-label="Recorded changes"
      aria-rowcount={records.length + 1}
      {...gridProps}
      onKeyDown={onMovementKey}
    >
      <VirtualTableHead headers={columns.map((column) => column.header)} template={template} minWidth={minWidth} />
      <div role="rowgroup" className="virtual-table__body" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((virtual) => {
          const record = records[virtual.index]!;
          return (
            <div
              key={record.id}
              id={rowId(record.id)}
              role="row"
              aria-rowindex={virtual.index + 2}
              className={['virtual-table__row virtual-table__row--body', record.id === activeId && 'virtual-table__row--active']
                .filter(Boolean)
                .join(' ')}
              style={{ gridTemplateColumns: template, minWidth, transform: `translateY(${virtual.start}px)`, height: virtual.size }}
              onClick={() => onActivate(record.id)}
            >
              {columns.map((column) => (
                <div key={column.header} role="gridcell" className="virtual-table__cell">
                  {column.render(record, batchName, onBatch)}
                </div>
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}
