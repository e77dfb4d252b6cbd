import type { ReactNode } from 'react';
import { columnLayout, type ColumnWidth } from './columnLayout';
import { useVirtualRows, VIRTUAL_ROW_REM } from './useVirtualRows';
import { VirtualTableHead } from './VirtualTableHead';
import './VirtualTable.css';

export interface VirtualColumn<T> {
  header: string;
  width: ColumnWidth;
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

const OVERSCAN = 8;

/**
 * A read-only table of any length that renders only the rows in view. The table role with
 * aria-rowcount and aria-rowindex tells a screen reader how long it really is.
 */
export function VirtualTable<T>({ label, items, columns, rowKey, maxHeightRem = 26 }: VirtualTableProps<T>) {
  const { scrollRef, virtualizer } = useVirtualRows(items.length, OVERSCAN);
  const { template, minWidth } = columnLayout(columns.map((column) => column.width));
  const height = Math.min(maxHeightRem, (items.length + 1) * VIRTUAL_ROW_REM + 0.25);

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
