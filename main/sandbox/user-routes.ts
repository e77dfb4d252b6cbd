/** `/v2/accounts/{A}/users...` (cb_users_v2) and the account document itself. */
import type { App, Reply, RequestContext } from './context';
import { requestValue } from './context';
import { deviceSummary } from './devices';
import { isObject } from './docs';
import { documentRoutes } from './document-routes';
import type { Route } from './router';
import { userSummary } from './users';

export function userRoutes(app: App): Route[] {
  const { users, devices, state } = app;
  const base = '/v2/accounts/:account/users';

  const documents = documentRoutes(app, {
    collection: 'users',
    store: users,
    summary: userSummary,
    // Unlike devices, 4.3 turns the users list back into ascending id order (load_users_summary).
    order: 'ascending',
    billedAs: (data) => ({ category: 'users', item: requestedPrivLevel(data) }),
    written: (context, doc, how) => {
      // cb_users_v2:put/1 mails the new user (password included) unless told not to, from data, query or envelope.
      const send = requestValue(context, 'send_email_on_creation');
      if (how === 'create' && send !== false && send !== 'false') {
        state.welcomeEmails.push({ userId: doc._id, requestId: context.requestId, at: app.options.clock.now() });
      }
    },
  });

  /** listing_by_owner: the user's devices, none of them hot-desked in the sandbox. */
  const ownedDevices = (context: RequestContext): Reply => {
    const owner = users.get(context.params['id'] as string)._id;
    const data = devices
      .live()
      .filter((doc) => doc['owner_id'] === owner)
      .map((doc) => ({ ...deviceSummary(doc, state.account), hotdesked: false }));
    return { data };
  };

  const account = (): Reply => {
    const { id, name, realm } = state.account;
    return {
      data: { id, name, realm, enabled: true, language: 'en-US', timezone: 'America/New_York' },
    };
  };

  return [
    { path: '/v2/accounts/:account', auth: true, handlers: { GET: account } },
    ...documents,
    { path: `${base}/:id/devices`, auth: true, handlers: { GET: ownedDevices } },
  ];
}

/** Users are billed per `priv_level` (`users.user`, `users.admin`). */
const requestedPrivLevel = (data: unknown): string => (isObject(data) && data['priv_level'] === 'admin' ? 'admin' : 'user');
