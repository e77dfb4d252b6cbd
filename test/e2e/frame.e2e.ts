import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { startSandbox, type Sandbox } from '../../main/sandbox/server';
import { expect, test } from './fixtures';
import { addConnection, openSection } from './sections';

const sections = ['Connect', 'Devices', 'Import', 'Live', 'History'] as const;

/** The rail's buttons, named by their visible label alone (the shortcut hint is hidden from the name). */
const railButton = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name, exact: true });

async function expectCurrentSection(page: Page, name: (typeof sections)[number]) {
  await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toHaveText(name);
  for (const other of sections) {
    if (other === name) await expect(railButton(page, other)).toHaveAttribute('aria-current', 'page');
    else await expect(railButton(page, other)).not.toHaveAttribute('aria-current');
  }
}

test('the frame shows landmarks, the connection in use and what is running', async ({ page, preview }) => {
  // The CSP allows no inline styles or scripts; a violation shows up here as a console error.
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(preview.url);
  await expect(page.getByRole('banner').filter({ hasText: 'Audian Provisioner' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Not connected' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Sections' })).toBeVisible();
  await expect(page.getByRole('main')).toBeVisible();
  // Version and host come from app:info over the bridge, so this also proves a request round trip.
  const footer = page.getByRole('contentinfo');
  await expect(footer).toContainText('0.0.0-test');
  await expect(footer).toContainText('Browser preview');
  await expectCurrentSection(page, 'Connect');
  expect(errors).toEqual([]);
});

test('the rail switches sections and marks the current one', async ({ page, preview }) => {
  await page.goto(preview.url);
  for (const name of sections) {
    await railButton(page, name).click();
    await expectCurrentSection(page, name);
  }
  // History (the last section) needs an account; its empty state leads to Connect.
  await expect(page.getByText('No account connected')).toBeVisible();
  await page.getByRole('button', { name: 'Go to Connect' }).click();
  await expectCurrentSection(page, 'Connect');
  await railButton(page, 'Import').click();
  await expect(page.getByText('Drop a CSV file here or choose one…')).toBeVisible();
});

test('Ctrl+1..5 switch sections and put focus on the new heading', async ({ page, preview }) => {
  await page.goto(preview.url);
  await expect(page.getByRole('contentinfo')).toContainText('0.0.0-test');
  await page.keyboard.press('Control+2');
  await expectCurrentSection(page, 'Devices');
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await page.keyboard.press('Control+5');
  await expectCurrentSection(page, 'History');
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await page.keyboard.press('Control+4');
  await expectCurrentSection(page, 'Live');
  await page.keyboard.press('Control+3');
  await expectCurrentSection(page, 'Import');
  await page.keyboard.press('Control+1');
  await expectCurrentSection(page, 'Connect');
});

test('keyboard users can skip to content and see where focus is', async ({ page, preview }) => {
  await page.goto(preview.url);
  await expectCurrentSection(page, 'Connect');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();

  // Every tab stop shows a focus ring: an outline that is actually drawn.
  await page.keyboard.press('Shift+Tab');
  const outline = await page.evaluate(() => {
    const style = getComputedStyle(document.activeElement as Element);
    return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
  });
  expect(outline.style).toBe('solid');
  expect(outline.width).toBeGreaterThanOrEqual(2);
});

test('Diagnostics proves requests and pushes cross the bridge', async ({ page, preview, traffic }) => {
  await page.goto(preview.url);
  await page.getByRole('button', { name: 'Diagnostics' }).click();
  const dialog = page.getByRole('dialog', { name: 'Diagnostics' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Check connection to main' }).click();
  await expect(dialog.getByText(/Main process answered in (under 1|\d+) ms/)).toBeVisible();
  await expect(dialog.getByText(/Push event arrived after (under 1|\d+) ms/)).toBeVisible();
  expect(traffic.some((entry) => entry.direction === 'event' && entry.name === 'app:pinged')).toBe(true);

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: 'Diagnostics' })).toBeFocused();
});

test('Diagnostics exports a support bundle and says where it went', async ({ page, preview, userDataDir }) => {
  await page.goto(preview.url);
  await page.getByRole('button', { name: 'Diagnostics' }).click();
  const dialog = page.getByRole('dialog', { name: 'Diagnostics' });
  await expect(dialog.getByText('Not exported yet')).toBeVisible();
  await dialog.getByRole('button', { name: 'Export support bundle' }).click();
  const saved = dialog.getByText(/^Saved \(\d+(\.\d)? (bytes|KB), \d+ files\) to /);
  await expect(saved).toBeVisible();
  const savedPath = (await saved.textContent())!.replace(/^Saved .* to /, '');
  expect(path.dirname(savedPath)).toBe(path.join(userDataDir, 'support'));
  expect(Object.keys(unzipSync(readFileSync(savedPath)))).toEqual(expect.arrayContaining(['about.json', 'connections.json']));
});

