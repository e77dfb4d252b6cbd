import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import type { DeviceListItem } from '../../../../common/devices-view';
import type { RegistrationState } from '../../../../common/registrations';
import { columnLayout, type ColumnWidth } from '../../components/columnLayout';
import { StatusBadge, type StatusTone } from '../../components/StatusBadge';
import { TableNone, TableText } from '../../components/TableText';
import { useActiveRow } from '../../components/useActiveRow';
import { useVirtualRows } from '../../components/useVirtualRows';
import type { DeviceSortKey, SortDirection } from './deviceQuery';
import { typeLabel } from './deviceWords';
import '../../components/VirtualTable.css';
import './DevicesGrid.css';

interface Column {
  key: DeviceSortKey;
  header: string;
  /** The header in full, where the table shows it shortened. */
  fullHeader?: string;
  width: ColumnWidth;
  render: (device: DeviceListItem) => ReactNode;
}

const registrationBadges: Record<RegistrationState, { tone: StatusTone; words: string }> = {
  registered: { tone: 'success', words: 'Registered' },
  not_registered: { tone: 'warning', words: 'Not registered' },
  disabled: { tone: 'neutral', words: 'Disabled' },
};

const Registration = ({ device }: { device: DeviceListItem }) => {
  const state = device.registration;
  if (!state) return <TableNone label="unknown" title="Unknown until the Live view polls this account" />;
  if (device.awaitsFirstRegistration)
    // Live's "waiting for first registration", shortened to fit the column: a new phone, not a problem.
    return (
      <span title="Waiting for first registration: this phone has not registered since it was added">
        <StatusBadge tone="neutral">
          Waiting<span className="visually-hidden"> for first registration</span>
        </StatusBadge>
      </span>
    );
  const badge = registrationBadges[state];
  return <StatusBadge tone={badge.tone}>{badge.words}</StatusBadge>;
};

/** Where the extension comes from, in words, as the cell's tooltip. */
const extensionTitle = (device: DeviceListItem): string | undefined => {
  const owner = device.ownerName ?? 'The owner';
  switch (device.extensionSource) {
    case 'device_callflow':
      return 'Dialling this number rings this device (a callflow of the account)';
    case 'owner_callflow':
      return `${owner}'s extension: dialling it rings this device and their other phones`;
    case 'device':
      return "This device's own caller ID number (no callflow of the account rings it)";
    case 'owner':
      return `${owner}'s extension (their presence ID; no callflow of the account rings it)`;
    default:
      return undefined;
  }
};

// Least widths add up to 60rem, what a 1280-pixel window leaves the table, so nothing scrolls sideways there;
// wider windows give the extra to names, owners and SIP usernames.
const columns: readonly Column[] = [
  { key: 'name', header: 'Name', width: { fill: 1.4, min: 9 }, render: (d) => <TableText text={d.name} /> },
  { key: 'deviceType', header: 'Type', width: 6, render: (d) => <TableText text={typeLabel(d.deviceType)} /> },
  { key: 'ownerName', header: 'Owner', width: { fill: 1, min: 6 }, render: (d) => <TableText text={d.ownerName} /> },
  // Grows on wide screens until generated usernames (user_ and ten characters) show whole.
  { key: 'sipUsername', header: 'SIP username', width: { fill: 0.6, min: 7.75 }, render: (d) => <TableText text={d.sipUsername} mono /> },
  { key: 'macAddress', header: 'MAC address', width: 8.75, render: (d) => <TableText text={d.macAddress} mono /> },
  {
    key: 'extension',
    header: 'Ext.',
    fullHeader: 'Extension',
    width: 4,
    render: (d) => <TableText text={d.extension} title={extensionTitle(d)} />,
  },
  { key: 'enabled', header: 'Enabled', width: 5.5, render: (d) => <TableText text={d.enabled ? 'Yes' : 'No'} /> },
  { key: 'registration', header: 'Registration', width: 9, render: (d) => <Registration device={d} /> },
];

const CHECK_REM = 2;
const MENU_REM = 2;
const { template, minWidth } = columnLayout([CHECK_REM, ...columns.map((column) => column.width), MENU_REM]);

export interface DevicesGridProps {
  devices: readonly DeviceListItem[];
  sort: DeviceSortKey;
  direction: SortDirection;
  onSort: (key: DeviceSortKey) => void;
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
  onToggleAll: (select: boolean) => void;
  activeId: string | null;
  onActivate: (id: string) => void;
  onOpen: (id: string) => void;
  /** Opens the row's action menu below the button that asked for it. */
  onMenu: (device: DeviceListItem, anchor: HTMLElement) => void;
}

/**
 * Every device, rendering only the rows in view. An ARIA grid: the body takes focus, arrow keys
 * move the active row (aria-activedescendant), Space ticks it for bulk actions, Enter opens it,
 * the menu key or Shift+F10 opens its actions.
 */
