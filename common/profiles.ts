import { z } from 'zod';
import { isUnencryptedServer } from './plain-http';

/**
 * A saved connection to an Audian account: everything but the secret, which main keeps in the
 * keychain under the connection id. These schemas check what the UI/CLI sends and what is read
 * back from disk, so a hand-edited file is held to the same rules as the form.
 */

const HEX32 = /^[0-9a-f]{32}$/;

export const connectionIdSchema = z.string().regex(HEX32, 'Connection ID must be 32 lowercase hexadecimal characters.');

export const connectionNameSchema = z
  .string()
  .trim()
  .min(1, 'Give the connection a name, e.g. the customer or site.')
  .max(80, 'Keep the connection name to 80 characters or fewer.');

/** Copied IDs often come with spaces or in capitals; KAZOO's are lowercase. */
export const accountIdSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(HEX32, "Account ID must be 32 hexadecimal characters, as shown in Audian's account settings.");

const BASE_URL_EXAMPLE = 'e.g. https://api.audian.com:8443';

/**
 * The server address without a trailing slash or `/v2`, so the client always appends `/v2/...`
 * to the same base however the technician typed it.
 */
const MAX_BASE_URL_LENGTH = 2048;
export const baseUrlSchema = z.string().transform((raw, ctx): string => {
  const issue = (message: string) => {
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  };
  if (raw.length > MAX_BASE_URL_LENGTH)
    return issue(`The server address is longer than ${MAX_BASE_URL_LENGTH} characters; check what was pasted.`);
  const text = raw.trim();
  if (text === '') return issue(`Enter the server address, ${BASE_URL_EXAMPLE}.`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return issue(`The server address must be a full address starting with https://, ${BASE_URL_EXAMPLE}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return issue(`The server address must start with https://, ${BASE_URL_EXAMPLE}.`);
  }
  if (url.username !== '' || url.password !== '') {
    return issue('Leave the user name and password out of the server address; enter them in their own fields.');
  }
  if (url.search !== '' || url.hash !== '') return issue('The server address must not contain "?" or "#".');
  const path = url.pathname.replace(/\/+$/, '').replace(/\/v2$/i, '').replace(/\/+$/, '');
  return url.origin + path;
});

export const PLAIN_HTTP_REFUSED =
  'The server address must start with https://. Only for an on-premise server that offers nothing but plain http://, tick "Allow plain HTTP": the API key and all data then cross the network unencrypted.';

/**
 * Plain HTTP only where the connection says so in its own field, checked even while other fields
 * are wrong so that every problem shows at once.
 */
const requirePlainHttpOptIn = <T extends z.ZodType<{ baseUrl: string; allowPlainHttp?: boolean | undefined }>>(schema: T) =>
  schema.superRefine(
    (connection, ctx) => {
      if (isUnencryptedServer(connection.baseUrl) && connection.allowPlainHttp !== true) {
        ctx.addIssue({ code: 'custom', path: ['baseUrl'], message: PLAIN_HTTP_REFUSED });
      }
    },
    {
      when: (payload) =>
        typeof payload.value === 'object' && payload.value !== null && payload.issues.every((issue) => issue.path?.[0] !== 'baseUrl'),
    },
  );

const signInField = (missing: string) => z.string().trim().min(1, missing).max(128, 'Keep this to 128 characters or fewer.');

/** How the app signs in; which secret the keychain holds follows from the method. */
export const profileAuthSchema = z.discriminatedUnion(
  'method',
  [
    z.object({ method: z.literal('api_key') }).strict(),
    z
      .object({
        method: z.literal('user_password'),
        username: signInField('Enter the user name you sign in to Audian with.'),
        accountName: signInField('Enter the account name you sign in to Audian with.'),
      })
      .strict(),
    z.object({ method: z.literal('token') }).strict(),
  ],
  { error: 'Choose how to sign in: API key, user name and password, or auth token.' },
);

/**
 * POSIX and Windows drive paths; checked here by shape, main checks the file itself. Network
 * shares (\\server\share, //server/share) are refused: opening one makes Windows send the
 * user's credentials to that server.
 */
const ABSOLUTE_PATH = /^(\/(?![\\/])|[A-Za-z]:[\\/])/;
const MAX_PATH_LENGTH = 4096;

export const caFileSchema = z
  .string()
  .trim()
  .max(MAX_PATH_LENGTH, `The CA file path is longer than ${MAX_PATH_LENGTH} characters; check what was pasted.`)
  .regex(ABSOLUTE_PATH, 'The CA file must be the full path to a PEM certificate file, e.g. /etc/ssl/certs/audian-ca.pem.');

/** The user name a proxy asks for; its password lives in the keychain, never in the profile file. */
export const proxyUsernameSchema = z
  .string()
  .trim()
  .min(1, 'Enter the user name the proxy asks for, or leave it empty.')
  .max(128, 'Keep the proxy user name to 128 characters or fewer.');

/** SHA-256 fingerprint as browsers and openssl show it. */
export const certificateFingerprintSchema = z
  .string()
  .regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/, 'A certificate fingerprint is 32 colon-separated pairs of hexadecimal digits.');

