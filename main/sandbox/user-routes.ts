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
  const userId = (ctx: RequestContext): string => ctx.params['user'] as string;

  // Unlike devices, 4.3 turns the users list back into ascending id order (fix_envelope/1).
  const list = (ctx: RequestContext): Reply => {
    const page = paginate(state.liveUsers(), buildFilter(ctx.query), pageRequest(ctx.query));
    return { data: page.docs.map((u) => users.summary(u)), paging: page.paging };
  };

  const create = (ctx: RequestContext): Reply => {
    const doc = users.create(ctx.data);
    return {
      status: 201,
      data: publicView(doc),
      revision: doc._rev,
      headers: { location: `/v2/accounts/${state.account.id}/users/${doc._id}` },
    };
  };

  const get = (ctx: RequestContext): Reply => {
    const doc = users.get(userId(ctx));
    return { data: publicView(doc), revision: doc._rev };
  };

  const write =
    (how: 'replace' | 'patch') =>
    (ctx: RequestContext): Reply => {
      checkIfMatch(ctx, users.get(userId(ctx)));
      const doc = how === 'replace' ? users.replace(userId(ctx), ctx.data) : users.patch(userId(ctx), ctx.data);
      return { data: publicView(doc), revision: doc._rev };
    };

  const remove = (ctx: RequestContext): Reply => {
    checkIfMatch(ctx, users.get(userId(ctx)));
    return { data: users.remove(userId(ctx)) };
  };

  /** listing_by_owner: the user's devices, none of them hot-desked in the sandbox. */
  const ownedDevices = (ctx: RequestContext): Reply => {
    const owner = users.get(userId(ctx))._id;
    const data = state
      .liveDevices()
      .filter((d) => d['owner_id'] === owner)
      .map((d) => ({ ...devices.summary(d), hotdesked: false }));
    return { data };
  };

  const account = (): Reply => {
    const a = state.account;
    return {
      data: { id: a.id, name: a.name, realm: a.realm, enabled: true, language: 'en-US', timezone: 'America/New_York' },
    };
  };

  return [
    { path: '/v2/accounts/:account', auth: true, handlers: { GET: account } },
    { path: base, auth: true, handlers: { GET: list, PUT: create } },
    { path: `${base}/:user`, auth: true, handlers: { GET: get, POST: write('replace'), PATCH: write('patch'), DELETE: remove } },
    { path: `${base}/:user/devices`, auth: true, handlers: { GET: ownedDevices } },
  ];
}
