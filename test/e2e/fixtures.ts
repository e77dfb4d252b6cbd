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
/** Set by `npm run coverage` (test/coverage/run.sh) alone; other runs never load the collectors. */
const MEASURING_COVERAGE = process.env.AUDIAN_COVERAGE === '1';

export interface TrafficEntry {
  direction: 'response' | 'event';
  name: string;
  body: string;
}

/**
 * Each test gets its own preview server (real services, real bridge) on a random port, and the
 * record of everything the bridge sent to the browser.
 */
export const test = base.extend<
  { preview: Preview; traffic: TrafficEntry[]; secrets: SecretStore; userDataDir: string },
  { nodeCoverage: void }
>({
  page: async ({ page }, use) => {
    if (!MEASURING_COVERAGE) return use(page);
    await page.coverage.startJSCoverage({ resetOnNavigation: false });
    await use(page);
    const { addBrowserCoverage } = await import('../coverage/browser');
    await addBrowserCoverage(await page.coverage.stopJSCoverage());
  },
  // The main services run in this worker: their coverage is added once the worker's tests are done.
  nodeCoverage: [
    async ({}, use) => {
      await use();
      if (!MEASURING_COVERAGE) return;
      const { addNodeCoverage } = await import('../coverage/node');
      await addNodeCoverage();
    },
    { scope: 'worker', auto: true, timeout: 120_000 },
  ],
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
  // The app's user-data folder: saved connections, settings, batch journals. The command line on
  // the same computer shares it (see import-shared.e2e.ts).
  userDataDir: async ({}, use) => {
    await use(mkdtempSync(path.join(os.tmpdir(), 'audian-e2e-')));
  },
  preview: async ({ traffic, secrets, userDataDir }, use) => {
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
          userDataDir,
          secrets,
        }),
    });
    await use(preview);
    await preview.close();
  },
});

export { expect } from '@playwright/test';
