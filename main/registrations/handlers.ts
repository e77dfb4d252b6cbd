import type { Handlers } from '../ipc/router';
import type { OnActive } from '../profiles/on-active';
import type { RegistrationsService } from './service';

type RegistrationsChannel = Extract<keyof Handlers, `registrations:${string}`>;

/** The registrations channels: each a call into the registrations service, watching the connection the app has active. */
export function createRegistrationHandlers(service: RegistrationsService, onActive: OnActive): Pick<Handlers, RegistrationsChannel> {
  return {
    'registrations:watch': (input) => onActive((connection) => service.watch(connection, input)),
    'registrations:unwatch': async () => service.unwatch(),
    'registrations:visibility': async (input) => service.visibility(input),
    'registrations:report': (input) => onActive((connection) => service.report(connection, input)),
  };
}
