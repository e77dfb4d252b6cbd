/**
 * The sandbox's own control API under `/_sandbox/` (never under /v2, never rate-limited or
 * faulted): what a simulated phone or a test in another process does to the world.
 */
import type { App, Reply, RequestContext } from './context';
import { isObject } from './docs';
import { KazooError } from './envelope';
import type { FaultInjector, FaultKind } from './faults';
import type { RegisterDetails } from './registrar';
import type { Route } from './router';

const FAULT_KINDS: readonly FaultKind[] = ['unavailable', 'reset', 'lost', 'gateway_timeout'];

function registerDetails(data: unknown): RegisterDetails {
  if (!isObject(data)) return {};
  const details: RegisterDetails = {};
  if (typeof data['user_agent'] === 'string') details.user_agent = data['user_agent'];
  if (typeof data['source_ip'] === 'string') details.source_ip = data['source_ip'];
  if (typeof data['contact_ip'] === 'string') details.contact_ip = data['contact_ip'];
  if (typeof data['source_port'] === 'number') details.source_port = data['source_port'];
  if (typeof data['contact_port'] === 'number') details.contact_port = data['contact_port'];
  if (typeof data['expires'] === 'number') details.expires = data['expires'];
  return details;
}

export function controlRoutes(app: App, faults: FaultInjector): Route[] {
  const { phones, state, registrar } = app;
  const username = (context: RequestContext): string => context.params['username'] as string;

  const register = (context: RequestContext): Reply => {
    const done = phones.register(username(context), registerDetails(context.data));
    if (!done) {
      throw new KazooError(404, 'not_found', { message: `no enabled device with SIP username '${username(context)}'` });
    }
    return { data: done.entry };
  };

  const unregister = (context: RequestContext): Reply => ({ data: { unregistered: phones.unregister(username(context)) } });

  /** A whole site's phones at once (`{"usernames": [...], ...details}`): benchmarks and soak tests register thousands. */
  const usernames = (context: RequestContext): string[] => {
    const list = isObject(context.data) ? context.data['usernames'] : undefined;
    if (!Array.isArray(list) || !list.every((name) => typeof name === 'string')) {
      throw new KazooError(400, 'invalid usernames', { message: 'usernames must be a list of SIP usernames' });
    }
    return list;
  };

  const registerMany = (context: RequestContext): Reply => {
    const details = registerDetails(context.data);
    const wanted = usernames(context);
    const unknown = wanted.filter((name) => !phones.register(name, details));
    return { data: { registered: wanted.length - unknown.length, unknown } };
  };

  const unregisterMany = (context: RequestContext): Reply => ({
    data: { unregistered: usernames(context).filter((name) => phones.unregister(name)).length },
  });

  const injectFault = (context: RequestContext): Reply => {
    const data = isObject(context.data) ? context.data : {};
    const kind = FAULT_KINDS.find((key) => key === data['kind']);
    if (!kind) throw new KazooError(400, 'invalid fault', { message: `kind must be one of ${FAULT_KINDS.join(', ')}` });
    const count = typeof data['count'] === 'number' && data['count'] > 0 ? data['count'] : 1;
    faults.queue(kind, count);
    return { data: { kind, count } };
  };

  return [
    { path: '/_sandbox/phones/register', auth: false, handlers: { POST: registerMany } },
    { path: '/_sandbox/phones/unregister', auth: false, handlers: { POST: unregisterMany } },
    { path: '/_sandbox/phones/:username/register', auth: false, handlers: { POST: register } },
    { path: '/_sandbox/phones/:username/unregister', auth: false, handlers: { POST: unregister } },
    { path: '/_sandbox/registrations', auth: false, handlers: { GET: () => ({ data: [...registrar.inAccountRealm()] }) } },
    { path: '/_sandbox/actions', auth: false, handlers: { GET: () => ({ data: state.actions }) } },
    { path: '/_sandbox/stats', auth: false, handlers: { GET: () => ({ data: state.stats }) } },
    { path: '/_sandbox/devices', auth: false, handlers: { GET: () => ({ data: app.devices.stored() }) } },
    { path: '/_sandbox/welcome-emails', auth: false, handlers: { GET: () => ({ data: state.welcomeEmails }) } },
    { path: '/_sandbox/faults', auth: false, handlers: { POST: injectFault } },
  ];
}
