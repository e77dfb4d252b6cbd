import path from 'node:path';
import { expect, test } from './fixtures';
import { expectNoSidewaysScroll, openAt, SCHEMES, SCREENSHOT_DIR, ZOOMS } from './screens';

/**
 * Pictures of every section for people to look at, in both themes, at 100%, 150% and 200% zoom,
 * one for each of the frame's three layouts. The assertions are the ones a picture cannot make:
 * nothing scrolls sideways, nothing is cut off.
 */
const sections = ['Connect', 'Devices', 'Import', 'Live', 'History'] as const;
const zooms = [ZOOMS[100], ZOOMS[150], ZOOMS[200]];
const schemes = SCHEMES;

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
          path: path.join(SCREENSHOT_DIR, `${zoom.name}-${colorScheme}-${index + 1}-${name.toLowerCase()}.png`),
          fullPage: true,
        });
      }

      await page.getByRole('button', { name: 'Diagnostics' }).click();
      const dialog = page.getByRole('dialog', { name: 'Diagnostics' });
      await dialog.getByRole('button', { name: 'Check connection to main' }).click();
      await expect(dialog.getByText(/Push event arrived/)).toBeVisible();
      await expectNoSidewaysScroll(page);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${zoom.name}-${colorScheme}-5-diagnostics.png`) });

      // Keyboard focus on the rail, to judge the focus ring against both themes.
      await page.keyboard.press('Escape');
      await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Devices', exact: true }).focus();
      await page.keyboard.press('Tab');
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${zoom.name}-${colorScheme}-6-focus.png`) });
      await page.context().close();
    });
  }
}
