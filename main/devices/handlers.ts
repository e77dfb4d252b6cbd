import type { Handlers } from '../ipc/router';
import type { OnActive } from '../profiles/on-active';
import type { DevicesService } from './service';

type DevicesChannel = Extract<keyof Handlers, `devices:${string}`>;

/** The devices channels: each a call into the devices service on the connection the app has active. */
export function createDeviceHandlers(service: DevicesService, onActive: OnActive): Pick<Handlers, DevicesChannel> {
  return {
    'devices:list': (input) => onActive((connection) => service.list(connection, input)),
    'devices:get': ({ id }) => onActive((connection) => service.get(connection, id)),
    'devices:revealPassword': ({ id }) => onActive((connection) => service.revealPassword(connection, id)),
    'devices:save': (input) => onActive((connection) => service.save(connection, input)),
    'devices:duplicate': (input) => onActive((connection) => service.duplicate(connection, input)),
    'devices:bulk': (input) => onActive((connection) => service.bulk(connection, input)),
    'devices:sync': (input) => onActive((connection) => service.sync(connection, input)),
    'devices:quickcall': (input) => onActive((connection) => service.quickcall(connection, input)),
    'devices:quickcallNumber': () => onActive((connection) => service.quickcallNumber(connection.id)),
    'devices:registration': ({ id }) => onActive((connection) => service.registration(connection, id)),
    'devices:export': (input) => onActive((connection) => service.export(connection, input)),
  };
}
