import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { BulkAction, DeviceListItem } from '../../../../common/devices-view';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { DeskPhoneIcon, FileCsvIcon, PlusIcon, WarningIcon } from '../../components/Icon';
import { Kbd } from '../../components/Kbd';
import { NotConnectedPage } from '../../components/NotConnectedPage';
import { Page } from '../../components/Page';
import { RetryOrConnect } from '../../components/RetryOrConnect';
import { Panel } from '../../components/Panel';
import { plural } from '../../components/plural';
import { SelectField } from '../../components/SelectField';
import { shortcutLabel } from '../../components/shortcutKeys';
import { agoWords } from '../../components/timeWords';
import { useFindShortcut } from '../../components/useFindShortcut';
import { useNow } from '../../components/useNow';
import { useConnections, useDevices } from '../../store/StoresContext';
import { BulkDialog } from './BulkDialog';
import { DeviceEditor } from './DeviceEditor';
import { defaultDeviceQuery, deviceTypesOf, queryDevices, type DeviceQuery, type DeviceSortKey } from './deviceQuery';
import { typeLabel } from './deviceWords';
import { DevicesGrid } from './DevicesGrid';
import { ExportDialog } from './ExportDialog';
import { PhoneActionDialog, type PhoneActionTarget } from './PhoneActionDialog';
import type { PhoneActionKind } from './phoneActions';
import { ROW_MENU_ITEMS, RowMenu } from './RowMenu';
import type { EditorTarget } from './useDeviceEditor';
import './DevicesPage.css';

/** The row menu's height (about 40 px an item), to open it upwards near the bottom of the window. */
const MENU_HEIGHT_PX = ROW_MENU_ITEMS * 40;
const DESCRIPTION = 'Find a phone by name, extension or MAC address, and fix its settings.';

export function DevicesPage() {
  const activeId = useConnections((state) => state.overview?.activeId ?? null);
  const overviewLoaded = useConnections((state) => state.overview !== null);
  const list = useDevices((state) => state.list);
  const snapshot = useDevices((state) => state.snapshot);
  const load = useDevices((state) => state.load);
  const refreshError = useDevices((state) => state.refreshError);

  useEffect(() => {
    if (activeId) void load(false);
  }, [activeId, load]);

  if (overviewLoaded && !activeId) {
    return (
      <NotConnectedPage title="Devices" description={DESCRIPTION} icon={<DeskPhoneIcon size="xl" />}>
        Connect to an account to see its devices.
      </NotConnectedPage>
    );
  }

  const current = snapshot && (!activeId || snapshot.connectionId === activeId);
  // No list to show: the first read failed, or the list there is belongs to another connection.
  const unreadable = list.status === 'failed' ? list.error : !current ? refreshError : null;
  if (unreadable) {
    return (
      <Page title="Devices" description={DESCRIPTION}>
        <ErrorNotice error={unreadable} title="Could not read the devices">
          <RetryOrConnect onRetry={() => void load(true)} />
        </ErrorNotice>
      </Page>
    );
  }

  if (!current) {
    return (
      <Page title="Devices" description={DESCRIPTION}>
        <p className="devices-page__loading" role="status">
          Reading the devices…
        </p>
      </Page>
    );
  }

  return <DevicesView />;
}

interface OpenMenu {
  device: DeviceListItem;
  top: number;
  left: number;
  returnFocus: HTMLElement | null;
}

