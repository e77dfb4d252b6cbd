import { describe, expect, it } from 'vitest';
import {
  accountIdSchema,
  baseUrlSchema,
  connectionInputSchema,
  PLAIN_HTTP_REFUSED,
  profileSchema,
  type ConnectionInputDraft,
} from '../../../common/profiles';

const ACCOUNT = '0123456789abcdef0123456789abcdef';

const firstMessage = (result: { success: boolean; error?: { issues: { message: string }[] } }) => result.error?.issues[0]?.message;

const input = (overrides: Partial<ConnectionInputDraft> = {}): ConnectionInputDraft => ({
  name: 'Main office',
  baseUrl: 'https://api.audian.com:8443',
  accountId: ACCOUNT,
  auth: { method: 'api_key' },
  secret: 'k3y',
  ...overrides,
});

describe('connection schemas', () => {
  it.each([
    ['https://api.audian.com:8443/v2/', 'https://api.audian.com:8443'],
    ['https://api.audian.com:8443/v2', 'https://api.audian.com:8443'],
    ['  https://api.audian.com:8443/  ', 'https://api.audian.com:8443'],
    ['HTTPS://PBX.Example.com/kazoo/v2//', 'https://pbx.example.com/kazoo'],
    ['http://127.0.0.1:8000/v2', 'http://127.0.0.1:8000'],
    ['http://localhost:8000', 'http://localhost:8000'],
    ['http://pbx.example.com:8000/v2', 'http://pbx.example.com:8000'],
  ])('normalises the server address %s to %s', (raw, expected) => {
    expect(baseUrlSchema.parse(raw)).toBe(expected);
  });

  it.each([
    ['', 'Enter the server address, e.g. https://api.audian.com:8443.'],
    ['api.audian.com', 'The server address must be a full address starting with https://, e.g. https://api.audian.com:8443.'],
    ['ftp://api.audian.com', 'The server address must start with https://, e.g. https://api.audian.com:8443.'],
    ['https://admin:hunter2@api.audian.com', 'Leave the user name and password out of the server address; enter them in their own fields.'],
    ['https://api.audian.com/v2?x=1', 'The server address must not contain "?" or "#".'],
  ])('rejects the server address %j with a clear message', (raw, message) => {
    expect(firstMessage(baseUrlSchema.safeParse(raw))).toBe(message);
  });

  it('accepts an account ID pasted in capitals or with spaces, and explains a wrong one', () => {
    expect(accountIdSchema.parse(` ${ACCOUNT.toUpperCase()} `)).toBe(ACCOUNT);
    expect(firstMessage(accountIdSchema.safeParse('12345'))).toBe(
      "Account ID must be 32 hexadecimal characters, as shown in Audian's account settings.",
    );
    expect(firstMessage(accountIdSchema.safeParse(`${ACCOUNT.slice(1)}g`))).toMatch(/^Account ID must be 32 hexadecimal/);
  });

  it('trims the name and limits it to 80 characters', () => {
    expect(connectionInputSchema.parse(input({ name: '  Site A  ' })).name).toBe('Site A');
    expect(firstMessage(connectionInputSchema.safeParse(input({ name: '   ' })))).toBe(
      'Give the connection a name, e.g. the customer or site.',
    );
    expect(firstMessage(connectionInputSchema.safeParse(input({ name: 'x'.repeat(81) })))).toBe(
      'Keep the connection name to 80 characters or fewer.',
    );
  });

  it('asks for the secret a new connection needs, in the words of its sign-in method', () => {
    const missing = (auth: ConnectionInputDraft['auth']) =>
      connectionInputSchema.safeParse(input({ auth, secret: undefined })).error?.issues[0];
    expect(missing({ method: 'api_key' })).toMatchObject({ path: ['secret'], message: 'Enter the API key.' });
    expect(missing({ method: 'user_password', username: 'tech', accountName: 'acme' })?.message).toBe('Enter the password.');
    expect(missing({ method: 'token' })?.message).toBe('Enter the auth token.');
    expect(connectionInputSchema.safeParse(input({ secret: '   ' })).success).toBe(false);
  });

  it('takes plain http:// to a server only when the connection opts in, and says what that costs', () => {
    const plain = input({ baseUrl: 'http://pbx.example.com:8000' });
    expect(connectionInputSchema.safeParse(plain).error?.issues).toMatchObject([{ path: ['baseUrl'], message: PLAIN_HTTP_REFUSED }]);
    expect(PLAIN_HTTP_REFUSED).toMatch(/Allow plain HTTP.*unencrypted/);
    expect(connectionInputSchema.safeParse({ ...plain, allowPlainHttp: false }).success).toBe(false);
    expect(connectionInputSchema.parse({ ...plain, allowPlainHttp: true })).toMatchObject({
      baseUrl: 'http://pbx.example.com:8000',
      allowPlainHttp: true,
    });
    // The same rule for a hand-edited file, and every problem at once.
    const stamp = '2026-01-01T00:00:00.000Z';
    const saved = { ...plain, id: ACCOUNT, secret: undefined, createdAt: stamp, updatedAt: stamp, accountId: 'nope' };
    expect(profileSchema.safeParse(saved).error?.issues.map((issue) => issue.path[0])).toEqual(['accountId', 'baseUrl']);
    // The local sandbox needs no opt-in.
    expect(connectionInputSchema.safeParse(input({ baseUrl: 'http://127.0.0.1:8000' })).success).toBe(true);
  });

  it('lets an edit keep the saved secret by leaving the field empty', () => {
    expect(connectionInputSchema.parse(input({ id: ACCOUNT, secret: '' })).secret).toBeUndefined();
    expect(connectionInputSchema.parse(input({ id: ACCOUNT, secret: undefined })).secret).toBeUndefined();
  });

  it('trims a pasted key or token but keeps the spaces of a password', () => {
    expect(connectionInputSchema.parse(input({ secret: '  abc123\n' })).secret).toBe('abc123');
    expect(connectionInputSchema.parse(input({ auth: { method: 'token' }, secret: ' eyJ.x.y ' })).secret).toBe('eyJ.x.y');
    const withPassword = input({ auth: { method: 'user_password', username: ' tech ', accountName: ' acme ' }, secret: ' pass word ' });
    expect(connectionInputSchema.parse(withPassword)).toMatchObject({
      auth: { method: 'user_password', username: 'tech', accountName: 'acme' },
      secret: ' pass word ',
    });
  });

  it('explains a missing user name and an unknown sign-in method', () => {
    const noUser = input({ auth: { method: 'user_password', username: '', accountName: 'acme' } });
    expect(connectionInputSchema.safeParse(noUser).error?.issues[0]).toMatchObject({
      path: ['auth', 'username'],
      message: 'Enter the user name you sign in to Audian with.',
    });
    const unknown = { ...input(), auth: { method: 'certificate' } } as unknown;
    expect(firstMessage(connectionInputSchema.safeParse(unknown))).toBe(
      'Choose how to sign in: API key, user name and password, or auth token.',
    );
  });

  it('takes an absolute CA file path, treats an empty one as none and explains a relative one', () => {
    expect(connectionInputSchema.parse(input({ caFile: '/etc/ssl/ca.pem' })).caFile).toBe('/etc/ssl/ca.pem');
    expect(connectionInputSchema.parse(input({ caFile: 'C:\\certs\\ca.pem' })).caFile).toBe('C:\\certs\\ca.pem');
    expect(connectionInputSchema.parse(input({ caFile: '' })).caFile).toBeUndefined();
    expect(firstMessage(connectionInputSchema.safeParse(input({ caFile: 'certs/ca.pem' })))).toBe(
      'The CA file must be the full path to a PEM certificate file, e.g. /etc/ssl/certs/audian-ca.pem.',
    );
  });

  it('refuses fields it does not know, so a secret cannot slip into the profile under another name', () => {
    const withPassword = { ...input(), password: 'oops' } as unknown;
    expect(connectionInputSchema.safeParse(withPassword).success).toBe(false);
  });

  it('holds a saved profile to the same rules', () => {
    const saved = {
      id: 'ffffffffffffffffffffffffffffffff',
      name: 'Main office',
      baseUrl: 'https://api.audian.com:8443/v2',
      accountId: ACCOUNT,
      auth: { method: 'api_key' },
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    expect(profileSchema.parse(saved).baseUrl).toBe('https://api.audian.com:8443');
    expect(firstMessage(profileSchema.safeParse({ ...saved, id: 'ABC' }))).toBe(
      'Connection ID must be 32 lowercase hexadecimal characters.',
    );
    expect(profileSchema.safeParse({ ...saved, createdAt: 'yesterday' }).success).toBe(false);
  });
});
