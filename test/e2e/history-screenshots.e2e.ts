import type { Browser } from '@playwright/test';
import { startSandbox, type Sandbox } from '../../main/sandbox/server';
import { expect, test } from './fixtures';
import { breakHistory, seedHistory } from './history-setup';
import { SCHEMES, shoot, type Scheme } from './screens';
import { addConnection, openSection } from './sections';

/**
 * Pictures of History for people to judge (test-results/screenshots/, not committed), in both
 * themes at 1024 and 1920 pixels wide: not connected, nothing recorded yet, a week of changes
 * with one chosen, no match for the filters, the device editor's history, and a log that cannot be read.
 */

let sandbox: Sandbox | null = null;
test.afterEach(async () => {
  await sandbox?.close();
  sandbox = null;
});

const WIDTHS = [
  { width: 1024, height: 768 },
  { width: 1920, height: 1080 },
] as const;

async function openAtSize(browser: Browser, url: string, viewport: (typeof WIDTHS)[number], colorScheme: Scheme) {
  const context = await browser.newContext({ viewport, colorScheme });
  const page = await context.newPage();
  await page.goto(url);
  await expect(page.getByRole('contentinfo')).toContainText('0.0.0-test');
  return page;
}

for (const colorScheme of SCHEMES) {
  for (const viewport of WIDTHS) {
    test(`history in ${colorScheme} at ${viewport.width} pixels`, async ({ browser, preview, userDataDir }) => {
      test.setTimeout(120_000);
      const name = `history-${colorScheme}-${viewport.width}`;
      const page = await openAtSize(browser, preview.url, viewport, colorScheme);
      await page.keyboard.press('Control+5');
      await expect(page.getByRole('heading', { name: 'No account connected' })).toBeVisible();
      await shoot(page, `${name}-01-not-connected.png`);

      sandbox = await startSandbox({ rateLimit: false, demo: true, autoRegister: false, latencyMs: 0 });
      await page.getByRole('button', { name: 'Go to Connect' }).click();
      await addConnection(page, sandbox, 'Harborview Dental');
      await openSection(page, 'History');
      await expect(page.getByRole('heading', { name: 'No changes recorded yet' })).toBeVisible();
      await shoot(page, `${name}-02-empty.png`);

      const device = seedHistory(userDataDir, sandbox, 'Harborview Dental');
      await openSection(page, 'Devices');
      await openSection(page, 'History');
      const table = page.getByRole('grid', { name: 'Recorded changes' });
      await expect(table.getByRole('row')).toHaveCount(13);
      await table.focus();
      await page.keyboard.press('ArrowDown');
      await expect(page.getByRole('region', { name: 'The selected change' })).toContainText('Unknown: no answer was recorded');
      await shoot(page, `${name}-03-full.png`);

      await page.getByRole('searchbox', { name: 'Search' }).fill('nothing like this');
      await expect(page.getByRole('heading', { name: 'No change matches the filters' })).toBeVisible();
      await shoot(page, `${name}-04-no-match.png`);
      await page.getByRole('button', { name: 'Clear filters' }).last().click();

      await openSection(page, 'Devices');
      await page.getByRole('searchbox', { name: /Search/ }).fill(device.name);
      await page.getByRole('grid', { name: 'Devices' }).getByRole('button', { name: device.name, exact: true }).click();
      const editor = page.getByRole('dialog', { name: 'Edit device' });
      const latest = editor.getByRole('list', { name: `Latest changes of ${device.name}` });
      await expect(latest.getByRole('listitem')).toHaveCount(2);
      await latest.scrollIntoViewIfNeeded();
      await shoot(page, `${name}-05-editor-history.png`, false);
      await editor.getByRole('button', { name: 'Show in History' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
      await expect(page.getByText(`Only ${device.name}`)).toBeVisible();
      await expect(page.getByRole('grid', { name: 'Recorded changes' }).getByRole('row')).toHaveCount(3);
      await shoot(page, `${name}-06-one-device.png`);

      breakHistory(userDataDir, sandbox);
      await openSection(page, 'Devices');
      await openSection(page, 'History');
      await expect(page.getByRole('alert').filter({ hasText: 'Could not read the history' })).toBeVisible();
      await shoot(page, `${name}-07-error.png`);
    });
  }
}