/** The same account again on the same address, as a server that restarts (its sessions gone) or whose key was changed. */
const restarted = (sb: Sandbox, apiKey: string) =>
  startSandbox({
    port: Number(new URL(sb.url).port),
    account: { id: sb.account.id },
    credentials: { apiKey },
    rateLimit: false,
    demo: true,
    autoRegister: false,
  });

test('the top bar shows the real state of the connection: key refused (Fix key), unreachable (Retry), signed in again', async ({
  page,
  preview,
}) => {
  test.setTimeout(90_000);
  const servers: Sandbox[] = [await startSandbox({ rateLimit: false, demo: true, autoRegister: false })];
  try {
    const first = servers[0]!;
    await page.goto(preview.url);
    await addConnection(page, first, 'Harborview');
    const banner = page.getByRole('banner');
    await expect(banner.getByRole('button', { name: 'Connected: Harborview' })).toBeVisible();

    // The account's API key is changed on the server: the next request learns the old one is refused.
    await first.close();
    const rekeyed = await restarted(first, 'a-new-key-for-harborview-0123456789');
    servers.push(rekeyed);
    await openSection(page, 'Devices');
    await expect(banner.getByRole('button', { name: 'Harborview: API key refused' })).toBeVisible();
    await expect(banner.getByRole('button', { name: 'Connected: Harborview' })).toHaveCount(0);
    await banner.getByRole('button', { name: 'Fix key' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Harborview' });
    const key = edit.getByLabel('API key', { exact: true }).and(edit.locator('input[type="password"]'));
    await expect(key).toBeFocused();
    await key.fill(rekeyed.credentials.apiKey);
    await key.press('Enter');
    await page.getByRole('dialog', { name: 'Connection saved' }).getByRole('button', { name: 'Done' }).click();
    await expect(banner.getByRole('button', { name: 'Connected: Harborview' })).toBeVisible();

    // The server goes away: the next request says so, and Retry finds it back.
    await rekeyed.close();
    await openSection(page, 'Devices');
    await expect(banner.getByRole('button', { name: 'Harborview: server unreachable' })).toBeVisible();
    // The page's own answer has arrived too, so no request of it is still trying when the server comes back.
    await expect(page.getByRole('main').getByRole('button', { name: 'Try again' })).toBeVisible();
    servers.push(await restarted(rekeyed, rekeyed.credentials.apiKey));
    await banner.getByRole('button', { name: 'Retry' }).click();
    await expect(banner.getByRole('button', { name: 'Connected: Harborview' })).toBeVisible();
  } finally {
    for (const server of servers) await server.close();
  }
});

test('a connection card counts the devices again once this app changed them, never a stale count', async ({ page, preview }) => {
  test.setTimeout(90_000);
  const sb = await startSandbox({ rateLimit: false, demo: true, autoRegister: false });
  try {
    await page.goto(preview.url);
    await addConnection(page, sb, 'Harborview');
    const devices = sb.state.devices().length;
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Harborview' }) });
    await expect(card.getByText(`Connected as ${sb.account.name}, ${devices} devices`)).toBeVisible();

    await openSection(page, 'Devices');
    const grid = page.getByRole('grid', { name: 'Devices' });
    await grid.getByRole('button', { name: 'Actions for Billing' }).click();
    await page.getByRole('menu').getByRole('menuitem', { name: 'Duplicate…' }).click();
    await page.getByRole('dialog', { name: 'Duplicate device' }).getByRole('button', { name: 'Duplicate', exact: true }).click();
    await page.getByRole('dialog', { name: 'Edit device' }).getByRole('button', { name: 'Close', exact: true }).click();
    expect(sb.state.devices()).toHaveLength(devices + 1);

    await openSection(page, 'Connect');
    await expect(card.getByText(`Connected as ${sb.account.name}, ${devices + 1} devices`)).toBeVisible();
  } finally {
    await sb.close();
  }
});

test('the top bar says when the server limits requests, and until when', async ({ page, preview }) => {
  test.setTimeout(90_000);
  // Enough for signing in and the first test; then the server refills one request every 5 s.
  const sb = await startSandbox({ rateLimit: { burst: 6, perSecond: 0.2 }, demo: true, autoRegister: false });
  try {
    await page.goto(preview.url);
    await addConnection(page, sb, 'Harborview');
    await openSection(page, 'Live');
    await expect(
      page.getByRole('banner').getByRole('button', { name: /^Harborview: server limiting requests until \d{1,2}:\d{2}/ }),
    ).toBeVisible({
      timeout: 30_000,
    });
  } finally {
    await sb.close();
  }
});
