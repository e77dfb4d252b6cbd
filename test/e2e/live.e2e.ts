import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { startSandbox, type Sandbox } from '../../main/sandbox/server';
import { expect, test } from './fixtures';
import { addConnection, openSection } from './sections';
import { connectAndOpenImport, expectNoSecrets, startImportSandbox } from './import-setup';
import { alerts, createElsewhere, importBatch, liveGrid, liveRow, phoneMac, watchBatch, type Phone } from './live-setup';

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
  await expect(liveRow(page, 'Reception')).toContainText('Waiting for first registration');

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
  expect(csv).toContain('device_id,name,user,extension,mac_address,state,first_registration,last_seen,ip,user_agent,checked_at');
  expect(csv).toMatch(/,Reception,,,00:15:65:ab:00:00,registered,\d{4}-[^,]+,[^,]+,192\.0\.2\.10,Yealink SIP-T46U 108\.86\.0\.45,/);
  expect(csv).toMatch(/,Workshop,,,00:15:65:ab:00:01,not registered,/);

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

test('right after an import Live names the new phones, waits for their first registration, learns devices made elsewhere, and the sheet lists user, extension, MAC and failed rows', async ({
  page,
  preview,
}) => {
  test.setTimeout(120_000);
  sandbox = await startImportSandbox();
  const sb = sandbox;
  await createElsewhere(sb, 'users', {
    first_name: 'Front',
    last_name: 'Desk',
    username: 'frontdesk@example.com',
    password: 'front-Pass-1',
    presence_id: '201',
  });
  await createElsewhere(sb, 'users', {
    first_name: 'Work',
    last_name: 'Shop',
    username: 'workshop@example.com',
    password: 'work-Pass-1',
    presence_id: '202',
  });
  await page.goto(preview.url);
  await addConnection(page, sb, 'Harborview');
  // Live watches the whole account before the import, as on site where it stays open all day.
  await openSection(page, 'Live');
  await expect(page.getByText(/^Watching 0 devices, checking every 5 s\.$/)).toBeVisible();

  await openSection(page, 'Import');
  const phones: Phone[] = [
    { name: 'Front desk', username: 'floor2_101', owner: 'frontdesk@example.com' },
    { name: 'Workshop', username: 'floor2_102', owner: 'workshop@example.com' },
    { name: 'Back office', username: 'floor2_103' },
  ];
  // Another technician takes the third phone's SIP username between the plan and the start: that row fails.
  await importBatch(page, 'Floor 2', phones, {
    beforeStart: async () => {
      await createElsewhere(sb, 'devices', { name: 'Spare phone', sip: { username: 'floor2_103', password: 'SparePass123' } });
    },
  });

  await openSection(page, 'Live');
  const picker = page.getByRole('combobox', { name: 'Watch' });
  await picker.selectOption((await picker.locator('option', { hasText: 'Floor 2' }).getAttribute('value')) ?? '');
  await expect(page.getByText('0 of 2 registered', { exact: true })).toBeVisible();
  const users = ['Front Desk', 'Work Shop'];
  for (const [index, phone] of phones.slice(0, 2).entries()) {
    const row = liveRow(page, phone.name);
    await expect(row).toContainText('Waiting for first registration');
    await expect(row).toContainText(users[index]!);
    await expect(row).toContainText(`20${index + 1}`);
    await expect(row).toContainText(phoneMac(index));
  }
  await expect(liveGrid(page)).not.toContainText(/[0-9a-f]{32}/);
  await expect(liveGrid(page)).not.toContainText('Not in account');
  await expect(page.getByRole('radio', { name: 'Problems (0)' })).toBeVisible();

  sb.phones.register('floor2_101', { source_ip: '192.0.2.21', user_agent: 'Yealink SIP-T46U 108.86.0.45' });
  await expect(page.getByText('1 of 2 registered', { exact: true })).toBeVisible();
  await expect(liveRow(page, 'Front desk')).toContainText('Registered');
  await expect(liveGrid(page)).not.toContainText('floor2_101');

  // The sign-off sheet: user, extension and MAC per phone, and the row that failed.
  await page.getByRole('button', { name: 'Printable page' }).click();
  const sheet = page.getByRole('article', { name: 'Floor 2' });
  // Each phone's row: its name, with its user, extension and MAC beneath.
  const sheetRow = (name: string) =>
    sheet.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${name} User `) }) });
  await expect(sheetRow('Front desk')).toContainText('User Front Desk');
  await expect(sheetRow('Front desk')).toContainText('201');
  await expect(sheetRow('Front desk')).toContainText(phoneMac(0));
  await expect(sheetRow('Front desk')).toContainText('Registered');
  await expect(sheetRow('Workshop')).toContainText('User Work Shop');
  await expect(sheetRow('Workshop')).toContainText('202');
  await expect(sheetRow('Workshop')).toContainText('Waiting for first registration');
  const failed = sheet.getByRole('table', { name: 'Rows of the file that were not imported' });
  await expect(failed.getByRole('row')).toHaveCount(2);
  await expect(failed).toContainText('Back office');
  await expect(failed).toContainText('SIP');
  await expect(sheet.getByRole('table', { name: 'Every device of Floor 2 and its registration' })).not.toContainText(/[0-9a-f]{32}/);
  await expect(sheet).toContainText('1 of 2 registered · 1 waiting for first registration · 0 not registered · 0 disabled');
  await page.getByRole('button', { name: 'Back to Live' }).click();

  // A device another tool made, registering: Live reads the list again rather than showing its SIP username.
  await picker.selectOption({ label: 'All devices of the account' });
  sb.phones.register('floor2_103', { source_ip: '192.0.2.23', user_agent: 'Yealink SIP-T46U 108.86.0.45' });
  await expect(liveRow(page, 'Spare phone')).toContainText('Registered');
  await expect(liveGrid(page)).not.toContainText('floor2_103');

  // The Devices list tells the same story: the phone not plugged in yet is waiting, not a problem.
  await openSection(page, 'Devices');
  const devices = page.getByRole('grid', { name: 'Devices' });
  await expect(devices.getByRole('row', { name: /Workshop/ })).toContainText('Waiting');
  await expect(devices.getByRole('row', { name: /Front desk/ })).toContainText('Registered');
});

test("a device status in either shape the server answers: Audian's status words (disabled included) and KAZOO's registered: true read alike in Live, the Devices list and the editor", async ({
  page,
  preview,
}) => {
  test.setTimeout(90_000);
  sandbox = await startSandbox({ rateLimit: false, demo: true, autoRegister: false, deviceStatusShape: 'status' });
  const sb = sandbox;
  const username = (name: string) =>
    String((sb.state.devices().find((doc) => doc['name'] === name)?.['sip'] as { username: string }).username);
  sb.phones.register(username('Front Desk 1'));
  await page.goto(preview.url);
  await addConnection(page, sb, 'Harborview');

  await openSection(page, 'Live');
  await expect(liveRow(page, 'Front Desk 1')).toContainText('Registered');
  // Never seen registered: "not registered", or (where Live tells those apart) "waiting for first registration".
  const notUp = /Not registered|Waiting for first registration/;
  await expect(liveRow(page, 'Front Desk 2')).toContainText(notUp);
  await expect(liveRow(page, 'Break Room')).toContainText('Disabled');
  await expect(page.getByText(/^1 of \d+ registered$/)).toBeVisible();

  await openSection(page, 'Devices');
  const grid = page.getByRole('grid', { name: 'Devices' });
  await expect(grid.getByRole('row', { name: /Front Desk 2/ })).toContainText('Waiting');
  await expect(grid.getByRole('row', { name: /Break Room/ })).toContainText('Disabled');
  await grid.getByRole('button', { name: 'Break Room', exact: true }).click();
  const editor = page.getByRole('dialog', { name: 'Edit device' });
  await expect(editor.getByText(/^Registration: disabled \(checked/)).toBeVisible();
  await page.keyboard.press('Escape');

  // The same account answering in KAZOO's shape: the same words.
  sb.configure({ deviceStatusShape: 'registered' });
  sb.phones.register(username('Front Desk 2'));
  await openSection(page, 'Live');
  await expect(liveRow(page, 'Front Desk 2')).toContainText('Registered');
  await expect(liveRow(page, 'Billing')).toContainText(notUp);
  await expect(page.getByText(/^2 of \d+ registered$/)).toBeVisible();
  await openSection(page, 'Devices');
  await grid.getByRole('button', { name: 'Front Desk 2', exact: true }).click();
  await expect(editor.getByText(/^Registration: registered \(checked/)).toBeVisible();
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
