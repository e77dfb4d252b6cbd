/** `/v2/accounts/{A}/users...` and the account document itself: enough to resolve device owners. */
import type { App, Reply, RequestContext } from './context';
import { checkIfMatch } from './context';
import { publicView } from './docs';
import { buildFilter } from './filters';
import { pageRequest, paginate } from './pagination';
import type { Route } from './router';

export function userRoutes(app: App): Route[] {
  const { users, devices, state } = app;
  const base = '/v2/accounts/:account/users';
  const userId = (context: RequestContext): string => context.params['user'] as string;

  // Unlike devices, 4.3 turns the users list back into ascending id order (fix_envelope/1).
  const list = (context: RequestContext): Reply => {
    const page = paginate(state.liveUsers(), buildFilter(context.query), pageRequest(context.query));
    return { data: page.docs.map((user) => users.summary(user)), paging: page.paging };
  };

  const create = (context: RequestContext): Reply => {
    const doc = users.create(context.data);
    return {
      status: 201,
      data: publicView(doc),
      revision: doc._rev,
      headers: { location: `/v2/accounts/${state.account.id}/users/${doc._id}` },
    };
  };

  const get = (context: RequestContext): Reply => {
    const doc = users.get(userId(context));
    return { data: publicView(doc), revision: doc._rev };
  };

  const write =
    (how: 'replace' | 'patch') =>
    (context: RequestContext): Reply => {
      checkIfMatch(context, users.get(userId(context)));
      const doc = how === 'replace' ? users.replace(userId(context), context.data) : users.patch(userId(context), context.data);
      return { data: publicView(doc), revision: doc._rev };
    };

  const remove = (context: RequestContext): Reply => {
    checkIfMatch(context, users.get(userId(context)));
    return { data: users.remove(userId(context)) };
  };

  /** listing_by_owner: the user's devices, none of them hot-desked in the sandbox. */
  const ownedDevices = (context: RequestContext): Reply => {
    const owner = users.get(userId(context))._id;
    const data = state
      .liveDevices()
      .filter((doc) => doc['owner_id'] === owner)
      .map((doc) => ({ ...devices.summary(doc), hotdesked: false }));
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
    { path: base, auth: true, handlers: { GET: list, PUT: create } },
    { path: `${base}/:user`, auth: true, handlers: { GET: get, POST: write('replace'), PATCH: write('patch'), DELETE: remove } },
    { path: `${base}/:user/devices`, auth: true, handlers: { GET: ownedDevices } },
  ];
}
