import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base } from '@playwright/test';
import { createLogger } from '../../main/log';
import { startPreview, type Preview } from '../../main/preview/server';
import { createMemoryStore } from '../../main/secrets/memory-store';
import type { SecretStore } from '../../main/secrets/secret-store';
import { createServices } from '../../main/services';

const SESSION_ONLY_NOTICE = 'Secrets are kept for this session only (test run without a keychain).';

export interface TrafficEntry {
  direction: 'response' | 'event';
  name: string;
  body: string;
}

/**
 * Each test gets its own preview server (real services, real bridge) on a random port, and the
 * record of everything the bridge sent to the browser.
 */
export const test = base.extend<{ preview: Preview; traffic: TrafficEntry[]; secrets: SecretStore }>({
  traffic: async ({}, use) => {
    await use([]);
  },
  // The session-only store is the app's real no-keychain path; the keychain itself is tested in
  // test/integration/secrets. Tests may take a key away, as a restart without a keychain does.
  secrets: async ({}, use) => {
    await use(
      createMemoryStore(
        createLogger(() => {}),
        SESSION_ONLY_NOTICE,
      ),
    );
  },
  preview: async ({ traffic, secrets }, use) => {
    const log = createLogger(() => {});
    const preview = await startPreview({
      rendererRoot: path.join(import.meta.dirname, '../../out/renderer'),
      log,
      onTraffic: (entry) => traffic.push(entry),
      createServices: (publish) =>
        createServices({
          host: 'preview',
          version: '0.0.0-test',
          platform: process.platform,
          log,
          publish,
          userDataDir: mkdtempSync(path.join(os.tmpdir(), 'audian-e2e-')),
          secrets,
        }),
    });
    await use(preview);
    await preview.close();
  },
});

export { expect } from '@playwright/test';
