import type { Handlers } from '../ipc/router';
import type { DevicesService } from './service';

type DevicesChannel = Extract<keyof Handlers, `devices:${string}`>;

/** The devices channels, each a thin call into the devices service. */
export function createDeviceHandlers(service: DevicesService): Pick<Handlers, DevicesChannel> {
  return {
    'devices:list': (input) => service.list(input),
    'devices:get': ({ id }) => service.get(id),
    'devices:revealPassword': ({ id }) => service.revealPassword(id),
    'devices:save': (input) => service.save(input),
    'devices:duplicate': (input) => service.duplicate(input),
    'devices:bulk': (input) => service.bulk(input),
    'devices:sync': (input) => service.sync(input),
    'devices:quickcall': (input) => service.quickcall(input),
    'devices:quickcallNumber': () => service.quickcallNumber(),
    'devices:registration': ({ id }) => service.registration(id),
    'devices:export': (input) => service.export(input),
  };
}
