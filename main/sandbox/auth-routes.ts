/**
 * `PUT /v2/api_auth`, `PUT /v2/user_auth` and `/v2/token_auth` (research §6): an unknown API key
 * is a 404 carrying the key, every other failure the generic 401 `invalid_credentials`.
 */
import type { App, Reply, RequestContext } from './context';
import type { JsonObject } from '../api/device-schema';
import { isObject } from './docs';
import { KazooError, fieldError, fieldErrors, invalidCredentials } from './envelope';
import type { Route } from './router';
import type { TokenClaims } from './tokens';
import { findByCredentials } from './users';

const dataOf = (context: RequestContext): JsonObject => (isObject(context.data) ? context.data : {});

/** Account names are matched the way KAZOO normalises them: lower-case, alphanumerics only. */
const normaliseName = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

function authReply(app: App, claims: Pick<TokenClaims, 'account_id' | 'owner_id' | 'method'>): Reply {
  const { token } = app.tokens.issue(claims);
  const { account } = app.state;
  return {
    status: 201,
    authToken: token,
    revision: 'automatic',
    paging: { page_size: 1 },
    data: {
      account_id: account.id,
      account_name: account.name,
      apps: [],
      is_reseller: false,
      language: 'en-US',
      owner_id: claims.owner_id,
      reseller_id: account.id,
    },
  };
}

export function authRoutes(app: App): Route[] {
  const apiAuth = (context: RequestContext): Reply => {
    const key = dataOf(context)['api_key'];
    if (typeof key !== 'string' || key === '') {
      throw fieldErrors([fieldError('api_key', 'required', { message: 'Field is required but missing', value: 'api_key' })]);
    }
    if (key !== app.state.account.apiKey) throw new KazooError(404, 'bad identifier', [key]);
    return authReply(app, { account_id: app.state.account.id, method: 'cb_api_auth' });
  };

  const userAuth = (context: RequestContext): Reply => {
    const data = dataOf(context);
    const credentials = data['credentials'];
    if (typeof credentials !== 'string' || credentials === '') {
      throw fieldErrors([fieldError('credentials', 'required', { message: 'Field is required but missing', value: 'credentials' })]);
    }
    const { account } = app.state;
    const name = data['account_name'];
    const realm = data['account_realm'] ?? data['realm'];
    const found =
      (typeof realm === 'string' && realm.toLowerCase() === account.realm.toLowerCase()) ||
      (typeof name === 'string' && normaliseName(name) === normaliseName(account.name));
    if (!found) throw invalidCredentials();
    const method = data['method'] === 'sha' ? 'sha' : 'md5';
    const user = findByCredentials(app.users, credentials.toLowerCase(), method);
    if (!user) throw invalidCredentials();
    return authReply(app, { account_id: account.id, owner_id: user._id, method: 'cb_user_auth' });
  };

  const tokenInfo = (context: RequestContext): Reply => {
    const claims = context.claims as TokenClaims;
    return {
      data: {
        account_id: claims.account_id,
        owner_id: claims.owner_id,
        method: claims.method,
        apps: [],
        is_reseller: false,
        language: 'en-US',
        exp: claims.exp,
      },
    };
  };

  return [
    { path: '/v2/api_auth', auth: false, handlers: { PUT: apiAuth } },
    { path: '/v2/user_auth', auth: false, handlers: { PUT: userAuth } },
    // JWTs are not stored, so DELETE cannot revoke one before `exp` (research §6.4).
    { path: '/v2/token_auth', auth: true, handlers: { GET: tokenInfo, DELETE: () => ({ data: {} }) } },
  ];
}
