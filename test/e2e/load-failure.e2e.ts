import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { openSection } from './sections';

/**
 * A chunk that does not arrive (the preview gone for a moment, a file missing after an update)
 * costs only its own part of the window: that part says so, with Retry, and the rest stays usable.
 * The browser really fails the request (the route aborts it), and Retry really fetches it again.
 */

/** Makes the browser's requests for one chunk fail until the returned function lets them through. */
async function failChunk(page: Page, chunk: string): Promise<{ requests: () => number; letThrough: () => Promise<void> }> {
  const url = new RegExp(`/assets/${chunk}-[\\w-]+\\.js$`);
  let requests = 0;
  await page.route(url, (route) => {
    requests++;
    return route.abort('connectionfailed');
  });
  return { requests: () => requests, letThrough: () => page.unroute(url) };
}

test('a section whose code fails to load says so in its place, and Retry loads it', async ({ page, preview }) => {
  const devices = await failChunk(page, 'DevicesPage');
  await page.goto(preview.url);
  await openSection(page, 'Devices');

  const main = page.getByRole('main');
  const failure = main.getByRole('alert').filter({ hasText: 'Devices could not be loaded' });
  await expect(failure).toContainText('Choose Retry; if that fails too, restart Audian Provisioner.');
  expect(devices.requests()).toBeGreaterThan(0);

  // The rest of the window still works: another section opens, and so does the connection form.
  await openSection(page, 'Connect');
  await page.getByRole('button', { name: 'Add connection' }).click();
  const form = page.getByRole('dialog', { name: 'Add connection' });
  await expect(form.getByRole('textbox', { name: 'Name', exact: true })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(form).toBeHidden();

  // Back on Devices, still failing: Retry is the next stop from the heading, and fails in words again.
  await openSection(page, 'Devices');
  await expect(failure).toBeVisible();
  const retry = failure.getByRole('button', { name: 'Retry' });
  await main.getByRole('heading', { level: 1, name: 'Devices' }).focus();
  await page.keyboard.press('Tab');
  await expect(retry).toBeFocused();
  const before = devices.requests();
  await page.keyboard.press('Enter');
  await expect(failure).toBeVisible();
  expect(devices.requests()).toBeGreaterThan(before);

  await devices.letThrough();
  await retry.press('Enter');
  await expect(main.getByText('No account connected')).toBeVisible();
  await expect(failure).toBeHidden();
  await expect(main.getByRole('heading', { level: 1, name: 'Devices' })).toBeFocused();
});

test('a dialog whose code fails to load says so when opened, and Retry opens it', async ({ page, preview }) => {
  const form = await failChunk(page, 'ConnectionDialog');
  await page.goto(preview.url);
  await page.getByRole('button', { name: 'Add connection' }).click();

  const standIn = page.getByRole('dialog', { name: 'Connection form' });
  await expect(standIn.getByRole('alert')).toContainText('The connection form could not be loaded');
  await expect(standIn.getByRole('button', { name: 'Retry' })).toBeFocused();

  await form.letThrough();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Add connection' });
  await expect(dialog.getByRole('textbox', { name: 'Name', exact: true })).toBeVisible();
  await expect(standIn).toBeHidden();
});
