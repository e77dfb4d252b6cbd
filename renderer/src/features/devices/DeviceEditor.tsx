import type { DeviceOwner } from '../../../../common/devices-view';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { DeviceEditorForm } from './DeviceEditorForm';
import type { PhoneActionKind } from './phoneActions';
import { useDeviceEditor, type EditorTarget } from './useDeviceEditor';
import './DeviceEditor.css';

export interface DeviceEditorProps {
  target: EditorTarget | null;
  users: readonly DeviceOwner[];
  onClose: () => void;
  /** After a create: the editor switches to the new device. */
  onCreated: (id: string) => void;
  onAction: (kind: PhoneActionKind, device: { id: string; name: string }) => void;
  /** Closes the editor and shows the Devices list filtered to this owner's devices. */
  onShowOwnerDevices: (ownerId: string) => void;
}

/** The dialog that edits one device or creates a new one. */
export function DeviceEditor({ target, users, onClose, onCreated, onAction, onShowOwnerDevices }: DeviceEditorProps) {
  const title = target?.kind === 'create' ? 'New device' : 'Edit device';
  return (
    <Dialog open={target !== null} onClose={onClose} title={title}>
      {target ? (
        <EditorBody
          key={target.kind === 'edit' ? target.id : 'new'}
          target={target}
          users={users}
          onClose={onClose}
          onCreated={onCreated}
          onAction={onAction}
          onShowOwnerDevices={onShowOwnerDevices}
        />
      ) : null}
    </Dialog>
  );
}

function EditorBody({ target, users, onClose, onCreated, onAction, onShowOwnerDevices }: DeviceEditorProps & { target: EditorTarget }) {
  const editor = useDeviceEditor(target, onCreated);
  const { load } = editor;

  if (load.status === 'loading') return <p className="device-editor__loading">Reading the device from the server…</p>;
  if (load.status === 'failed') {
    return (
      <ErrorNotice error={load.error} title={load.error.kind === 'not_found' ? 'This device was deleted' : 'Could not open the device'}>
        <div className="device-editor__notice-actions">
          <Button onClick={onClose}>Close</Button>
        </div>
      </ErrorNotice>
    );
  }
  return (
    <DeviceEditorForm
      editor={editor}
      hasSavedPassword={load.hasPassword}
      deviceId={target.kind === 'edit' ? target.id : null}
      users={users}
      onClose={onClose}
      onAction={onAction}
      onShowOwnerDevices={onShowOwnerDevices}
    />
  );
}
