import type { ConnectionView } from '../../../../common/connections';
import type { FieldError } from '../../../../common/ipc/result';
import { isUnencryptedServer } from '../../../../common/plain-http';
import { connectionInputSchema, missingSecretMessage, type ConnectionInputDraft } from '../../../../common/profiles';
import type { SignInMethod } from './signInWords';

/** What the form edits, as typed; the secret is kept apart so it can be cleared on its own. */
export interface ConnectionFormValues {
  /** Set when editing a saved connection. */
  id?: string;
  name: string;
  baseUrl: string;
  accountId: string;
  method: SignInMethod;
  username: string;
  accountName: string;
  caFile: string;
  proxyUsername: string;
  /** Ticked to use plain http:// with this server; sent only while the address is one. */
  allowPlainHttp: boolean;
}

/** The form's fields by the dotted paths main and the schema use in their field errors. */
export const formFields = [
  'name',
  'baseUrl',
  'accountId',
  'auth',
  'auth.username',
  'auth.accountName',
  'secret',
  'caFile',
  'proxyUsername',
  'proxyPassword',
] as const;
export type FormField = (typeof formFields)[number];

export interface FormErrors {
  fields: Partial<Record<FormField, string>>;
  /** Problems that belong to no field the form shows. */
  other: string[];
}

export const noErrors: FormErrors = { fields: {}, other: [] };

export const emptyValues: ConnectionFormValues = {
  name: '',
  baseUrl: '',
  accountId: '',
  method: 'api_key',
  username: '',
  accountName: '',
  caFile: '',
  proxyUsername: '',
  allowPlainHttp: false,
};

export function valuesOf(connection: ConnectionView): ConnectionFormValues {
  return {
    id: connection.id,
    name: connection.name,
    baseUrl: connection.baseUrl,
    accountId: connection.accountId,
    method: connection.auth.method,
    username: connection.auth.method === 'user_password' ? connection.auth.username : '',
    accountName: connection.auth.method === 'user_password' ? connection.auth.accountName : '',
    caFile: connection.caFile ?? '',
    proxyUsername: connection.proxyUsername ?? '',
    allowPlainHttp: connection.allowPlainHttp === true,
  };
}

/** What `connections:save` takes; an empty secret (or proxy password) is left out so an edit keeps the saved one. */
export function draftOf(values: ConnectionFormValues, secret: string, proxyPassword = ''): ConnectionInputDraft {
  const auth: ConnectionInputDraft['auth'] =
    values.method === 'user_password'
      ? { method: 'user_password', username: values.username, accountName: values.accountName }
      : { method: values.method };
  return {
    ...(values.id ? { id: values.id } : {}),
    name: values.name,
    baseUrl: values.baseUrl,
    accountId: values.accountId,
    auth,
    ...(values.caFile.trim() ? { caFile: values.caFile } : {}),
    ...(values.allowPlainHttp && isUnencryptedServer(values.baseUrl.trim()) ? { allowPlainHttp: true } : {}),
    ...(secret ? { secret } : {}),
    ...(values.proxyUsername.trim() ? { proxyUsername: values.proxyUsername } : {}),
    ...(proxyPassword ? { proxyPassword } : {}),
  };
}

const isFormField = (path: string): path is FormField => (formFields as readonly string[]).includes(path);

/** Field errors from the schema or from main, under the field they name; the first per field wins. */
export function errorsFrom(fields: readonly Pick<FieldError, 'path' | 'message'>[]): FormErrors {
  const errors: FormErrors = { fields: {}, other: [] };
  for (const { path, message } of fields) {
    if (!isFormField(path)) errors.other.push(message);
    else errors.fields[path] ??= message;
  }
  return errors;
}

/**
 * The same rules main applies (`connectionInputSchema`), run before sending. The schema checks a
 * new connection's missing secret only once everything else passes; the form says it at once, in
 * the schema's words, so the technician sees every problem in one go.
 */
export function validate(values: ConnectionFormValues, secret: string, proxyPassword = ''): FormErrors {
  const parsed = connectionInputSchema.safeParse(draftOf(values, secret, proxyPassword));
  if (parsed.success) return noErrors;
  const errors = errorsFrom(parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })));
  const blank = values.method === 'user_password' ? secret === '' : secret.trim() === '';
  if (!values.id && blank) errors.fields.secret ??= missingSecretMessage(values.method);
  return errors;
}

export const hasErrors = (errors: FormErrors): boolean => errors.other.length > 0 || Object.keys(errors.fields).length > 0;