function DevicesView() {
  const snapshot = useDevices((state) => state.snapshot)!;
  const refreshing = useDevices((state) => state.refreshing);
  const refreshError = useDevices((state) => state.refreshError);
  const load = useDevices((state) => state.load);
  const [query, setQuery] = useState<DeviceQuery>(defaultDeviceQuery);
  const deferredQuery = useDeferredValue(query);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [active, setActive] = useState<string | null>(null);
  const [editor, setEditor] = useState<EditorTarget | null>(null);
  const [action, setAction] = useState<PhoneActionTarget | null>(null);
  /** A bulk action on the ticked devices, or, from a row's menu, on that one device. */
  const [bulk, setBulk] = useState<{ action: BulkAction; devices: readonly DeviceListItem[] } | null>(null);
  const [exporting, setExporting] = useState(false);
  const [menu, setMenu] = useState<OpenMenu | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const now = useNow(5000);

  // Registration states exist only while the Live view polls; until then the filter would hide every row.
  const registrationsKnown = useMemo(() => snapshot.devices.some((device) => device.registration !== null), [snapshot.devices]);
  const effectiveQuery = useMemo(
    () => (registrationsKnown ? deferredQuery : { ...deferredQuery, registered: 'any' as const }),
    [deferredQuery, registrationsKnown],
  );
  const shown = useMemo(() => queryDevices(snapshot.devices, effectiveQuery), [snapshot.devices, effectiveQuery]);
  const types = useMemo(() => deviceTypesOf(snapshot.devices), [snapshot.devices]);
  // Ticks of devices that no longer exist drop out; ticks hidden by a filter stay.
  const ticked = useMemo(
    () => snapshot.devices.filter((device) => selected.has(device.id)).sort((a, b) => a.name.localeCompare(b.name)),
    [snapshot.devices, selected],
  );

  useFindShortcut(searchRef);

  const update = (patch: Partial<DeviceQuery>) => setQuery((current) => ({ ...current, ...patch }));
  const onSort = (key: DeviceSortKey) =>
    update({ sort: key, direction: query.sort === key && query.direction === 'ascending' ? 'descending' : 'ascending' });
  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const toggleAll = (select: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      for (const device of shown) {
        if (select) next.add(device.id);
        else next.delete(device.id);
      }
      return next;
    });
  const runAction = (kind: PhoneActionKind, device: { id: string; name: string }) => {
    setMenu(null);
    setAction({ kind, device });
  };
  const closeMenu = useCallback(() => setMenu(null), []);

  const owners = snapshot.users;
  const total = snapshot.devices.length;

  return (
    <Page
      wide
      title="Devices"
      description={DESCRIPTION}
      actions={
        <>
          <Button icon={<FileCsvIcon />} onClick={() => setExporting(true)}>
            Export CSV
          </Button>
          <Button variant="primary" icon={<PlusIcon />} onClick={() => setEditor({ kind: 'create' })}>
            New device
          </Button>
        </>
      }
    >
      <Panel className="devices-page__panel">
        <div className="devices-page__toolbar">
          <div className="devices-page__search text-field">
            <label className="text-field__label" htmlFor="devices-search">
              Search <Kbd keys={shortcutLabel('F')} />
            </label>
            <input
              ref={searchRef}
              id="devices-search"
              type="search"
              className="text-field__input"
              placeholder="Name, SIP username, MAC, ext."
              value={query.search}
              onChange={(event) => update({ search: event.target.value })}
              spellCheck={false}
              autoComplete="off"
            />
          </div>
          <SelectField
            label="Type"
            options={[{ value: 'any', label: 'All types' }, ...types.map((type) => ({ value: type, label: typeLabel(type) }))]}
            value={query.deviceType}
            onChange={(deviceType) => update({ deviceType })}
          />
          <SelectField
            label="Enabled"
            options={[
              { value: 'any', label: 'Enabled or not' },
              { value: 'enabled', label: 'Enabled' },
              { value: 'disabled', label: 'Disabled' },
            ]}
            value={query.enabled}
            onChange={(enabled) => update({ enabled })}
          />
          <SelectField
            label="Owner"
            options={[
              { value: 'any', label: 'Anyone' },
              { value: 'none', label: 'No owner' },
              ...owners.map((owner) => ({ value: owner.id, label: owner.name })),
            ]}
            value={query.ownerId}
            onChange={(ownerId) => update({ ownerId })}
          />
          <SelectField
            label="Registration"
            options={
              registrationsKnown
                ? [
                    { value: 'any', label: 'All states' },
                    { value: 'registered', label: 'Registered' },
                    { value: 'not_registered', label: 'Not registered' },
                  ]
                : [{ value: 'any', label: 'Not polled' }]
            }
            value={registrationsKnown ? query.registered : 'any'}
            onChange={(registered) => update({ registered })}
            disabled={!registrationsKnown}
            title={registrationsKnown ? undefined : 'Registration states appear while the Live view polls this account.'}
          />
        </div>
        <div className="devices-page__status">
          <p role="status" className="devices-page__count">
            {shown.length === total
              ? plural(total, 'device', 'devices')
              : `${shown.length.toLocaleString()} of ${plural(total, 'device', 'devices')}`}
          </p>
          {refreshError ? (
            <span className="devices-page__stale" role="alert">
              <WarningIcon size="sm" />
              Last updated {agoWords(snapshot.fetchedAt, now)} — could not refresh: {refreshError.message}
            </span>
          ) : (
            <span className="devices-page__updated">Updated {agoWords(snapshot.fetchedAt, now)}</span>
          )}
          <Button size="sm" busy={refreshing} onClick={() => void load(true)}>
            {refreshError ? 'Retry' : 'Refresh'}
          </Button>
        </div>
        {ticked.length > 0 ? (
          <div className="devices-page__bulk" role="toolbar" aria-label="Bulk actions">
            <span className="devices-page__bulk-count">{ticked.length} ticked</span>
            <Button size="sm" onClick={() => setBulk({ action: 'enable', devices: ticked })}>
              Enable
            </Button>
            <Button size="sm" onClick={() => setBulk({ action: 'disable', devices: ticked })}>
              Disable
            </Button>
            <Button size="sm" onClick={() => setBulk({ action: 'set_owner', devices: ticked })}>
              Change owner
            </Button>
            <Button size="sm" onClick={() => setBulk({ action: 'reboot', devices: ticked })}>
              Reboot
            </Button>
            <Button size="sm" variant="danger" onClick={() => setBulk({ action: 'delete', devices: ticked })}>
              Delete
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setSelected(new Set())}>
              Clear ticks
            </Button>
          </div>
        ) : null}
        {shown.length === 0 ? (
          <EmptyState icon={<DeskPhoneIcon size="xl" />} title={total === 0 ? 'No devices yet' : 'No device matches'}>
            {total === 0 ? 'Create one with New device, or bring many in from Import.' : 'Try fewer words, or clear the filters.'}
          </EmptyState>
        ) : (
          <DevicesGrid
            devices={shown}
            sort={query.sort}
            direction={query.direction}
            onSort={onSort}
            selected={selected}
            onToggle={toggle}
            onToggleAll={toggleAll}
            activeId={active}
            onActivate={setActive}
            onOpen={(id) => setEditor({ kind: 'edit', id })}
            onMenu={(device, anchor) => {
              const box = anchor.getBoundingClientRect();
              const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
              // Below the button, or above it where the window ends first.
              const top = box.bottom + 4 + MENU_HEIGHT_PX < window.innerHeight ? box.bottom + 4 : Math.max(8, box.top - 4 - MENU_HEIGHT_PX);
              setMenu({ device, top, left: Math.max(8, box.right - 192), returnFocus: opener });
            }}
          />
        )}
        <p className="devices-page__keys">
          In the table: <Kbd keys="↑" /> <Kbd keys="↓" /> move, <Kbd keys="Space" /> ticks, <Kbd keys="Enter" /> opens,{' '}
          <Kbd keys="Shift+F10" /> actions.
        </p>
      </Panel>

      {menu ? (
        <RowMenu
          deviceName={menu.device.name}
          enabled={menu.device.enabled}
          top={menu.top}
          left={menu.left}
          returnFocus={menu.returnFocus}
          onClose={closeMenu}
          onChoose={(choice) => {
            setMenu(null);
            if (choice === 'edit') setEditor({ kind: 'edit', id: menu.device.id });
            else if (choice === 'enable' || choice === 'disable' || choice === 'delete')
              setBulk({ action: choice, devices: [menu.device] });
            else runAction(choice, menu.device);
          }}
        />
      ) : null}

      <DeviceEditor
        target={editor}
        users={owners}
        onClose={() => setEditor(null)}
        onCreated={(id) => {
          setActive(id);
          setEditor({ kind: 'edit', id });
        }}
        onAction={runAction}
        onShowOwnerDevices={(ownerId) => {
          setEditor(null);
          // Every device of that owner: other filters and the search would hide some.
          setQuery((current) => ({ ...defaultDeviceQuery, sort: current.sort, direction: current.direction, ownerId }));
        }}
      />
      <PhoneActionDialog
        target={action}
        onClose={() => setAction(null)}
        onDuplicated={(id) => {
          setAction(null);
          setActive(id);
          setEditor({ kind: 'edit', id });
        }}
      />
      <BulkDialog action={bulk?.action ?? null} devices={bulk?.devices ?? []} users={owners} onClose={() => setBulk(null)} />
      <ExportDialog open={exporting} ids={shown.map((device) => device.id)} onClose={() => setExporting(false)} />
    </Page>
  );
}
