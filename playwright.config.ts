import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './test/support/chromium';

/**
 * `npm run coverage` (test/coverage/run.sh) only: Chromium's RenderDocument gives a reloaded or
 * navigated page a new document, and what the old one ran drops out of the coverage, so all a test
 * did before a `page.reload()` or second `page.goto()` would go uncounted.
 */
const KEEP_COVERAGE_ACROSS_NAVIGATIONS = process.env.AUDIAN_COVERAGE === '1' ? ['--disable-features=RenderDocument'] : [];

/**
 * End-to-end tests drive the real renderer in Chromium (test/support/chromium.ts) through the
 * preview bridge (see test/e2e/fixtures.ts).
 */
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.e2e.ts',
  fullyParallel: false,
  workers: process.env.CI ? 1 : 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  outputDir: 'test-results',
  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: chromiumPath,
          args: [...chromiumArgs, ...KEEP_COVERAGE_ACROSS_NAVIGATIONS],
        },
        viewport: { width: 1280, height: 800 },
      },
    },
  ],
});
