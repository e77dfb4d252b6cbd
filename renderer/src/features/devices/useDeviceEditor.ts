import { useEffect, useState } from 'react';
import type { EditorField, EditorTextField, FieldChange } from '../../../../common/devices-view';
import type { AppError } from '../../../../common/ipc/result';
import { useLatestRequest } from '../../components/useLatestRequest';
import { useDevices } from '../../store/StoresContext';
import { fieldWords } from './deviceWords';
import { changesBetween, emptyValues, valuesOf, type EditorValues } from './editorValues';

/** What the editor is open on: an existing device, or a new one. */
export type EditorTarget = { kind: 'edit'; id: string } | { kind: 'create' };

export type EditorLoad =
  { status: 'loading' } | { status: 'ready'; revision: string | null; hasPassword: boolean } | { status: 'failed'; error: AppError };

export type SaveState =
  | { status: 'idle' }
  | { status: 'saving' }
  | { status: 'saved'; message: string }
  | { status: 'conflict'; changes: FieldChange[] }
  | { status: 'failed'; error: AppError };

export type FieldErrors = Partial<Record<EditorField, string>>;

/**
 * The device editor's work with the server: reads the device, keeps the form's values and the
 * server's field errors, saves only what changed against the revision it read, and handles the
 * two ways someone else can get in between (a change: conflict; a deletion: recreate).
 * After a create it hands the new id to `onCreated`, which opens the editor on it.
 */
export function useDeviceEditor(target: EditorTarget, onCreated: (id: string) => void) {
  const request = useDevices((state) => state.request);
  const creating = target.kind === 'create';
  const [load, setLoad] = useState<EditorLoad>(creating ? { status: 'ready', revision: null, hasPassword: false } : { status: 'loading' });
  const [initial, setInitial] = useState<EditorValues>(() => emptyValues());
  const [values, setValues] = useState<EditorValues>(() => emptyValues());
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [save, setSave] = useState<SaveState>({ status: 'idle' });
  const [reloadCount, setReloadCount] = useState(0);
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

  const clearError = (field: EditorField) => setFieldErrors(({ [field]: _gone, ...rest }) => rest);

  const setText = (field: EditorTextField, value: string) => {
    setValues((current) => ({ ...current, text: { ...current.text, [field]: value } }));
    clearError(field);
  };

  const setEnabled = (enabled: boolean) => setValues((current) => ({ ...current, enabled }));

  const setOwner = (ownerId: string | null) => {
    setValues((current) => ({ ...current, ownerId }));
    clearError('owner_id');
  };

  /** Saves what changed; `force` overwrites a change someone else made meanwhile. */
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
      const errors: FieldErrors = {};
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

  /** After a conflict: the server's version replaces the form. */
  const reload = () => {
    setSave({ status: 'idle' });
    setLoad({ status: 'loading' });
    setReloadCount((count) => count + 1);
  };

  /** After a deletion by someone else: the form's settings as a new device (a new id, so nothing of the old one is overwritten). */
  const recreate = async () => {
    setSave({ status: 'saving' });
    // The password field holds the old password only if it was shown or typed; empty, the server makes one.
    const result = await request('devices:save', { fields: changesBetween(emptyValues(), values, true) });
    if (!result.ok) return setSave({ status: 'failed', error: result.error });
    onCreated(result.value.id);
  };

  /** Reads the saved SIP password into the form, unchanged as far as saving goes; resolves to whether it could. */
  const revealPassword = async (): Promise<boolean> => {
    if (target.kind !== 'edit') return false;
    const result = await request('devices:revealPassword', { id: target.id });
    if (!result.ok) {
      setFieldErrors((errors) => ({ ...errors, sip_password: result.error.message }));
      return false;
    }
    const password = result.value.password ?? '';
    setInitial((current) => ({ ...current, text: { ...current.text, sip_password: password } }));
    setValues((current) => ({ ...current, text: { ...current.text, sip_password: password } }));
    return true;
  };

  return { creating, load, initial, values, fieldErrors, save, setText, setEnabled, setOwner, submit, reload, recreate, revealPassword };
}

export type DeviceEditorModel = ReturnType<typeof useDeviceEditor>;
