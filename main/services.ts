import type { AppInfo } from '../common/ipc/contract';
import type { EventName, EventPayloads } from '../common/ipc/events';
import { ok } from '../common/ipc/result';
import type { Handlers } from './ipc/router';
import type { Logger } from './log';

/** Delivers a push to every renderer that listens: Electron windows or preview clients. */
export type Publish = <E extends EventName>(event: E, payload: EventPayloads[E]) => void;

export interface ServiceDeps {
  host: AppInfo['host'];
  version: string;
  platform: string;
  log: Logger;
  publish: Publish;
  now?: () => Date;
}

/**
 * The function behind every IPC channel. The Electron shell, the preview bridge and the CLI all
 * call these, so behaviour is tested once in plain Node.
 */
export function createServices(deps: ServiceDeps): Handlers {
  const now = deps.now ?? (() => new Date());
  return {
    'app:info': async () => ok({ name: 'Audian Provisioner', version: deps.version, host: deps.host, platform: deps.platform }),
    'app:ping': async ({ message }) => {
      const receivedAt = now().toISOString();
      deps.publish('app:pinged', { message, at: receivedAt });
      return ok({ message, receivedAt });
    },
  };
}
