import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * Pictures of every section for people to look at (test-results/screenshots/, not committed), in
 * both themes, at 100%, 150% and 200% zoom, one for each of the frame's three layouts. 200% zoom of
 * a 1280x800 window is a 640x400 CSS-pixel viewport drawn at twice the density, which is what the
 * browser does when you press Ctrl+Plus.
 * The assertions are the ones a picture cannot make: nothing scrolls sideways, nothing is cut off.
 */
const outDir = path.join(import.meta.dirname, '../../test-results/screenshots');
const sections = ['Connect', 'Devices', 'Import', 'Live'] as const;
const schemes = ['light', 'dark'] as const;
const zooms = [
  { name: '100', viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 },
  { name: '150', viewport: { width: 853, height: 533 }, deviceScaleFactor: 1.5 },
  { name: '200', viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 },
] as const;

async function openAt(browser: Browser, url: string, zoom: (typeof zooms)[number], colorScheme: (typeof schemes)[number]): Promise<Page> {
  const context = await browser.newContext({ viewport: zoom.viewport, deviceScaleFactor: zoom.deviceScaleFactor, colorScheme });
  const page = await context.newPage();
  await page.goto(url);
  await expect(page.getByRole('contentinfo')).toContainText('0.0.0-test');
  return page;
}

async function expectNoSidewaysScroll(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
}

for (const zoom of zooms) {
  for (const colorScheme of schemes) {
    test(`every section at ${zoom.name}% zoom in ${colorScheme}`, async ({ browser, preview }) => {
      const page = await openAt(browser, preview.url, zoom, colorScheme);
      for (const [index, name] of sections.entries()) {
        await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name, exact: true }).click();
        await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
        await expectNoSidewaysScroll(page);
        // The page's first action must be reachable whole by scrolling down, not cut off at the side.
        const action = page.getByRole('main').getByRole('button').first();
        await action.scrollIntoViewIfNeeded();
        await expect(action).toBeInViewport({ ratio: 1 });
        await page.mouse.move(0, 0);
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({
          path: path.join(outDir, `${zoom.name}-${colorScheme}-${index + 1}-${name.toLowerCase()}.png`),
          fullPage: true,
        });
      }

      await page.getByRole('button', { name: 'Diagnostics' }).click();
      const dialog = page.getByRole('dialog', { name: 'Diagnostics' });
      await dialog.getByRole('button', { name: 'Check connection to main' }).click();
      await expect(dialog.getByText(/Push event arrived/)).toBeVisible();
      await expectNoSidewaysScroll(page);
      await page.screenshot({ path: path.join(outDir, `${zoom.name}-${colorScheme}-5-diagnostics.png`) });

      // Keyboard focus on the rail, to judge the focus ring against both themes.
      await page.keyboard.press('Escape');
      await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Devices', exact: true }).focus();
      await page.keyboard.press('Tab');
      await page.screenshot({ path: path.join(outDir, `${zoom.name}-${colorScheme}-6-focus.png`) });
      await page.context().close();
    });
  }
}