export function DevicesGrid({
  devices,
  sort,
  direction,
  onSort,
  selected,
  onToggle,
  onToggleAll,
  activeId,
  onActivate,
  onOpen,
  onMenu,
}: DevicesGridProps) {
  const rows = useVirtualRows(devices.length, 10);
  const { virtualizer, scrollRef } = rows;
  const { activeIndex, rowId, move, movementKeys, gridProps } = useActiveRow({
    items: devices,
    keyOf: (device) => device.id,
    activeId,
    onActivate,
    rows,
  });
  const allSelected = devices.length > 0 && devices.every((d) => selected.has(d.id));
  const someSelected = !allSelected && devices.some((d) => selected.has(d.id));

  const allRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (allRef.current) allRef.current.indeterminate = someSelected;
  }, [someSelected]);

  /** The active row's action menu, from the keyboard (the menu key or Shift+F10), below its ⋯ button. */
  const openMenu = () => {
    const device = activeIndex >= 0 ? devices[activeIndex] : undefined;
    const anchor = device && document.getElementById(rowId(device.id))?.querySelector<HTMLElement>('.devices-grid__menu');
    if (device && anchor) onMenu(device, anchor);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return;
    const handled: Record<string, () => void> = {
      ...movementKeys(),
      ' ': () => {
        if (activeId) onToggle(activeId);
        else move(0);
      },
      Enter: () => {
        if (activeId) onOpen(activeId);
      },
      ContextMenu: openMenu,
    };
    const action = event.key === 'F10' && event.shiftKey ? openMenu : handled[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  };

  return (
    <div
      ref={scrollRef}
      className="virtual-table virtual-table--grid devices-grid"
      role="grid"
      aria-label="Devices"
      aria-rowcount={devices.length + 1}
      aria-multiselectable
      {...gridProps}
      onKeyDown={onKeyDown}
    >
      <div role="rowgroup" className="virtual-table__head">
        <div role="row" aria-rowindex={1} className="virtual-table__row" style={{ gridTemplateColumns: template, minWidth }}>
          <div role="columnheader" className="virtual-table__cell devices-grid__check">
            <input
              ref={allRef}
              type="checkbox"
              aria-label={allSelected ? 'Untick every device shown' : 'Tick every device shown'}
              checked={allSelected}
              onChange={(event) => onToggleAll(event.target.checked)}
              tabIndex={-1}
            />
          </div>
          {columns.map((column) => {
            const current = column.key === sort;
            return (
              <div key={column.key} role="columnheader" aria-sort={current ? direction : 'none'} className="virtual-table__cell">
                <button
                  type="button"
                  tabIndex={-1}
                  className={['devices-grid__sort', current && 'devices-grid__sort--current'].filter(Boolean).join(' ')}
                  aria-label={column.fullHeader}
                  title={column.fullHeader}
                  onClick={() => onSort(column.key)}
                >
                  {column.header}
                  <span aria-hidden="true" className="devices-grid__arrow">
                    {current ? (direction === 'ascending' ? '▲' : '▼') : ''}
                  </span>
                </button>
              </div>
            );
          })}
          <div role="columnheader" className="virtual-table__cell">
            <span className="visually-hidden">Actions</span>
          </div>
        </div>
      </div>
      <div role="rowgroup" className="virtual-table__body" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((virtual) => {
          const device = devices[virtual.index]!;
          const isSelected = selected.has(device.id);
          const isActive = device.id === activeId;
          return (
            <div
              key={device.id}
              id={rowId(device.id)}
              role="row"
              aria-rowindex={virtual.index + 2}
              aria-selected={isSelected}
              className={[
                'virtual-table__row virtual-table__row--body devices-grid__row',
                isSelected && 'devices-grid__row--selected',
                isActive && 'virtual-table__row--active',
              ]
                .filter(Boolean)
                .join(' ')}
              style={{ gridTemplateColumns: template, minWidth, transform: `translateY(${virtual.start}px)`, height: virtual.size }}
              onClick={() => onActivate(device.id)}
              onDoubleClick={() => onOpen(device.id)}
            >
              <div role="gridcell" className="virtual-table__cell devices-grid__check">
                <input
                  type="checkbox"
                  tabIndex={-1}
                  aria-label={`Tick ${device.name}`}
                  checked={isSelected}
                  onChange={() => onToggle(device.id)}
                  onClick={(event) => event.stopPropagation()}
                />
              </div>
              {columns.map((column) => (
                <div key={column.key} role="gridcell" className="virtual-table__cell">
                  {column.key === 'name' ? (
                    <button
                      type="button"
                      tabIndex={-1}
                      className="devices-grid__open"
                      title={device.name}
                      onClick={() => onOpen(device.id)}
                    >
                      {device.name || '(no name)'}
                    </button>
                  ) : (
                    column.render(device)
                  )}
                </div>
              ))}
              <div role="gridcell" className="virtual-table__cell devices-grid__menu-cell">
                <button
                  type="button"
                  tabIndex={-1}
                  className="devices-grid__menu"
                  aria-haspopup="menu"
                  aria-label={`Actions for ${device.name}`}
                  onClick={(event) => {
                    event.stopPropagation();
                    onActivate(device.id);
                    onMenu(device, event.currentTarget);
                  }}
                >
                  <span aria-hidden="true">⋯</span>
                </button>
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}
