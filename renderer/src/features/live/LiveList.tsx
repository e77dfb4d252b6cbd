import type { ReactNode } from 'react';
import type { RegistrationRow } from '../../../../common/registrations';
import type { RecentChange } from '../../store/createLiveStore';
import { ConditionBadge } from './ConditionBadge';
import { expiryWords } from './expiryWords';
import { formatAbsolute } from './liveWords';
import { columnLayout, type ColumnWidth } from '../../components/columnLayout';
import { TableNone, TableText } from '../../components/TableText';
import { agoWords } from '../../components/timeWords';
import { useActiveRow } from '../../components/useActiveRow';
import { useNow } from '../../components/useNow';
import { useVirtualRows } from '../../components/useVirtualRows';
import { VirtualTableHead } from '../../components/VirtualTableHead';
import './LiveList.css';

interface Column {
  header: string;
  width: ColumnWidth;
  render: (row: RegistrationRow, now: number) => ReactNode;
}

const When = ({ iso, words }: { iso: string | null; words: (iso: string) => string }) =>
  iso ? (
    <time className="virtual-table__text" dateTime={iso} title={formatAbsolute(iso)}>
      {words(iso)}
    </time>
  ) : (
    <TableNone />
  );

function Expires({ row, now }: { row: RegistrationRow; now: number }) {
  const expiry = expiryWords(row, now);
  if (!expiry) return <TableNone />;
  return expiry.kind === 'at' ? (
    <When iso={expiry.iso} words={() => expiry.words} />
  ) : (
    <TableText text={expiry.words} title={expiry.hint} />
  );
}

const columns: readonly Column[] = [
  { header: 'Name', width: { fill: 1, min: 9 }, render: (row) => <TableText text={row.name} /> },
  { header: 'User', width: { fill: 0.8, min: 6 }, render: (row) => <TableText text={row.ownerName} /> },
  { header: 'Ext.', width: 4.5, render: (row) => <TableText text={row.extension} mono /> },
  { header: 'MAC address', width: 8.75, render: (row) => <TableText text={row.macAddress} mono /> },
  { header: 'State', width: 14.5, render: (row) => <ConditionBadge row={row} /> },
  { header: 'Last seen', width: 7.5, render: (row, now) => <When iso={row.lastSeen} words={(iso) => agoWords(iso, now)} /> },
  { header: 'IP address', width: 8.5, render: (row) => <TableText text={row.ip} mono /> },
  { header: 'User agent', width: { fill: 1.2, min: 9 }, render: (row) => <TableText text={row.userAgent} /> },
  { header: 'Expires', width: 8, render: (row, now) => <Expires row={row} now={now} /> },
];

const { template, minWidth } = columnLayout(columns.map((column) => column.width));

const recentWords: Record<RecentChange['kind'], string> = { online: 'just came online', offline: 'just went offline' };

export interface LiveListProps {
  rows: readonly RegistrationRow[];
  recent: Readonly<Record<string, RecentChange>>;
  activeId: string | null;
  onActivate: (id: string) => void;
  label: string;
}

/**
 * The watched devices, rendering only the rows in view. An ARIA grid like the Devices table: the
 * body takes focus and arrow keys move the active row. Rows that just changed glow for a few seconds.
 */
export function LiveList({ rows, recent, activeId, onActivate, label }: LiveListProps) {
  const now = useNow(1000);
  const virtualRows = useVirtualRows(rows.length, 10);
  const { virtualizer, scrollRef } = virtualRows;
  const { rowId, onMovementKey, gridProps } = useActiveRow({
    items: rows,
    keyOf: (row) => row.deviceId,
    activeId,
    onActivate,
    rows: virtualRows,
  });

  return (
    <div
      ref={scrollRef}
      className="virtual-table virtual-table--grid live-list"
      role="grid"
      aria-label={label}
      aria-rowcount={rows.length + 1}
      {...gridProps}
      onKeyDown={onMovementKey}
    >
      <VirtualTableHead headers={columns.map((column) => column.header)} template={template} minWidth={minWidth} />
      <div role="rowgroup" className="virtual-table__body" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((virtual) => {
          const row = rows[virtual.index]!;
          const change = recent[row.deviceId];
          return (
            <div
              key={row.deviceId}
              id={rowId(row.deviceId)}
              role="row"
              aria-rowindex={virtual.index + 2}
              className={[
                'virtual-table__row virtual-table__row--body live-list__row',
                change && `live-list__row--${change.kind}`,
                row.deviceId === activeId && 'virtual-table__row--active',
              ]
                .filter(Boolean)
                .join(' ')}
              style={{ gridTemplateColumns: template, minWidth, transform: `translateY(${virtual.start}px)`, height: virtual.size }}
              onClick={() => onActivate(row.deviceId)}
            >
              {columns.map((column) => (
                <div key={column.header} role="gridcell" className="virtual-table__cell">
                  {column.render(row, now)}
                  {column.header === 'State' && change ? <span className="visually-hidden">, {recentWords[change.kind]}</span> : null}
                </div>
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}
