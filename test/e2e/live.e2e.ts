import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { Sandbox } from '../../main/sandbox/server';
import { expect, test } from './fixtures';
import { openSection } from './sections';
import { connectAndOpenImport, expectNoSecrets, startImportSandbox } from './import-setup';
import { alerts, importBatch, liveGrid, liveRow, watchBatch, type Phone } from './live-setup';

/**
 * The Live section against the real services and a sandbox whose phones register only when told:
 * a batch imported through the wizard goes from none to all registered, the alerts fire, and a
 * phone that drops is noticed even while the technician is on another page.
 */

let sandbox: Sandbox | null = null;

test.afterEach(async ({ traffic }) => {
  expectNoSecrets(traffic, sandbox);
  await sandbox?.close();
  sandbox = null;
});

const PHONES: readonly Phone[] = [
  { name: 'Reception', username: 'floor1_101' },
  { name: 'Workshop', username: 'floor1_102' },
  { name: 'Back office', username: 'floor1_103' },
];

/** The pitch of every tone the page starts, in Hz: the alert sound is heard, not seen. */
const playedTones = (page: Page) => page.evaluate(() => (window as unknown as { playedTones: number[] }).playedTones);

test('a batch from 0 to all registered, the alert (and its tone) when it completes, and a drop noticed from another page', async ({
  page,
  preview,
}) => {
  test.setTimeout(120_000);
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.addInitScript(() => {
    const played: number[] = [];
    (window as unknown as { playedTones: number[] }).playedTones = played;
    const start = OscillatorNode.prototype.start;
    OscillatorNode.prototype.start = function (this: OscillatorNode, ...args: Parameters<OscillatorNode['start']>) {
      played.push(this.frequency.value);
      start.apply(this, args);
    };
  });
  sandbox = await startImportSandbox();
  const sb = sandbox;
  await connectAndOpenImport(page, preview.url, sb);
  await importBatch(page, 'Floor 1', PHONES);

  await openSection(page, 'Live');
  await watchBatch(page, 'Floor 1');
  await page.getByRole('checkbox', { name: 'Play a sound with alerts' }).check();
  const progress = page.getByRole('progressbar', { name: 'Floor 1: phones registered' });
  await expect(page.getByText('0 of 3 registered', { exact: true })).toBeVisible();
  await expect(progress).toHaveAttribute('value', '0');
  await expect(liveGrid(page).getByRole('row')).toHaveCount(4);
  await expect(liveRow(page, 'Reception')).toContainText('Not registered');

  // One by one, as the technician plugs them in on site.
  for (const [index, phone] of PHONES.entries()) {
    sb.phones.register(phone.username, { source_ip: `192.0.2.${10 + index}`, user_agent: 'Yealink SIP-T46U 108.86.0.45' });
    await expect(page.getByText(`${index + 1} of 3 registered`, { exact: true })).toBeVisible();
    await expect(liveRow(page, phone.name)).toContainText('Registered');
    await expect(liveRow(page, phone.name)).toContainText(`192.0.2.${10 + index}`);
  }
  await expect(progress).toHaveAttribute('value', '3');
  await expect(alerts(page)).toContainText('Floor 1: all phones registered');
  await expect(alerts(page)).toContainText('3 of 3 registered: every enabled phone of the batch is up.');
  await expect(page.getByText('Every phone of this batch is registered')).toBeVisible();
  // Two notes up for a finished batch.
  await expect.poll(() => playedTones(page)).toEqual([660, 880]);
  await alerts(page).getByRole('button', { name: 'Dismiss: Floor 1: all phones registered' }).click();
  await expect(alerts(page)).not.toContainText('Floor 1');

  // The technician moves on; the watch goes on, and the drop is told over the Import page.
  await openSection(page, 'Import');
  sb.phones.unregister('floor1_102');
  await expect(alerts(page)).toContainText('Workshop went offline');
  await expect(alerts(page)).toContainText('Now 2 of 3 registered.');
  // Two notes down for a drop, told apart without looking.
  await expect.poll(() => playedTones(page)).toEqual([660, 880, 660, 440]);
  await alerts(page).getByRole('button', { name: 'Show in Live' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Live');
  await expect(liveRow(page, 'Workshop')).toContainText('Not registered');
  await expect(page.getByText('2 of 3 registered', { exact: true })).toBeVisible();

  // Filters say how many each shows; the list is reached and walked by keyboard.
  await page.getByRole('radio', { name: 'Not registered (1)' }).check();
  await expect(liveGrid(page).getByRole('row')).toHaveCount(2);
  await page.getByRole('radio', { name: 'All (3)' }).check();
  await liveGrid(page).focus();
  await page.keyboard.press('ArrowDown');
  await expect(liveGrid(page)).toHaveAttribute('aria-activedescendant', (await liveRow(page, 'Workshop').getAttribute('id')) ?? '');

  // The rollout report: the CSV from main, and the printable page.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export report (CSV)' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^Floor-1-registrations-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync(await download.path(), 'utf8');
  expect(csv).toContain('device_id,name,state,first_registration,last_seen,ip,user_agent,checked_at');
  expect(csv).toMatch(/,Reception,registered,\d{4}-[^,]+,[^,]+,192\.0\.2\.10,Yealink SIP-T46U 108\.86\.0\.45,/);
  expect(csv).toMatch(/,Workshop,not registered,/);

  await page.getByRole('button', { name: 'Printable page' }).click();
  const sheet = page.getByRole('article', { name: 'Floor 1' });
  await expect(page.getByRole('heading', { level: 1, name: 'Floor 1' })).toBeFocused();
  await expect(sheet).toContainText('2 of 3 registered');
  await expect(sheet.getByRole('row')).toHaveCount(4);
  await expect(sheet.getByRole('row').filter({ hasText: 'Reception' })).toContainText('192.0.2.10');
  await expect(sheet.getByText('Signature')).toHaveCount(2);
  await page.getByRole('button', { name: 'Back to Live' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Live');

  expect(errors).toEqual([]);
});

test('the sound setting and the poll interval are remembered, and Live without a connection says where to go', async ({
  page,
  preview,
}) => {
  await page.goto(preview.url);
  await openSection(page, 'Live');
  await expect(page.getByRole('heading', { name: 'No account connected' })).toBeVisible();
  await page.getByRole('main').getByRole('button', { name: 'Go to Connect' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Connect');

  sandbox = await startImportSandbox();
  await connectAndOpenImport(page, preview.url, sandbox);
  await openSection(page, 'Live');
  await expect(page.getByText(/^Watching \d+ devices?, checking every 5 s\.$/)).toBeVisible();
  await expect(page.getByText('To watch only the phones of one import, import them first')).toBeVisible();
  const sound = page.getByRole('checkbox', { name: 'Play a sound with alerts' });
  await expect(sound).not.toBeChecked();
  await sound.check();
  await page.getByRole('combobox', { name: 'Check every' }).selectOption({ label: '10 seconds' });
  await expect(page.getByText('checking every 10 s')).toBeVisible();

  await page.reload();
  await openSection(page, 'Live');
  await expect(page.getByRole('checkbox', { name: 'Play a sound with alerts' })).toBeChecked();
  await expect(page.getByRole('combobox', { name: 'Check every' })).toHaveValue('10');
  await expect(page.getByText('checking every 10 s')).toBeVisible();
});

/** How long an alert stays unattended (LiveAlerts.tsx). */
const ALERT_SHOWN_MS = 8000;

test('an alert sits under the page, never over the table, is read out, and goes away by itself unless pointed at', async ({
  page,
  preview,
}) => {
  test.setTimeout(120_000);
  // The page's timers run on a clock the test moves: the alert's few seconds pass without waiting for them.
  await page.clock.install();
  sandbox = await startImportSandbox();
  const sb = sandbox;
  await connectAndOpenImport(page, preview.url, sb);
  await importBatch(page, 'Lobby', [
    { name: 'Lobby phone', username: 'lobby_201' },
    { name: 'Lobby desk', username: 'lobby_202', enabled: false },
  ]);
  await openSection(page, 'Live');
  await watchBatch(page, 'Lobby');

  // The technician is in Devices, its table filling the window, when the phone comes up.
  await openSection(page, 'Devices');
  const grid = page.getByRole('grid', { name: 'Devices' });
  await expect(grid.getByRole('row').nth(1)).toBeVisible();
  sb.phones.register('lobby_201', {});
  const region = alerts(page);
  await expect(region).toHaveAttribute('aria-live', 'polite');
  await expect(region).toContainText('Lobby: all phones registered');

  const toast = region.getByText('Lobby: all phones registered');
  const main = (await page.getByRole('main').boundingBox())!;
  const shown = (await region.boundingBox())!;
  expect(shown.y).toBeGreaterThanOrEqual(main.y + main.height - 1);
  const table = (await grid.boundingBox())!;
  expect(shown.y).toBeGreaterThanOrEqual(Math.min(table.y + table.height, main.y + main.height) - 1);

  // Pointed at, or with focus in it, it stays as long as the technician reads it.
  await toast.hover();
  await page.clock.runFor(ALERT_SHOWN_MS * 3);
  await expect(toast).toBeVisible();
  await region.getByRole('button', { name: 'Dismiss: Lobby: all phones registered' }).focus();
  await page.mouse.move(1, 1);
  await page.clock.runFor(ALERT_SHOWN_MS * 3);
  await expect(toast).toBeVisible();
  // Left alone, it goes after a few seconds.
  await grid.focus();
  await page.clock.runFor(ALERT_SHOWN_MS - 1000);
  await expect(toast).toBeVisible();
  await page.clock.runFor(2000);
  await expect(toast).toBeHidden();
  await expect(region).toBeEmpty();
  expect((await region.boundingBox())?.height).toBe(0);
});
