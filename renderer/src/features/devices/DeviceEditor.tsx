import { useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { DeviceOwner, EditorField, EditorTextField, FieldChange } from '../../../../common/devices-view';
import type { AppError } from '../../../../common/ipc/result';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Kbd } from '../../components/Kbd';
import { KeyIcon } from '../../components/Icon';
import { SelectField } from '../../components/SelectField';
import { shortcutLabel } from '../../components/shortcutKeys';
import { TextField } from '../../components/TextField';
import { useLatestRequest } from '../../components/useLatestRequest';
import { useDevices } from '../../store/StoresContext';
import { creatableTypes, fieldWords, forwardingTypes, typeLabel } from './deviceWords';
import { changesBetween, emptyValues, generatePassword, valuesOf, type EditorValues } from './editorValues';
import type { PhoneActionKind } from './PhoneActionDialog';
import './DeviceEditor.css';

/** What the editor is open on: an existing device, or a new one. */
export type EditorTarget = { kind: 'edit'; id: string } | { kind: 'create' };

type Load =
  { status: 'loading' } | { status: 'ready'; revision: string | null; hasPassword: boolean } | { status: 'failed'; error: AppError };

type RegistrationCheck =
  { status: 'checking' } | { status: 'done'; registered: boolean; checkedAt: string } | { status: 'failed'; message: string };

type SaveState =
  | { status: 'idle' }
  | { status: 'saving' }
  | { status: 'saved'; message: string }
  | { status: 'conflict'; changes: FieldChange[] }
  | { status: 'failed'; error: AppError };

export interface DeviceEditorProps {
  target: EditorTarget | null;
  users: readonly DeviceOwner[];
  onClose: () => void;
  /** After a create: the editor switches to the new device. */
  onCreated: (id: string) => void;
  onAction: (kind: PhoneActionKind, device: { id: string; name: string }) => void;
}

const saveShortcut = shortcutLabel('S');

export function DeviceEditor({ target, users, onClose, onCreated, onAction }: DeviceEditorProps) {
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
        />
      ) : null}
    </Dialog>
  );
}