/** The one certificate the user accepted for this connection after comparing its fingerprint; set only by main, which read it from the server. */
const pinnedCertificateSchema = z
  .object({
    sha256: certificateFingerprintSchema,
    pem: z.string().max(65_536).startsWith('-----BEGIN CERTIFICATE-----'),
  })
  .strict();

const timestampSchema = z.iso.datetime({ offset: true, error: 'Expected an ISO 8601 date and time.' });

const profileFields = {
  name: connectionNameSchema,
  baseUrl: baseUrlSchema,
  accountId: accountIdSchema,
  auth: profileAuthSchema,
  /** Extra CA for an on-premise server; TLS checking itself is never switched off. */
  caFile: caFileSchema.optional(),
  proxyUsername: proxyUsernameSchema.optional(),
  /** The user chose plain http:// for this server, knowing it is unencrypted; shown as a warning wherever the connection is. */
  allowPlainHttp: z.boolean().optional(),
  /** A connection to the built-in sandbox rather than a real account. */
  demo: z.boolean().optional(),
};

/** A connection as saved on disk. */
export const profileSchema = requirePlainHttpOptIn(
  z.object({
    id: connectionIdSchema,
    ...profileFields,
    pinnedCertificate: pinnedCertificateSchema.optional(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  }),
);

/** What is handed to the profile store: no id yet for a new connection; timestamps are the store's. */
export const profileDraftSchema = requirePlainHttpOptIn(
  z.object({ id: connectionIdSchema.optional(), ...profileFields, pinnedCertificate: pinnedCertificateSchema.optional() }),
);

const MAX_SECRET_LENGTH = 8192;

const SECRET_NOUN: Record<ProfileAuth['method'], string> = { api_key: 'API key', user_password: 'password', token: 'auth token' };

/** What to say when a new connection comes without its secret; the form says it before sending. */
export const missingSecretMessage = (method: ProfileAuth['method']): string => `Enter the ${SECRET_NOUN[method]}.`;

export const MISSING_PROXY_PASSWORD = 'Enter the password for this proxy user name.';

/** What to say when a saved connection is moved to another server without its secret typed again. */
export const newServerSecretMessage = (method: ProfileAuth['method']): string =>
  `The server changed: enter the ${SECRET_NOUN[method]} again for the new server.`;

/**
 * Adding (no id) or editing (id) a connection from the UI/CLI. `secret` goes to the keychain,
 * never into the profile file; when editing, leaving it out keeps the saved one. An empty form
 * field counts as left out.
 */
export const connectionInputSchema = requirePlainHttpOptIn(
  z
    .object({
      id: connectionIdSchema.optional(),
      ...profileFields,
      caFile: z
        .union([z.literal(''), caFileSchema])
        .optional()
        .transform((path) => path || undefined),
      secret: z
        .string()
        .max(MAX_SECRET_LENGTH, `The secret is longer than ${MAX_SECRET_LENGTH} characters; check what was pasted.`)
        .optional(),
      proxyUsername: z
        .union([z.literal(''), proxyUsernameSchema])
        .optional()
        .transform((username) => username || undefined),
      /** Goes to the keychain beside the secret; when editing, leaving it out keeps the saved one. */
      proxyPassword: z
        .string()
        .max(MAX_SECRET_LENGTH, `The proxy password is longer than ${MAX_SECRET_LENGTH} characters; check what was pasted.`)
        .optional(),
    })
    .strict(),
).transform((input, ctx) => {
  // Keys and tokens are pasted and pick up stray whitespace; a password's spaces may be real.
  const secret = input.auth.method === 'user_password' ? input.secret : input.secret?.trim();
  if (!secret && input.id === undefined) {
    ctx.addIssue({ code: 'custom', path: ['secret'], message: missingSecretMessage(input.auth.method) });
    return z.NEVER;
  }
  if (input.proxyUsername !== undefined && !input.proxyPassword && input.id === undefined) {
    ctx.addIssue({ code: 'custom', path: ['proxyPassword'], message: MISSING_PROXY_PASSWORD });
    return z.NEVER;
  }
  // Without a proxy user name there is no proxy password to keep.
  const proxyPassword = input.proxyUsername === undefined ? undefined : input.proxyPassword || undefined;
  return { ...input, secret: secret || undefined, proxyPassword };
});

/**
 * The same origin (scheme, host, port) and the same extra certificate authority: the server a
 * saved secret was typed for, and the only one it is ever sent to. An address that does not
 * parse is no server at all.
 */
export function sameServer(saved: { baseUrl: string; caFile?: string }, next: { baseUrl: string; caFile?: string }): boolean {
  const origin = (url: string) => (URL.canParse(url) ? new URL(url).origin : null);
  const savedOrigin = origin(saved.baseUrl);
  return savedOrigin !== null && savedOrigin === origin(next.baseUrl) && (saved.caFile ?? '') === (next.caFile ?? '');
}

export type Profile = z.output<typeof profileSchema>;
export type ProfileAuth = z.output<typeof profileAuthSchema>;
export type ProfileDraft = z.output<typeof profileDraftSchema>;
export type ConnectionInput = z.output<typeof connectionInputSchema>;
/** What a form or the CLI may send before normalisation. */
export type ConnectionInputDraft = z.input<typeof connectionInputSchema>;
