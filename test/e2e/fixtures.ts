import path from 'node:path';
import { test as base } from '@playwright/test';
import { createLogger } from '../../main/log';
import { startPreview, type Preview } from '../../main/preview/server';
import { createServices } from '../../main/services';

export interface TrafficEntry {
  direction: 'response' | 'event';
  name: string;
  body: string;
}

/**
 * Each test gets its own preview server (real services, real bridge) on a random port, and the
 * record of everything the bridge sent to the browser.
 */
export const test = base.extend<{ preview: Preview; traffic: TrafficEntry[] }>({
  traffic: async ({}, use) => {
    await use([]);
  },
  preview: async ({ traffic }, use) => {
    const log = createLogger(() => {});
    const preview = await startPreview({
      rendererRoot: path.join(import.meta.dirname, '../../out/renderer'),
      log,
      onTraffic: (entry) => traffic.push(entry),
      createHandlers: (publish) => createServices({ host: 'preview', version: '0.0.0-test', platform: process.platform, log, publish }),
    });
    await use(preview);
    await preview.close();
  },
});

export { expect } from '@playwright/test';