function EditorBody({ target, users, onClose, onCreated, onAction }: DeviceEditorProps & { target: EditorTarget }) {
  const request = useDevices((state) => state.request);
  const loadList = useDevices((state) => state.load);
  const creating = target.kind === 'create';
  const [load, setLoad] = useState<Load>(creating ? { status: 'ready', revision: null, hasPassword: false } : { status: 'loading' });
  const [initial, setInitial] = useState<EditorValues>(() => emptyValues());
  const [values, setValues] = useState<EditorValues>(() => emptyValues());
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<EditorField, string>>>({});
  const [save, setSave] = useState<SaveState>({ status: 'idle' });
  const [revealing, setRevealing] = useState(false);
  const [passwordShown, setPasswordShown] = useState(creating);
  const [ownerSearch, setOwnerSearch] = useState('');
  const [reloadCount, setReloadCount] = useState(0);
  const [registration, setRegistration] = useState<RegistrationCheck>({ status: 'checking' });
  const [registrationChecks, setRegistrationChecks] = useState(0);
  const noticeRef = useRef<HTMLDivElement>(null);

  // A notice appears above the fields; the dialog keeps its scroll, so bring the notice into view.
  useEffect(() => {
    if (save.status === 'conflict' || save.status === 'failed') noticeRef.current?.scrollIntoView({ block: 'nearest' });
  }, [save.status]);

  const latestDevice = useLatestRequest();
  useEffect(() => {
    if (target.kind !== 'edit') return;
    latestDevice(request('devices:get', { id: target.id }), (result) => {
      if (!result.ok) return setLoad({ status: 'failed', error: result.error });
      const loaded = valuesOf(result.value);
      setInitial(loaded);
      setValues(loaded);
      setLoad({ status: 'ready', revision: result.value.revision, hasPassword: result.value.hasPassword });
    });
  }, [target, request, reloadCount, latestDevice]);

  // Asked of the server itself, so the editor is right even when Live is not watching.
  const latestRegistration = useLatestRequest();
  useEffect(() => {
    if (target.kind !== 'edit') return;
    latestRegistration(request('devices:registration', { id: target.id }), (result) =>
      setRegistration(result.ok ? { status: 'done', ...result.value } : { status: 'failed', message: result.error.message }),
    );
  }, [target, request, registrationChecks, latestRegistration]);

  const setText = (field: EditorTextField, value: string) => {
    setValues((current) => ({ ...current, text: { ...current.text, [field]: value } }));
    setFieldErrors(({ [field]: _gone, ...rest }) => rest);
  };

  const owners = useMemo(() => {
    const needle = ownerSearch.trim().toLowerCase();
    const matches = users.filter(
      (user) => !needle || [user.name, user.username ?? '', user.email ?? ''].some((text) => text.toLowerCase().includes(needle)),
    );
    const current = users.find((user) => user.id === values.ownerId);
    if (current && !matches.includes(current)) matches.unshift(current);
    return [
      { value: '', label: 'No owner' },
      ...matches.slice(0, 200).map((user) => ({ value: user.id, label: user.email ? `${user.name} (${user.email})` : user.name })),
    ];
  }, [users, ownerSearch, values.ownerId]);

  const submit = async (force = false) => {
    if (load.status !== 'ready' || save.status === 'saving') return;
    const fields = changesBetween(initial, values, creating);
    if (!creating && Object.keys(fields).length === 0) {
      setSave({ status: 'saved', message: 'Nothing changed: there was nothing to save.' });
      return;
    }
    setSave({ status: 'saving' });
    const result = await request('devices:save', {
      ...(target.kind === 'edit' ? { id: target.id } : {}),
      fields,
      ...(load.revision ? { baseRevision: load.revision } : {}),
      ...(force ? { force: true } : {}),
    });
    if (!result.ok) {
      const errors: Partial<Record<EditorField, string>> = {};
      for (const field of result.error.fields ?? []) errors[field.path as EditorField] ??= field.message;
      setFieldErrors(errors);
      setSave({ status: 'failed', error: result.error });
      return;
    }
    const outcome = result.value;
    if (outcome.outcome === 'conflict') {
      setSave({ status: 'conflict', changes: outcome.changes });
      return;
    }
    setFieldErrors({});
    if (outcome.created) {
      onCreated(outcome.id);
      return;
    }
    const changed = outcome.changedFields.map((field) => fieldWords[field]).join(', ');
    setSave({ status: 'saved', message: changed ? `Saved. Changed: ${changed}.` : 'Saved.' });
    setInitial(values);
    setLoad({ ...load, revision: outcome.revision });
  };

  /** After a deletion by someone else: the form's settings as a new device (a new id, so nothing of the old one is overwritten). */
  const recreate = async () => {
    setSave({ status: 'saving' });
    // The password field holds the old password only if it was shown or typed; empty, the server makes one.
    const result = await request('devices:save', { fields: changesBetween(emptyValues(), values, true) });
    if (!result.ok) return setSave({ status: 'failed', error: result.error });
    onCreated(result.value.id);
  };

  /** A value of the conflict table as the form shows it: owners by name, enabled in words. */
  const changeWords = (field: EditorField, value: string | null): string => {
    if (value === null) return field === 'owner_id' ? 'No owner' : '(empty)';
    if (field === 'enabled') return value === 'true' ? 'Enabled' : 'Disabled';
    if (field === 'owner_id') return users.find((user) => user.id === value)?.name ?? 'A user this account no longer has';
    return value;
  };

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

  const reveal = async () => {
    if (target.kind !== 'edit') return;
    setRevealing(true);
    const result = await request('devices:revealPassword', { id: target.id });
    setRevealing(false);
    if (!result.ok) return setFieldErrors((errors) => ({ ...errors, sip_password: result.error.message }));
    const password = result.value.password ?? '';
    setInitial((current) => ({ ...current, text: { ...current.text, sip_password: password } }));
    setValues((current) => ({ ...current, text: { ...current.text, sip_password: password } }));
    setPasswordShown(true);
  };

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
  const id = target.kind === 'edit' ? target.id : null;

  return (
    <form className="device-editor" onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate>
      <div ref={noticeRef} className="device-editor__notices">
        {save.status === 'conflict' ? (
          <Banner tone="warning" title="Someone changed this device while you edited it" role="alert">
            <p>Nothing was saved. Compare the changes, then keep yours or take theirs.</p>
            <table className="device-editor__conflict">
              <caption className="visually-hidden">Fields changed on the server</caption>
              <thead>
                <tr>
                  <th scope="col">Field</th>
                  <th scope="col">Yours</th>
                  <th scope="col">Theirs</th>
                </tr>
              </thead>
              <tbody>
                {save.changes.map((change) => (
                  <tr key={change.field}>
                    <th scope="row">{fieldWords[change.field]}</th>
                    <td>{changeWords(change.field, change.yours)}</td>
                    <td>{changeWords(change.field, change.theirs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="device-editor__notice-actions">
              <Button variant="primary" onClick={() => void submit(true)}>
                Keep mine (save anyway)
              </Button>
              <Button
                onClick={() => {
                  setSave({ status: 'idle' });
                  setLoad({ status: 'loading' });
                  setReloadCount((count) => count + 1);
                }}
              >
                Use theirs (reload)
              </Button>
            </div>
          </Banner>
        ) : null}
        {save.status === 'failed' && save.error.kind === 'not_found' && !creating ? (
          <Banner tone="warning" title="Someone deleted this device while you edited it" role="alert">
            <p>
              Nothing was saved. Create it again with the settings in this form, or let it go. A hidden SIP password is not kept: the new
              device gets a new one, and the phone needs a resync.
            </p>
            <div className="device-editor__notice-actions">
              <Button variant="primary" onClick={() => void recreate()}>
                Create it again
              </Button>
              <Button
                onClick={() => {
                  onClose();
                  void loadList(true);
                }}
              >
                Close and refresh the list
              </Button>
            </div>
          </Banner>
        ) : null}
        {save.status === 'failed' && save.error.kind !== 'validation' && !(save.error.kind === 'not_found' && !creating) ? (
          <ErrorNotice error={save.error} title="Not saved" />
        ) : null}
        {save.status === 'failed' && save.error.kind === 'validation' ? (
          <Banner tone="danger" role="alert" title="Not saved">
            <p>Some fields need fixing: see the messages under them.</p>
          </Banner>
        ) : null}
      </div>

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
          <input type="checkbox" checked={values.enabled} onChange={(event) => setValues({ ...values, enabled: event.target.checked })} />
          <span>Enabled (the phone can sign in and ring)</span>
        </label>
        <div className="device-editor__owner">
          <TextField
            label="Find owner (name, username or email)"
            type="search"
            value={ownerSearch}
            onChange={(event) => setOwnerSearch(event.target.value)}
          />
          <SelectField
            label="Owner"
            options={owners}
            value={values.ownerId ?? ''}
            onChange={(value) => {
              setValues({ ...values, ownerId: value || null });
              setFieldErrors(({ owner_id: _gone, ...rest }) => rest);
            }}
          />
          {fieldErrors.owner_id ? <p className="device-editor__error">{fieldErrors.owner_id}</p> : null}
        </div>
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
        <div className="device-editor__password">
          <TextField
            label={fieldWords.sip_password}
            type={passwordShown ? 'text' : 'password'}
            mono
            value={values.text.sip_password}
            placeholder={!creating && load.hasPassword && !passwordShown ? 'Saved (hidden)' : undefined}
            onChange={(event) => setText('sip_password', event.target.value)}
            error={fieldErrors.sip_password}
            hint={creating ? 'Leave empty to let the server choose one.' : 'Leave as is to keep the current password.'}
            autoComplete="new-password"
            spellCheck={false}
          />
          <div className="device-editor__password-actions">
            {!creating && load.hasPassword && !passwordShown ? (
              <Button size="sm" busy={revealing} onClick={() => void reveal()}>
                Show
              </Button>
            ) : null}
            <Button
              size="sm"
              icon={<KeyIcon />}
              onClick={() => {
                setText('sip_password', generatePassword());
                setPasswordShown(true);
              }}
            >
              Generate
            </Button>
          </div>
        </div>
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

      {id ? (
        <fieldset className="device-editor__section">
          <legend>On site</legend>
          <div className="device-editor__registration">
            <p aria-live="polite">{registrationWords(registration)}</p>
            <Button
              size="sm"
              variant="ghost"
              disabled={registration.status === 'checking'}
              onClick={() => {
                setRegistration({ status: 'checking' });
                setRegistrationChecks((n) => n + 1);
              }}
            >
              Check again
            </Button>
          </div>
          <div className="device-editor__actions-row">
            <Button size="sm" onClick={() => onAction('resync', { id, name: deviceName })}>
              Resync
            </Button>
            <Button size="sm" onClick={() => onAction('reboot', { id, name: deviceName })}>
              Reboot…
            </Button>
            <Button size="sm" onClick={() => onAction('call', { id, name: deviceName })}>
              Test call…
            </Button>
            <Button size="sm" onClick={() => onAction('duplicate', { id, name: deviceName })}>
              Duplicate…
            </Button>
          </div>
        </fieldset>
      ) : null}

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

function registrationWords(check: RegistrationCheck): string {
  if (check.status === 'checking') return 'Registration: checking…';
  if (check.status === 'failed') return `Registration: could not check. ${check.message}`;
  const at = new Date(check.checkedAt).toLocaleTimeString();
  return `Registration: ${check.registered ? 'registered' : 'not registered'} (checked ${at}).`;
}
