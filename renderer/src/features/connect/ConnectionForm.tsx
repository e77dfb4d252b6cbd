import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { ConnectionView } from '../../../../common/connections';
import { isUnencryptedServer } from '../../../../common/plain-http';
import { sameServer } from '../../../../common/profiles';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SegmentedControl } from '../../components/SegmentedControl';
import { TextField } from '../../components/TextField';
import { useConnections } from '../../store/StoresContext';
import {
  draftOf,
  errorsFrom,
  hasErrors,
  noErrors,
  validate,
  type ConnectionFormValues,
  type FormErrors,
  type FormField,
} from './connectionFormValues';
import { methodLabel, secretLabel, secretNoun, signInMethods, type SignInMethod } from './signInWords';
import './ConnectionForm.css';

/** Fields inside "Advanced": an error there opens it. */
const ADVANCED_FIELDS: ReadonlySet<string> = new Set(['caFile', 'proxyUsername', 'proxyPassword']);

const methodOptions = signInMethods.map((method) => ({ value: method, label: methodLabel[method] }));

const savedSecretWord: Record<SignInMethod, string> = { api_key: 'key', user_password: 'password', token: 'token' };

/** Which fields a change to `key` makes stale, so their old server errors stop showing. */
const touchedBy = (key: keyof ConnectionFormValues): FormField[] => {
  switch (key) {
    case 'method':
      return ['auth', 'auth.username', 'auth.accountName', 'secret'];
    case 'username':
      return ['auth.username'];
    case 'accountName':
      return ['auth.accountName'];
    case 'id':
      return [];
    case 'allowPlainHttp':
      return ['baseUrl'];
    default:
      return [key];
  }
};

function secretHint(values: ConnectionFormValues, editing: ConnectionView | undefined): string | undefined {
  const { method } = values;
  if (!editing) return method === 'api_key' ? 'Create one in Audian under Account settings › API keys.' : undefined;
  if (editing.auth.method !== method) return `The sign-in method changed: enter the new ${secretNoun[method]}.`;
  if (!sameServer(editing, { baseUrl: values.baseUrl.trim(), caFile: values.caFile.trim() || undefined }))
    return `A saved ${savedSecretWord[method]} is only ever sent to the server it was entered for: enter it again for this one.`;
  if (!editing.secretAvailable && !editing.demo)
    return `The saved ${savedSecretWord[method]} is not available in this session; enter it again.`;
  return `Leave empty to keep the saved ${savedSecretWord[method]}.`;
}

export interface ConnectionFormProps {
  initial: ConnectionFormValues;
  /** The saved connection being edited; none when adding. */
  editing?: ConnectionView;
  /** Which field takes focus: the secret when the form was opened to enter a missing one. */
  focus: 'name' | 'secret';
  onSaved: (connection: ConnectionView) => void;
  onCancel: () => void;
}

/**
 * Add or edit a connection. Checked on submit with the schema main uses, then by main itself; both
 * kinds of error show under the field they are about. The secret is held only until it is saved.
 */
