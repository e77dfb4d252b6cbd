import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type ReactNode } from 'react';
import { useRemInPixels } from '../../components/useRemInPixels';
import { VirtualTableHead } from '../../components/VirtualTableHead';
import '../../components/VirtualTable.css';

export interface VirtualColumn<T> {
  header: string;
  /** A width in rem, or 'fill' for the one column that takes what is left. */
  width: number | 'fill';
  render: (item: T) => ReactNode;
}

export interface VirtualTableProps<T> {
  label: string;
  items: readonly T[];
  columns: readonly VirtualColumn<T>[];
  rowKey: (item: T) => string | number;
  /** Tallest the table grows before it scrolls, in rem. */
  maxHeightRem?: number;
}

const ROW_REM = 2.5;
const OVERSCAN = 8;
const FILL_MIN_REM = 12;

/**
 * A read-only table of any length that renders only the rows in view. The table role with
 * aria-rowcount and aria-rowindex tells a screen reader how long it really is.
 */
export function VirtualTable<T>({ label, items, columns, rowKey, maxHeightRem = 26 }: VirtualTableProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const rem = useRemInPixels();
  // No React Compiler runs here, so nothing memoises the virtualiser's functions; it re-renders through its own state.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_REM * rem,
    overscan: OVERSCAN,
  });
  const template = columns.map((column) => (column.width === 'fill' ? `minmax(${FILL_MIN_REM}rem, 1fr)` : `${column.width}rem`)).join(' ');
  const minWidth = `${columns.reduce((sum, column) => sum + (column.width === 'fill' ? FILL_MIN_REM : column.width), 0)}rem`;
  const height = Math.min(maxHeightRem, (items.length + 1) * ROW_REM + 0.25);

  return (
    <div
      ref={scrollRef}
      className="virtual-table"
      role="table"
      aria-label={label}
      aria-rowcount={items.length + 1}
      style={{ maxHeight: `${height}rem` }}
      // Scrollable regions must be reachable by keyboard to be scrolled without a mouse.
      tabIndex={0}
    >
      <VirtualTableHead headers={columns.map((column) => column.header)} template={template} minWidth={minWidth} />
      <div role="rowgroup" className="virtual-table__body" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((virtual) => {
          const item = items[virtual.index] as T;
          return (
            <div
              key={rowKey(item)}
              role="row"
              aria-rowindex={virtual.index + 2}
              className="virtual-table__row virtual-table__row--body"
              style={{ gridTemplateColumns: template, minWidth, transform: `translateY(${virtual.start}px)`, height: virtual.size }}
            >
              {columns.map((column) => (
                <div key={column.header} role="cell" className="virtual-table__cell">
                  {column.render(item)}
                </div>
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}
