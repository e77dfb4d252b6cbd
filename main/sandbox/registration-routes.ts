/** `/v2/accounts/{A}/registrations` (cb_registrations): the registrar table for the account realm. */
import type { App, Reply, RequestContext } from './context';
import { badIdentifier } from './envelope';
import type { Route } from './router';

export function registrationRoutes(app: App): Route[] {
  const { registrar, phones } = app;
  const base = '/v2/accounts/:account/registrations';

  const list = (): Reply => ({ data: registrar.inAccountRealm() });

  const count = (): Reply => ({ data: { count: registrar.inAccountRealm().length } });

  const flushAll = (): Reply => {
    const ids = registrar.inAccountRealm().map((entry) => String(entry['authorizing_id']));
    for (const id of ids) registrar.unregister(id, 'flush');
    phones.flushed(ids);
    return { data: 'ok', revision: 'automatic' };
  };

  const flushOne = (context: RequestContext): Reply => {
    const username = (context.params['username'] as string).toLowerCase();
    const entry = registrar.inAccountRealm().find((candidate) => String(candidate['username']).toLowerCase() === username);
    if (!entry) throw badIdentifier(context.params['username'] as string);
    const id = String(entry['authorizing_id']);
    registrar.unregister(id, 'flush');
    phones.flushed([id]);
    return { data: 'ok', revision: 'automatic' };
  };

  return [
    { path: base, auth: true, handlers: { GET: list, DELETE: flushAll } },
    { path: `${base}/count`, auth: true, handlers: { GET: count } },
    { path: `${base}/:username`, auth: true, handlers: { DELETE: flushOne } },
  ];
}
