import { useVirtualizer } from '@tanstack/react-virtual';
import { useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import type { RegistrationRow } from '../../../../common/registrations';
import type { RecentChange } from '../../store/createLiveStore';
import { ConditionBadge } from './ConditionBadge';
import { agoWords, expiryWords, formatAbsolute } from './liveWords';
import { useNow } from './useNow';
import { rowMovementKeys } from '../../components/rowMovementKeys';
import { useRemInPixels } from '../../components/useRemInPixels';
import { VirtualTableHead } from '../../components/VirtualTableHead';
import './LiveList.css';

interface Column {
  header: string;
  /** A width in rem, or a share of what is left with a least width in rem. */
  width: number | { fill: number; min: number };
  render: (row: RegistrationRow, now: number) => ReactNode;
}

const None = () => (
  <span className="virtual-table__muted" aria-label="none">
    –
  </span>
);

const Text = ({ text, mono = false }: { text: string | null; mono?: boolean }) =>
  text ? (
    <span className={mono ? 'virtual-table__mono' : 'virtual-table__text'} title={text}>
      {text}
    </span>
  ) : (
    <None />
  );

const When = ({ iso, words }: { iso: string | null; words: (iso: string) => string }) =>
  iso ? (
    <time className="virtual-table__text" dateTime={iso} title={formatAbsolute(iso)}>
      {words(iso)}
    </time>
  ) : (
    <None />
  );

const columns: readonly Column[] = [
  { header: 'Name', width: { fill: 1, min: 9 }, render: (row) => <Text text={row.name} /> },
  { header: 'State', width: 9.5, render: (row) => <ConditionBadge row={row} /> },
  { header: 'Last seen', width: 7.5, render: (row, now) => <When iso={row.lastSeen} words={(iso) => agoWords(iso, now)} /> },
  { header: 'IP address', width: 8.5, render: (row) => <Text text={row.ip} mono /> },
  { header: 'User agent', width: { fill: 1.2, min: 9 }, render: (row) => <Text text={row.userAgent} /> },
  { header: 'Expires', width: 8, render: (row, now) => <When iso={row.expiresAt} words={(iso) => expiryWords(iso, now)} /> },
];

const ROW_REM = 2.5;
const template = columns
  .map((c) => (typeof c.width === 'number' ? `${c.width}rem` : `minmax(${c.width.min}rem, ${c.width.fill}fr)`))
  .join(' ');
const minWidth = `${columns.reduce((sum, c) => sum + (typeof c.width === 'number' ? c.width : c.width.min), 0)}rem`;

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
  const scrollRef = useRef<HTMLDivElement>(null);
  const rem = useRemInPixels();
  const idBase = useId();
  const now = useNow(1000);
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_REM * rem,
    overscan: 10,
  });
  const activeIndex = activeId === null ? -1 : rows.findIndex((row) => row.deviceId === activeId);
  const rowId = (id: string) => `${idBase}-row-${id}`;

  const move = (index: number) => {
    const target = rows[index];
    if (!target) return;
    onActivate(target.deviceId);
    virtualizer.scrollToIndex(index, { align: 'auto' });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const handled = rowMovementKeys({ activeIndex, count: rows.length, viewport: scrollRef.current, rowHeightPx: ROW_REM * rem, move });
    const action = handled[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  };

  return (
    <div
      ref={scrollRef}
      className="virtual-table live-list"
      role="grid"
      aria-label={label}
      aria-rowcount={rows.length + 1}
      aria-activedescendant={activeIndex >= 0 && activeId ? rowId(activeId) : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onFocus={(event) => {
        if (event.target === event.currentTarget && activeIndex < 0 && rows[0]) onActivate(rows[0].deviceId);
      }}
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
                row.deviceId === activeId && 'live-list__row--active',
              ]
                .filter(Boolean)
                .join(' ')}
              style={{ gridTemplateColumns: template, minWidth, transform: `translateY(${virtual.start}px)`, height: virtual.size }}
              onClick={() => onActivate(row.deviceId)}
            >
              {columns.map((column, index) => (
                <div key={column.header} role="gridcell" className="virtual-table__cell">
                  {column.render(row, now)}
                  {index === 1 && change ? <span className="visually-hidden">, {recentWords[change.kind]}</span> : null}
                </div>
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}
