import path from 'node:path';
import type { Result } from '../../common/ipc/result';
import type { Profile } from '../../common/profiles';
import type { Logger } from '../log';
import { startSandbox, type Sandbox } from '../sandbox/server';
import type { ProfileStore } from './profile-store';

export const DEMO_CONNECTION_NAME = 'Demo site (built-in sandbox)';
const DEMO_DATA_FILE = 'demo-sandbox.json';

export interface DemoConnection {
  /** Starts the built-in sandbox (once per run) and saves or refreshes the demo connection. */
  ensure(): Promise<Result<Profile>>;
  stop(): Promise<void>;
}

/**
 * Demo mode: a local KAZOO-compatible server with a believable site, so a first-time user can
 * try everything without an account. Its state is kept in the user-data folder between runs.
 */
export function createDemoConnection(options: { userDataDir: string; profiles: ProfileStore; log: Logger }): DemoConnection {
  let sandbox: Promise<Sandbox> | undefined;
  return {
    async ensure() {
      sandbox ??= startSandbox({ demo: true, dataFile: path.join(options.userDataDir, DEMO_DATA_FILE), log: options.log });
      const running = await sandbox;
      const saved = (await options.profiles.list()).find((profile) => profile.demo);
      const draft = {
        ...(saved ? { id: saved.id } : {}),
        name: saved?.name ?? DEMO_CONNECTION_NAME,
        baseUrl: running.url,
        accountId: running.account.id,
        auth: { method: 'api_key' as const },
        demo: true,
      };
      // The port changes every run and a session-only secret store forgets the key: save both each time.
      options.log.info('demo.ready', { url: running.url });
      return options.profiles.save(draft, running.credentials.apiKey);
    },
    async stop() {
      const running = sandbox;
      sandbox = undefined;
      if (running) await (await running).close();
    },
  };
}
