import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { BulkAction, DeviceListItem } from '../../../../common/devices-view';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ArrowRightIcon, DeskPhoneIcon, FileCsvIcon, PlusIcon } from '../../components/Icon';
import { Kbd } from '../../components/Kbd';
import { Page } from '../../components/Page';
import { Panel } from '../../components/Panel';
import { useConnections, useDevices, useNavigation } from '../../store/StoresContext';
import { SelectField } from '../import/SelectField';
import { BulkDialog } from './BulkDialog';
import { DeviceEditor, type EditorTarget } from './DeviceEditor';
import { buildSearchIndex, defaultDeviceQuery, deviceTypesOf, queryDevices, type DeviceQuery, type DeviceSortKey } from './deviceQuery';
import { typeLabel } from './deviceWords';
import { DevicesGrid } from './DevicesGrid';
import { ExportDialog } from './ExportDialog';
import { PhoneActionDialog, type PhoneActionKind, type PhoneActionTarget } from './PhoneActionDialog';
import './DevicesPage.css';

const isMac = /mac/i.test(navigator.platform);
const DESCRIPTION = 'Find a phone by name, extension or MAC address, and fix its settings.';

export function DevicesPage() {
  const go = useNavigation((state) => state.go);
  const activeId = useConnections((state) => state.overview?.activeId ?? null);
  const overviewLoaded = useConnections((state) => state.overview !== null);
  const list = useDevices((state) => state.list);
  const snapshot = useDevices((state) => state.snapshot);
  const load = useDevices((state) => state.load);

  useEffect(() => {
    if (activeId) void load(false);
  }, [activeId, load]);

  if (overviewLoaded && !activeId) {
    return (
      <Page title="Devices" description={DESCRIPTION}>
        <Panel fill>
          <EmptyState
            icon={<DeskPhoneIcon size="xl" />}
            title="No account connected"
            actions={
              <Button variant="primary" icon={<ArrowRightIcon />} onClick={() => go('connect')}>
                Go to Connect
              </Button>
            }
          >
            Connect to an account to see its devices.
          </EmptyState>
        </Panel>
      </Page>
    );
  }

  if (list.status === 'failed') {
    return (
      <Page title="Devices" description={DESCRIPTION}>
        <ErrorNotice error={list.error} title="Could not read the devices">
          <div className="devices-page__notice-actions">
            <Button onClick={() => void load(true)}>Try again</Button>
            <Button variant="ghost" onClick={() => go('connect')}>
              Go to Connect
            </Button>
          </div>
        </ErrorNotice>
      </Page>
    );
  }

  if (!snapshot || (activeId && snapshot.connectionId !== activeId)) {
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

function useSecondsAgo(iso: string): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 5000);
    return () => clearInterval(timer);
  }, []);
  return Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
}

function agoWords(seconds: number): string {
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min ago` : `${Math.round(minutes / 60)} h ago`;
}

interface RowMenu {
  device: DeviceListItem;
  top: number;
  left: number;
}

function DevicesView() {
  const snapshot = useDevices((state) => state.snapshot)!;
  const refreshing = useDevices((state) => state.refreshing);
  const load = useDevices((state) => state.load);
  const [query, setQuery] = useState<DeviceQuery>(defaultDeviceQuery);
  const deferredQuery = useDeferredValue(query);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [active, setActive] = useState<string | null>(null);
  const [editor, setEditor] = useState<EditorTarget | null>(null);
  const [action, setAction] = useState<PhoneActionTarget | null>(null);
  const [bulk, setBulk] = useState<BulkAction | null>(null);
  const [exporting, setExporting] = useState(false);
  const [menu, setMenu] = useState<RowMenu | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const secondsAgo = useSecondsAgo(snapshot.fetchedAt);

  const index = useMemo(() => buildSearchIndex(snapshot.devices), [snapshot.devices]);
  const shown = useMemo(() => queryDevices(snapshot.devices, deferredQuery, index), [snapshot.devices, deferredQuery, index]);
  const types = useMemo(() => deviceTypesOf(snapshot.devices), [snapshot.devices]);
  // Ticks of devices that no longer exist drop out; ticks hidden by a filter stay.
  const ticked = useMemo(
    () => snapshot.devices.filter((device) => selected.has(device.id)).sort((a, b) => a.name.localeCompare(b.name)),
    [snapshot.devices, selected],
  );

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'f' && !document.querySelector('dialog[open]')) {
        event.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    if (!menu) return;
    const close = () => setMenu(null);
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key === 'Escape') close();
    };
    window.addEventListener('pointerdown', close);
    window.addEventListener('keydown', onKey);
    window.addEventListener('resize', close);
    return () => {
      window.removeEventListener('pointerdown', close);
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('resize', close);
    };
  }, [menu]);

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

  const owners = snapshot.users;
  const total = snapshot.devices.length;

  return (
    <Page
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
              Search <Kbd keys={isMac ? '⌘F' : 'Ctrl+F'} />
            </label>
            <input
              ref={searchRef}
              id="devices-search"
              type="search"
              className="text-field__input"
              placeholder="Name, SIP username, MAC or extension"
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
        </div>
        <div className="devices-page__status">
          <p role="status" className="devices-page__count">
            {shown.length === total ? `${total} devices` : `${shown.length} of ${total} devices`}
          </p>
          <span className="devices-page__updated">Updated {agoWords(secondsAgo)}</span>
          <Button size="sm" busy={refreshing} onClick={() => void load(true)}>
            Refresh
          </Button>
        </div>
        {ticked.length > 0 ? (
          <div className="devices-page__bulk" role="toolbar" aria-label="Bulk actions">
            <span className="devices-page__bulk-count">{ticked.length} ticked</span>
            <Button size="sm" onClick={() => setBulk('enable')}>
              Enable
            </Button>
            <Button size="sm" onClick={() => setBulk('disable')}>
              Disable
            </Button>
            <Button size="sm" onClick={() => setBulk('set_owner')}>
              Change owner
            </Button>
            <Button size="sm" onClick={() => setBulk('reboot')}>
              Reboot
            </Button>
            <Button size="sm" variant="danger" onClick={() => setBulk('delete')}>
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
              setMenu({ device, top: box.bottom + 4, left: Math.max(8, box.right - 192) });
            }}
          />
        )}
        <p className="devices-page__keys">
          <Kbd keys="↑" /> <Kbd keys="↓" /> move, <Kbd keys="Space" /> ticks, <Kbd keys="Enter" /> opens.
        </p>
      </Panel>

      {menu ? (
        <div
          className="devices-page__menu"
          role="menu"
          aria-label={`Actions for ${menu.device.name}`}
          style={{ top: menu.top, left: menu.left }}
          onPointerDown={(event) => event.stopPropagation()}
        >
          <button type="button" role="menuitem" onClick={() => (setMenu(null), setEditor({ kind: 'edit', id: menu.device.id }))}>
            Edit…
          </button>
          <button type="button" role="menuitem" onClick={() => runAction('resync', menu.device)}>
            Resync
          </button>
          <button type="button" role="menuitem" onClick={() => runAction('reboot', menu.device)}>
            Reboot…
          </button>
          <button type="button" role="menuitem" onClick={() => runAction('call', menu.device)}>
            Test call…
          </button>
          <button type="button" role="menuitem" onClick={() => runAction('duplicate', menu.device)}>
            Duplicate…
          </button>
        </div>
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
      <BulkDialog action={bulk} devices={ticked} users={owners} onClose={() => setBulk(null)} />
      <ExportDialog open={exporting} ids={shown.map((device) => device.id)} onClose={() => setExporting(false)} />
    </Page>
  );
}
