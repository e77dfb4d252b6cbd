import { useState } from 'react';
import type { BulkAction, BulkResult, DeviceListItem, DeviceOwner } from '../../../../common/devices-view';
import type { AppError } from '../../../../common/ipc/result';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { plural } from '../../components/plural';
import { SelectField } from '../../components/SelectField';
import { useDevices } from '../../store/StoresContext';
import './DevicesPage.css';

const verbs: Record<BulkAction, { title: string; one: string; button: string; done: string }> = {
  enable: { title: 'Enable devices', one: 'Enable device', button: 'Enable', done: 'enabled' },
  disable: { title: 'Disable devices', one: 'Disable device', button: 'Disable', done: 'disabled' },
  delete: { title: 'Delete devices', one: 'Delete device', button: 'Delete', done: 'deleted' },
  reboot: { title: 'Reboot phones', one: 'Reboot phone', button: 'Reboot', done: 'rebooted' },
  set_owner: { title: 'Change owner', one: 'Change owner', button: 'Change owner of', done: 'given the new owner' },
};

/** The question for one device (from its row menu), naming it. */
const oneDeviceQuestion = (action: BulkAction, name: string): string => {
  switch (action) {
    case 'delete':
      return `Delete “${name}”? It is removed from the account and its phone stops working. This cannot be undone.`;
    case 'disable':
      return `Disable “${name}”? Its phone stops making and taking calls until the device is enabled again.`;
    case 'enable':
      return `Enable “${name}”? Its phone can make and take calls again.`;
    case 'reboot':
      return `Reboot “${name}”? Calls on it are cut off.`;
    case 'set_owner':
      return `Change the owner of “${name}”:`;
  }
};

const LISTED = 12;
const devicesWords = (count: number) => plural(count, 'device', 'devices');

type Run = { status: 'idle' } | { status: 'running' } | { status: 'done'; result: BulkResult } | { status: 'failed'; error: AppError };

/** A bulk action on the ticked devices (or one device): names how many and which, then shows each device's outcome. */
export function BulkDialog({
  action,
  devices,
  users,
  onClose,
}: {
  action: BulkAction | null;
  devices: readonly DeviceListItem[];
  users: readonly DeviceOwner[];
  onClose: () => void;
}) {
  return (
    <Dialog
      open={action !== null}
      onClose={onClose}
      title={action ? (devices.length === 1 ? verbs[action].one : verbs[action].title) : 'Bulk action'}
    >
      {action ? <BulkBody key={action} action={action} devices={devices} users={users} onClose={onClose} /> : null}
    </Dialog>
  );
}

function BulkBody({
  action,
  devices,
  users,
  onClose,
}: {
  action: BulkAction;
  devices: readonly DeviceListItem[];
  users: readonly DeviceOwner[];
  onClose: () => void;
}) {
  const request = useDevices((state) => state.request);
  const [run, setRun] = useState<Run>({ status: 'idle' });
  const [ownerId, setOwnerId] = useState('');
  const words = verbs[action];

  const go = async () => {
    setRun({ status: 'running' });
    const result = await request('devices:bulk', {
      ids: devices.map((device) => device.id),
      action,
      ...(action === 'set_owner' ? { ownerId: ownerId || null } : {}),
      ...(action === 'delete' ? { confirm: true } : {}),
    });
    setRun(result.ok ? { status: 'done', result: result.value } : { status: 'failed', error: result.error });
  };

  if (run.status === 'done') {
    const { counts, results } = run.result;
    const failed = results.filter((item) => !item.ok);
    return (
      <div className="device-dialog">
        <Banner
          tone={counts.failed === 0 ? 'success' : counts.ok === 0 ? 'danger' : 'warning'}
          role="status"
          title={`${devicesWords(counts.ok)} ${words.done}`}
        >
          <p>{counts.failed === 0 ? 'Every device went through.' : `${devicesWords(counts.failed)} failed; the reasons are below.`}</p>
        </Banner>
        {failed.length > 0 ? (
          <div className="device-dialog__scroll">
            <table className="device-dialog__table">
              <caption className="visually-hidden">Devices that failed</caption>
              <thead>
                <tr>
                  <th scope="col">Device</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {failed.map((item) => (
                  <tr key={item.id}>
                    <th scope="row">{item.name}</th>
                    <td>{item.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <div className="device-dialog__actions">
          <Button variant="primary" onClick={onClose} data-autofocus>
            Done
          </Button>
        </div>
      </div>
    );
  }

  const names = devices.slice(0, LISTED).map((device) => device.name || '(no name)');
  const more = devices.length - names.length;
  const single = devices.length === 1 ? names[0] : undefined;
  return (
    <form
      className="device-dialog"
      onSubmit={(event) => {
        event.preventDefault();
        if (run.status !== 'running') void go();
      }}
    >
      <p>
        {single !== undefined
          ? oneDeviceQuestion(action, single)
          : action === 'delete'
            ? `Delete ${devicesWords(devices.length)}? They are removed from the account and their phones stop working. This cannot be undone.`
            : action === 'reboot'
              ? `Reboot ${devicesWords(devices.length)}? Calls on them are cut off.`
              : `${words.button} ${devicesWords(devices.length)}:`}
      </p>
      {single === undefined ? (
        <ul className="device-dialog__names">
          {names.map((name, index) => (
            <li key={`${index}-${name}`}>{name}</li>
          ))}
          {more > 0 ? <li className="device-dialog__more">and {more} more</li> : null}
        </ul>
      ) : null}
      {action === 'set_owner' ? (
        <SelectField
          label="New owner"
          options={[
            { value: '', label: 'No owner' },
            ...users.map((user) => ({ value: user.id, label: user.email ? `${user.name} (${user.email})` : user.name })),
          ]}
          value={ownerId}
          onChange={setOwnerId}
          data-autofocus
        />
      ) : null}
      {run.status === 'failed' ? <ErrorNotice error={run.error} title="Nothing was changed" /> : null}
      <div className="device-dialog__actions">
        <Button onClick={onClose}>Cancel</Button>
        <Button type="submit" variant={action === 'delete' || action === 'reboot' ? 'danger' : 'primary'} busy={run.status === 'running'}>
          {single !== undefined ? words.one : `${words.button} ${devicesWords(devices.length)}`}
        </Button>
      </div>
    </form>
  );
}
