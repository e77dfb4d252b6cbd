import type { FormEvent, KeyboardEvent } from 'react';
import type { DeviceOwner, EditorTextField } from '../../../../common/devices-view';
import { Button } from '../../components/Button';
import { Kbd } from '../../components/Kbd';
import { SelectField } from '../../components/SelectField';
import { shortcutLabel } from '../../components/shortcutKeys';
import { TextField } from '../../components/TextField';
import { useDevices } from '../../store/StoresContext';
import { creatableTypes, fieldWords, forwardingTypes, typeLabel } from './deviceWords';
import { OnSiteSection } from './OnSiteSection';
import { DeviceHistory } from './DeviceHistory';
import { changesBetween } from './editorValues';
import { OwnerLink } from './OwnerLink';
import { OwnerPicker } from './OwnerPicker';
import type { PhoneActionKind } from './phoneActions';
import { SaveNotices } from './SaveNotices';
import { SipPasswordField } from './SipPasswordField';
import type { DeviceEditorModel } from './useDeviceEditor';

const saveShortcut = shortcutLabel('S');

export interface DeviceEditorFormProps {
  editor: DeviceEditorModel;
  hasSavedPassword: boolean;
  /** The device being edited; null while creating one. */
  deviceId: string | null;
  users: readonly DeviceOwner[];
  onClose: () => void;
  onAction: (kind: PhoneActionKind, device: { id: string; name: string }) => void;
  /** Leaves the editor for the Devices list filtered to this owner's devices. */
  onShowOwnerDevices: (ownerId: string) => void;
}

/** The editor's fields in sections, the notices about the last save, and Save (Ctrl+S). */
export function DeviceEditorForm({
  editor,
  hasSavedPassword,
  deviceId,
  users,
  onClose,
  onAction,
  onShowOwnerDevices,
}: DeviceEditorFormProps) {
  const loadList = useDevices((state) => state.load);
  const { creating, initial, values, fieldErrors, save, setText, setEnabled, setOwner, submit, reload, recreate, revealPassword } = editor;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
      event.preventDefault();
      void submit();
    }
  };

  const type = values.text.device_type;
  const text = (field: EditorTextField, extra: { hint?: string; mono?: boolean; autoFocus?: boolean } = {}) => (
    <TextField
      label={fieldWords[field]}
      value={values.text[field]}
      onChange={(event) => setText(field, event.target.value)}
      error={fieldErrors[field]}
      hint={extra.hint}
      mono={extra.mono}
      data-autofocus={extra.autoFocus ? true : undefined}
      spellCheck={false}
      autoComplete="off"
    />
  );
  const deviceName = values.text.name || initial.text.name || 'this device';
  const owner = users.find((user) => user.id === values.ownerId);
  const unsaved = Object.keys(changesBetween(initial, values, creating)).length > 0;

  return (
    <form className="device-editor" onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate>
      <SaveNotices
        save={save}
        creating={creating}
        users={users}
        onKeepMine={() => void submit(true)}
        onUseTheirs={reload}
        onRecreate={() => void recreate()}
        onLetGo={() => {
          onClose();
          void loadList(true);
        }}
      />

      <fieldset className="device-editor__section">
        <legend>Device</legend>
        {text('name', { autoFocus: true })}
        {creating ? (
          <SelectField
            label="Type"
            options={creatableTypes.map((value) => ({ value, label: typeLabel(value) }))}
            value={type as (typeof creatableTypes)[number]}
            onChange={(value) => setText('device_type', value)}
          />
        ) : (
          <div className="device-editor__fixed">
            <span className="device-editor__fixed-label">Type</span>
            <span>{typeLabel(type)}</span>
            <span className="device-editor__fixed-hint">Fixed once a device is created.</span>
          </div>
        )}
        <label className="device-editor__check">
          <input type="checkbox" checked={values.enabled} onChange={(event) => setEnabled(event.target.checked)} />
          <span>Enabled (the phone can sign in and ring)</span>
        </label>
        <OwnerPicker users={users} ownerId={values.ownerId} onChange={setOwner} error={fieldErrors.owner_id} />
        {owner ? <OwnerLink owner={owner} unsaved={unsaved} onShowDevices={onShowOwnerDevices} /> : null}
      </fieldset>

      {forwardingTypes.has(type) ? (
        <fieldset className="device-editor__section">
          <legend>Call forwarding</legend>
          {text('call_forward_number', { hint: 'The cell phone or landline this device rings, e.g. +15551234567.' })}
        </fieldset>
      ) : null}

      <fieldset className="device-editor__section">
        <legend>Phone sign-in (SIP)</legend>
        {text('sip_username', { mono: true })}
        <SipPasswordField
          value={values.text.sip_password}
          onChange={(value) => setText('sip_password', value)}
          error={fieldErrors.sip_password}
          creating={creating}
          hasSaved={hasSavedPassword}
          onReveal={revealPassword}
        />
      </fieldset>

      <fieldset className="device-editor__section">
        <legend>Hardware</legend>
        {text('mac_address', { mono: true, hint: 'On the label under the phone; any notation, e.g. 00:15:65:AB:CD:EF.' })}
        <div className="device-editor__row">
          {text('brand')}
          {text('family')}
          {text('model')}
        </div>
      </fieldset>

      <fieldset className="device-editor__section">
        <legend>Caller ID</legend>
        <div className="device-editor__row">
          {text('caller_id_internal_number')}
          {text('caller_id_internal_name')}
        </div>
        <div className="device-editor__row">
          {text('caller_id_external_number')}
          {text('caller_id_external_name')}
        </div>
      </fieldset>

      {deviceId ? <OnSiteSection device={{ id: deviceId, name: deviceName }} onAction={onAction} /> : null}
      {deviceId ? <DeviceHistory device={{ id: deviceId, name: initial.text.name || deviceId }} unsaved={unsaved} /> : null}

      <div className="device-editor__footer">
        <p role="status" className="device-editor__status">
          {save.status === 'saved' ? save.message : null}
        </p>
        <span className="device-editor__shortcut">
          <Kbd keys={saveShortcut} />
        </span>
        <Button onClick={onClose}>Close</Button>
        <Button type="submit" variant="primary" busy={save.status === 'saving'}>
          {creating ? 'Create device' : 'Save'}
        </Button>
      </div>
    </form>
  );
}
