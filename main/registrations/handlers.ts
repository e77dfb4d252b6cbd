import type { Handlers } from '../ipc/router';
import type { RegistrationsService } from './service';

type RegistrationsChannel = Extract<keyof Handlers, `registrations:${string}`>;

/** The registrations channels, each a thin call into the registrations service. */
export function createRegistrationHandlers(service: RegistrationsService): Pick<Handlers, RegistrationsChannel> {
  return {
    'registrations:watch': (input) => service.watch(input),
    'registrations:unwatch': async () => service.unwatch(),
    'registrations:visibility': async (input) => service.visibility(input),
    'registrations:report': (input) => service.report(input),
  };
}