export function ConnectionForm({ initial, editing, focus, onSaved, onCancel }: ConnectionFormProps) {
  const save = useConnections((state) => state.save);
  const saveConnection = useConnections((state) => state.saveConnection);
  const dismiss = useConnections((state) => state.dismiss);
  const [values, setValues] = useState(initial);
  const [secret, setSecret] = useState('');
  const [proxyPassword, setProxyPassword] = useState('');
  const [attempted, setAttempted] = useState(false);
  // Main's field errors stay until the field they are about is changed.
  const [changedSinceSave, setChangedSinceSave] = useState<ReadonlySet<FormField>>(new Set());
  const [advancedOpen, setAdvancedOpen] = useState(initial.caFile !== '' || initial.proxyUsername !== '');
  const [focusRequest, setFocusRequest] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);

  // A failure from an earlier opening of the form is not about what is in it now.
  useEffect(() => dismiss('save'), [dismiss]);

  // Opening a dialog focuses the field itself (Dialog honours data-autofocus); this covers coming back from the result step.
  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
  }, []);

  const serverErrors = useMemo<FormErrors>(() => {
    if (save.status !== 'failed') return noErrors;
    const errors = errorsFrom(save.fields);
    for (const field of changedSinceSave) delete errors.fields[field];
    return errors;
  }, [save, changedSinceSave]);
  const clientErrors = useMemo(
    () => (attempted ? validate(values, secret, proxyPassword) : noErrors),
    [attempted, values, secret, proxyPassword],
  );
  const errors: FormErrors['fields'] = { ...serverErrors.fields, ...clientErrors.fields };
  const saving = save.status === 'saving';
  // Errors main tied to a field show there; anything else needs a notice of its own.
  const failure = save.status === 'failed' && Object.keys(errorsFrom(save.fields).fields).length === 0 ? save.error : null;

  useEffect(() => {
    if (focusRequest === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [focusRequest]);

  const change = <K extends keyof ConnectionFormValues>(key: K, value: ConnectionFormValues[K]) => {
    setValues((previous) => ({ ...previous, [key]: value }));
    setChangedSinceSave((previous) => new Set([...previous, ...touchedBy(key)]));
  };

  const changeMethod = (method: SignInMethod) => {
    change('method', method);
    // A key typed for one method is never the secret of another.
    setSecret('');
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (saving) return;
    setAttempted(true);
    const found = validate(values, secret, proxyPassword);
    if (hasErrors(found)) {
      if (found.fields.caFile || found.fields.proxyUsername || found.fields.proxyPassword) setAdvancedOpen(true);
      setFocusRequest((count) => count + 1);
      return;
    }
    setChangedSinceSave(new Set());
    const result = await saveConnection(draftOf(values, secret, proxyPassword));
    if (result.ok) {
      setSecret('');
      setProxyPassword('');
      onSaved(result.value);
      return;
    }
    if (result.error.fields?.some((field) => ADVANCED_FIELDS.has(field.path))) setAdvancedOpen(true);
    setFocusRequest((count) => count + 1);
  };

  return (
    <form ref={formRef} className="connection-form" noValidate onSubmit={(event) => void submit(event)}>
      {failure ? (
        <ErrorNotice error={failure} title="Not saved">
          {serverErrors.other.length > 0 ? (
            <ul className="connection-form__other-errors">
              {serverErrors.other.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          ) : null}
        </ErrorNotice>
      ) : null}

      <TextField
        label="Name"
        hint="Shown in the top bar while you work on this account."
        value={values.name}
        onChange={(event) => change('name', event.target.value)}
        error={errors.name}
        autoComplete="off"
        data-autofocus={focus === 'name' ? true : undefined}
      />
      <TextField
        label="Server address"
        type="url"
        inputMode="url"
        placeholder="https://api.audian.com:8443"
        hint="The address of Audian's API, from your Audian administrator."
        value={values.baseUrl}
        onChange={(event) => change('baseUrl', event.target.value)}
        error={errors.baseUrl}
        autoComplete="off"
        spellCheck={false}
        mono
      />
      {isUnencryptedServer(values.baseUrl.trim()) ? (
        <>
          <label className="connection-form__check">
            <input type="checkbox" checked={values.allowPlainHttp} onChange={(event) => change('allowPlainHttp', event.target.checked)} />
            <span>Allow plain HTTP for this on-premise server</span>
          </label>
          <Banner tone="warning" title="Plain HTTP is not encrypted">
            <p>
              The {secretNoun[values.method]} and everything the app reads and changes cross the network readable by anyone on the way. Use
              it only on a network you trust, for a server that offers nothing but http://.
            </p>
          </Banner>
        </>
      ) : null}
      <TextField
        label="Account ID"
        hint="Copy it from the account's settings in Audian."
        value={values.accountId}
        onChange={(event) => change('accountId', event.target.value)}
        error={errors.accountId}
        autoComplete="off"
        spellCheck={false}
        mono
      />

      <SegmentedControl legend="Sign-in method" options={methodOptions} value={values.method} onChange={changeMethod} error={errors.auth} />

      {values.method === 'user_password' ? (
        <div className="connection-form__pair">
          <TextField
            label="User name"
            value={values.username}
            onChange={(event) => change('username', event.target.value)}
            error={errors['auth.username']}
            autoComplete="off"
            spellCheck={false}
          />
          <TextField
            label="Account name"
            hint="The account you sign in to, as on Audian's sign-in page."
            value={values.accountName}
            onChange={(event) => change('accountName', event.target.value)}
            error={errors['auth.accountName']}
            autoComplete="off"
            spellCheck={false}
          />
        </div>
      ) : null}

      <TextField
        label={secretLabel[values.method]}
        type="password"
        hint={secretHint(values, editing)}
        value={secret}
        onChange={(event) => {
          setSecret(event.target.value);
          setChangedSinceSave((previous) => new Set([...previous, 'secret']));
        }}
        error={errors.secret}
        autoComplete="off"
        spellCheck={false}
        data-autofocus={focus === 'secret' ? true : undefined}
      />

      <details className="connection-form__advanced" open={advancedOpen} onToggle={(event) => setAdvancedOpen(event.currentTarget.open)}>
        <summary>Advanced: proxy sign-in, CA certificate</summary>
        <div className="connection-form__advanced-body">
          <p className="connection-form__explain">
            Only for an on-premise server whose certificate comes from its own certificate authority. Audian's hosted servers do not need
            this.
          </p>
          <TextField
            label="CA certificate file (optional)"
            placeholder="/etc/ssl/certs/audian-ca.pem"
            hint="The full path to a PEM file on this computer."
            value={values.caFile}
            onChange={(event) => change('caFile', event.target.value)}
            error={errors.caFile}
            autoComplete="off"
            spellCheck={false}
            mono
          />
          <p className="connection-form__explain">
            The proxy itself comes from this computer&apos;s proxy settings. Only when that proxy asks who you are, enter its user name and
            password; the password is kept in the system keychain.
          </p>
          <div className="connection-form__pair">
            <TextField
              label="Proxy user name (optional)"
              value={values.proxyUsername}
              onChange={(event) => change('proxyUsername', event.target.value)}
              error={errors.proxyUsername}
              autoComplete="off"
              spellCheck={false}
            />
            <TextField
              label="Proxy password"
              type="password"
              hint={
                editing?.proxyUsername && editing.proxyUsername === values.proxyUsername.trim()
                  ? 'Leave empty to keep the saved password.'
                  : undefined
              }
              value={proxyPassword}
              onChange={(event) => {
                setProxyPassword(event.target.value);
                setChangedSinceSave((previous) => new Set([...previous, 'proxyPassword']));
              }}
              error={errors.proxyPassword}
              autoComplete="off"
              spellCheck={false}
            />
          </div>
        </div>
      </details>

      <div className="connection-form__actions">
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" busy={saving}>
          {saving ? 'Saving…' : editing ? 'Save changes' : 'Save connection'}
        </Button>
      </div>
    </form>
  );
}
