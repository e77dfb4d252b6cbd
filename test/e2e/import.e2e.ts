import { readFileSync } from 'node:fs';
import type { Download, Locator, Page } from '@playwright/test';
import { DEVICE_COLUMNS } from '../../common/import/columns';
import type { Sandbox } from '../../main/sandbox/server';
import { putOnAccount } from '../support/account-setup';
import { expect, test } from './fixtures';
import { addOnServer } from './devices-setup';
import { openSection } from './sections';
import { connectAndOpenImport, expectNoSecrets, fileInput, samplePath, startImportSandbox } from './import-setup';

/**
 * The import wizard against the real services and a real sandbox, as a technician uses it: drop a
 * file, see its mistakes on the cells, fix one, review the plan, run, read the results, export the
 * report, and check the account got exactly the devices it should.
 */

let sandbox: Sandbox | null = null;

test.afterEach(async ({ traffic }) => {
  expectNoSecrets(traffic, sandbox);
  await sandbox?.close();
  sandbox = null;
});

const grid = (page: Page) => page.getByRole('grid');
/** A grid row by the spreadsheet row number in its row header. */
const gridRow = (page: Page, line: number) =>
  grid(page)
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: new RegExp(`^Row ${line}$`) }) });
const cell = (page: Page, line: number, column: number): Locator => gridRow(page, line).getByRole('gridcell').nth(column);

async function savedDownload(page: Page, click: () => Promise<void>): Promise<{ download: Download; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = await download.path();
  return { download, text: readFileSync(file, 'utf8') };
}

/** RFC 4180 fields of one CSV line (the reports quote commas and quotes). */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let at = 0; at < line.length; at += 1) {
    const ch = line[at];
    if (quoted) {
      if (ch === '"' && line[at + 1] === '"') {
        field += '"';
        at += 1;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

const csvRows = (text: string) =>
  text
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter(Boolean)
    .map(csvFields);

test('a messy file: mistakes on their cells, one fixed in the grid, the good rows imported, the report says why the rest failed', async ({
  page,
  preview,
}) => {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  sandbox = await startImportSandbox();
  await connectAndOpenImport(page, preview.url, sandbox);

  await fileInput(page).setInputFiles(samplePath('messy-errors.csv'));
  await expect(page.getByRole('heading', { name: 'Match columns' })).toBeFocused();
  await expect(page.getByText('Required: Name, from column A')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Encoding' })).toHaveValue('utf-8');
  await expect(page.getByRole('combobox', { name: 'Separator' })).toHaveValue(',');
  await expect(page.getByRole('combobox', { name: 'Imports mac_address as' })).toHaveValue('mac_address');
  await page.getByRole('button', { name: 'Continue to check rows' }).click();

  // Columns in grid order: name, device_type, mac_address, sip_username, sip_password, owner.
  await expect(grid(page)).toHaveAttribute('aria-rowcount', '13');
  const badMac = cell(page, 3, 2);
  await expect(badMac).toHaveAttribute('aria-invalid', 'true');
  await expect(badMac).toHaveAccessibleDescription(/Error: "00:15:65:zz:00:02" is not a MAC address/);
  await expect(cell(page, 9, 0)).toHaveAccessibleDescription(/The device name is empty/);
  await expect(cell(page, 11, 4)).toHaveAccessibleDescription(/The SIP password has 4 characters/);
  // A warning is marked but does not make the cell invalid.
  await expect(cell(page, 12, 1)).toHaveAccessibleDescription(/^Warning: "deskphone" is not a device type/);
  await expect(cell(page, 12, 1)).not.toHaveAttribute('aria-invalid');
  // A row longer than the header is a whole-row problem, on its row number.
  await expect(gridRow(page, 13).getByRole('rowheader')).toHaveAccessibleDescription(/Row 13 has 8 cells but the header has 6/);
  await expect(cell(page, 2, 2)).not.toHaveAttribute('aria-invalid');
  // The account was read as the file loaded: the unknown owner is marked before any plan.
  await expect(cell(page, 10, 5)).toHaveAccessibleDescription(/No user "nobody@example.com"/);
  await expect(page.getByText('10 rows with errors')).toBeVisible();

  // Only rows with errors, then fix the bad MAC in place by keyboard.
  await page.getByRole('checkbox', { name: 'Only rows with errors (10)' }).check();
  await expect(grid(page)).toHaveAttribute('aria-rowcount', '11');
  await badMac.click();
  await expect(page.getByRole('complementary').getByText(/is not a MAC address/)).toBeVisible();
  await page.keyboard.press('Enter');
  const editor = grid(page).getByRole('textbox');
  await expect(editor).toBeFocused();
  await editor.fill('00:15:65:d0:00:02');
  await editor.press('Enter');
  await expect(badMac).toHaveText('00:15:65:d0:00:02');
  await expect(badMac).not.toHaveAttribute('aria-invalid');
  await expect(badMac).toBeFocused();
  await expect(page.getByText('9 rows with errors')).toBeVisible();
  // The fixed row stays in view under the filter; arrow keys move on from it.
  await page.keyboard.press('ArrowRight');
  await expect(cell(page, 3, 3)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(cell(page, 4, 3)).toBeFocused();

  await page.getByRole('button', { name: 'Continue to plan' }).click();
  const counts = page.getByRole('list').filter({ hasText: 'new devices to add' });
  await expect(counts.getByRole('listitem').filter({ hasText: 'Create' })).toContainText('3');
  await expect(counts.getByRole('listitem').filter({ hasText: 'Error' })).toContainText('9');
  await expect(page.getByRole('table', { name: 'Planned rows' }).getByRole('row').filter({ hasText: 'Ghost Owner' })).toContainText(
    'No user "nobody@example.com" in this account',
  );

  // The plan's own findings go into the grid: the unknown owner is marked on its cell.
  await page.getByRole('button', { name: 'Fix in grid' }).click();
  await expect(page.getByRole('heading', { name: 'Check and fix rows' })).toBeFocused();
  await expect(cell(page, 10, 5)).toHaveAccessibleDescription(/No user "nobody@example.com"/);
  await page.getByRole('navigation', { name: 'Import steps' }).getByRole('button', { name: /Plan/ }).click();

  await page.getByRole('button', { name: 'Start import of 3 devices' }).click();
  const confirm = page.getByRole('dialog', { name: 'Start with rows left out?' });
  await expect(confirm.getByText('9 rows have errors and will not be sent.')).toBeVisible();
  await confirm.getByRole('button', { name: 'Start import of 3 devices' }).click();

  await expect(page.getByRole('heading', { name: /^Results of messy-errors\.csv/ })).toBeVisible({ timeout: 30_000 });
  const summary = page.getByRole('status').filter({ hasText: 'imported' });
  await expect(summary).toContainText('3 devices imported');
  await expect(summary).not.toContainText(/success/i);
  const results = page.getByRole('table', { name: 'Results by row' });
  await expect(results.getByRole('row').filter({ hasText: 'Bad MAC' })).toContainText('Created');

  const { download, text } = await savedDownload(page, () => page.getByRole('button', { name: 'Export results (CSV)' }).click());
  expect(download.suggestedFilename()).toBe('messy-errors-results.csv');
  const rows = csvRows(text);
  expect(rows[0]?.slice(0, 4)).toEqual(['failure_reason', 'result', 'result_phone', 'device_id']);
  const reasonOf = (name: string) => rows.find((row) => row[4] === name)?.[0] ?? '';
  expect(reasonOf('Ghost Owner')).toMatch(/No user "nobody@example.com"/);
  expect(reasonOf('Good Phone')).toBe('');
  expect(text).not.toContain('Secret12345');

  const devices = sandbox.state.devices();
  expect(devices.map((device) => device.name).sort()).toEqual(['Bad MAC', 'Good Phone', 'Odd Type']);
  expect(devices.find((device) => device.name === 'Bad MAC')).toMatchObject({ mac_address: '001565d00002' });
  expect(errors).toEqual([]);
});

test('the basic rollout end to end: 25 created, and the report with passwords when asked', async ({ page, preview }) => {
  sandbox = await startImportSandbox();
  await connectAndOpenImport(page, preview.url, sandbox);
  await fileInput(page).setInputFiles(samplePath('rollout-basic.csv'));
  await page.getByRole('button', { name: 'Continue to check rows' }).click();
  await expect(page.getByText('No errors')).toBeVisible();
  await page.getByRole('button', { name: 'Continue to plan' }).click();
  await expect(page.getByRole('list').filter({ hasText: 'new devices to add' }).getByRole('listitem').first()).toContainText('25');
  const name = page.getByRole('textbox', { name: 'Name of this import' });
  await expect(name).toHaveValue(/^rollout-basic\.csv – /);
  await name.fill('Harborview floor 1');
  // No errors, so no confirmation: the button starts at once.
  await page.getByRole('button', { name: 'Start import of 25 devices' }).click();

  await expect(page.getByRole('heading', { name: 'Results of Harborview floor 1' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('status').filter({ hasText: 'imported' })).toContainText('25 devices imported');
  expect(sandbox.state.devices()).toHaveLength(25);

  await page.getByRole('checkbox', { name: 'Include SIP passwords' }).check();
  await expect(page.getByText('The file will then hold the phones’ secrets')).toBeVisible();
  const { text } = await savedDownload(page, () => page.getByRole('button', { name: 'Export results (CSV)' }).click());
  const rows = csvRows(text);
  const header = rows[0] ?? [];
  const password = header.indexOf('sip_password');
  expect(password).toBeGreaterThan(0);
  const bob = rows.find((row) => row.includes("Bob's Desk Phone"));
  expect(bob?.[password]).toBe('Pw5942859575x');
  // Alice's password was blank in the file: the one the app generated is in the report.
  const alice = rows.find((row) => row.includes("Alice's Desk Phone"));
  expect(alice?.[password]).toMatch(/^.{5,32}$/);
  expect(rows.slice(1).every((row) => row[1] === 'created')).toBe(true);

  // The batch is listed under recent batches, and Watch these phones register leads to Live.
  await page.getByRole('button', { name: 'Watch these phones register' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Live');
  await openSection(page, 'Import');
  await page.getByRole('navigation', { name: 'Import steps' }).getByRole('button', { name: /File/ }).click();
  const recent = page.getByRole('region', { name: 'Recent batches' }).getByRole('listitem').filter({ hasText: 'Harborview floor 1' });
  await expect(recent).toContainText('25 created of 25');
  await expect(recent.getByRole('button', { name: 'Open results Harborview floor 1' })).toBeVisible();
});

test('charges are asked for once for the whole batch, and declining stops only the creating', async ({ page, preview }) => {
  sandbox = await startImportSandbox();
  sandbox.configure({ charges: true });
  await connectAndOpenImport(page, preview.url, sandbox);
  await fileInput(page).setInputFiles(samplePath('rollout-basic.csv'));
  await page.getByRole('button', { name: 'Continue to check rows' }).click();
  await page.getByRole('button', { name: 'Continue to plan' }).click();
  await page.getByRole('button', { name: 'Start import of 25 devices' }).click();

  const charges = page.getByRole('dialog', { name: 'Accept charges for new devices?' });
  await expect(charges).toBeVisible();
  await expect(page.getByText('Waiting for your answer about charges', { exact: true })).toBeVisible();
  // Escape puts the question aside without answering; the Run step keeps asking in a banner.
  await page.keyboard.press('Escape');
  await expect(charges).toBeHidden();
  await page.getByRole('button', { name: 'Answer…' }).click();
  await charges.getByRole('button', { name: 'Don’t accept: stop creating' }).click();

  await expect(page.getByRole('heading', { name: /^Results of rollout-basic\.csv/ })).toBeVisible({ timeout: 30_000 });
  const summary = page.getByRole('status').filter({ hasText: 'imported' });
  await expect(summary).toContainText('Nothing was imported');
  await expect(page.getByRole('table', { name: 'Results by row' }).getByRole('row').nth(1)).toContainText('Charges not accepted');
  expect(sandbox.state.devices()).toHaveLength(0);

  // Importing again and accepting: asked once, then all 25 go through.
  await page.getByRole('button', { name: 'Import another file' }).click();
  await fileInput(page).setInputFiles(samplePath('rollout-basic.csv'));
  await page.getByRole('button', { name: 'Continue to check rows' }).click();
  await page.getByRole('button', { name: 'Continue to plan' }).click();
  await page.getByRole('button', { name: 'Start import of 25 devices' }).click();
  await charges.getByRole('button', { name: 'Accept charges and continue' }).click();
  await expect(page.getByRole('heading', { name: /^Results of rollout-basic\.csv/ })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('status').filter({ hasText: 'imported' })).toContainText('25 devices imported');
  expect(sandbox.state.devices()).toHaveLength(25);
});

test('a run can be paused, resumed and cancelled, and a cancelled run never reads as done', async ({ page, preview }) => {
  sandbox = await startImportSandbox();
  await connectAndOpenImport(page, preview.url, sandbox);
  await fileInput(page).setInputFiles(samplePath('rollout-basic.csv'));
  await page.getByRole('button', { name: 'Continue to check rows' }).click();
  await page.getByRole('button', { name: 'Continue to plan' }).click();
  await expect(page.getByRole('button', { name: 'Start import of 25 devices' })).toBeEnabled();
  // Slow answers from here on: the 25 rows take about 10 s, far longer than the clicks below on a busy machine.
  sandbox.configure({ latencyMs: 1500 });
  await page.getByRole('button', { name: 'Start import of 25 devices' }).click();

  await expect(page.getByRole('heading', { name: /^Importing rollout-basic\.csv/ })).toBeFocused();
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByText('Paused', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByText('Importing', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel import…' }).click();
  const confirm = page.getByRole('dialog', { name: 'Cancel the import?' });
  await expect(confirm.getByRole('button', { name: 'Keep importing' })).toBeFocused();
  await confirm.getByRole('button', { name: 'Cancel import' }).click();

  await expect(page.getByRole('heading', { name: /^Results of rollout-basic\.csv/ })).toBeVisible({ timeout: 30_000 });
  const summary = page.getByRole('status').filter({ hasText: 'imported' });
  await expect(summary).toContainText('Import cancelled');
  // Requests in flight when Cancel came may still land on the server, so the account can hold a few
  // more than the results confirm; never fewer, and never all 25.
  const confirmed = Number((await summary.textContent())?.match(/Import cancelled: (\d+) of 25 rows imported/)?.[1]);
  const created = sandbox.state.devices().length;
  expect(confirmed).toBeLessThanOrEqual(created);
  expect(created).toBeLessThan(25);
  await expect(summary).toContainText('not confirmed');
});

test('a picture instead of a CSV says so, and nothing else happens', async ({ page, preview }) => {
  await page.goto(preview.url);
  await openSection(page, 'Import');
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
  await fileInput(page).setInputFiles({ name: 'phones.png', mimeType: 'image/png', buffer: png });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('phones.png cannot be imported');
  await expect(alert).toContainText('This is a PNG picture, not a CSV.');
  await expect(page.getByRole('heading', { name: 'Choose a file' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Choose CSV file…' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Import steps' }).getByRole('button')).toHaveCount(0);

  // Dropping a real CSV on the zone loads it and clears the complaint.
  const csv = readFileSync(samplePath('rollout-basic.csv'), 'utf8');
  await page.getByRole('heading', { name: 'Drop a CSV file here or choose one…' }).evaluate((heading, text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], 'rollout-basic.csv', { type: 'text/csv' }));
    const zone = heading.parentElement as HTMLElement;
    zone.dispatchEvent(new DragEvent('dragenter', { dataTransfer: transfer, bubbles: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true }));
  }, csv);
  await expect(page.getByRole('heading', { name: 'Match columns' })).toBeFocused();
  await expect(page.getByText('25 rows under the header')).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('ten thousand rows: the grid renders only a window of them and still reaches the last', async ({ page, preview }) => {
  const lines = ['name,mac_address,sip_username'];
  for (let n = 1; n <= 10_000; n += 1) {
    const mac = n.toString(16).padStart(6, '0');
    lines.push(`Phone ${n},00:15:65:${mac.slice(0, 2)}:${mac.slice(2, 4)}:${mac.slice(4, 6)},user_${n}`);
  }
  await page.goto(preview.url);
  await openSection(page, 'Import');
  await fileInput(page).setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await expect(page.getByText('10,000 rows under the header')).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Continue to check rows' }).click();

  await expect(grid(page)).toHaveAttribute('aria-rowcount', '10001');
  await expect(gridRow(page, 2)).toBeVisible();
  expect(await grid(page).getByRole('row').count()).toBeLessThan(100);

  // Ctrl+End goes to the last row, as in a spreadsheet.
  await cell(page, 2, 0).click();
  await page.keyboard.press('Control+End');
  await expect(cell(page, 10_001, 0)).toBeFocused();
  await expect(cell(page, 10_001, 0)).toHaveText('Phone 10000');
  await expect(cell(page, 10_001, 0)).toBeInViewport();
  expect(await grid(page).getByRole('row').count()).toBeLessThan(100);
  await expect(gridRow(page, 2)).toHaveCount(0);

  // No connection yet: the plan says what to do first, and the file stays loaded meanwhile.
  await page.getByRole('button', { name: 'Continue to plan' }).click();
  await expect(page.getByText('Connect first')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Check the account again' })).toBeDisabled();
  await page.getByRole('main').getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Connect');
  await openSection(page, 'Import');
  await expect(page.getByRole('heading', { name: 'Review the plan' })).toBeVisible();
});

test('fixing rows by keyboard: from a problem to its cell, typing over a cell, Escape and Tab, and a stray comma cleared', async ({
  page,
  preview,
}) => {
  const lines = [
    'name,device_type,mac_address,sip_username,sip_password',
    'Lobby,sip_device,00:15:65:aa:00:01,lobby_1,Secret12345',
    'Bad MAC,sip_device,00:15:65:zz:00:02,bad_mac,Secret12345',
    'Stray comma,sip_device,00:15:65:aa:00:03,stray_1,Secret12345,,extra',
  ];
  await page.goto(preview.url);
  await openSection(page, 'Import');
  await fileInput(page).setInputFiles({ name: 'floor-2.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await page.getByRole('button', { name: 'Continue to check rows' }).click();
  await expect(page.getByText('2 rows with errors')).toBeVisible();
  await expect(page.getByText(/^Checked on its own: no connection is active/)).toBeVisible();
  const onlyErrors = page.getByRole('checkbox', { name: /^Only rows with errors/ });
  await onlyErrors.check();
  await expect(grid(page)).toHaveAttribute('aria-rowcount', '3');

  // The first row shown is the first with errors; its problem leads to its cell.
  const problems = page.getByRole('complementary');
  await expect(problems.getByRole('heading')).toHaveText('Row 3 · Bad MAC');
  await expect(problems).toContainText('Error · Column C (mac_address)');
  await problems.getByRole('button', { name: 'Go to cell' }).click();
  const badMac = cell(page, 3, 2);
  await expect(badMac).toBeFocused();

  // Typing over a cell starts editing with that key; Escape leaves the cell as it was.
  await page.keyboard.press('0');
  const editor = grid(page).getByRole('textbox');
  await expect(editor).toHaveValue('0');
  await page.keyboard.press('Escape');
  await expect(editor).toHaveCount(0);
  await expect(badMac).toContainText('00:15:65:zz:00:02');
  await expect(badMac).toHaveAttribute('aria-invalid', 'true');
  await expect(badMac).toBeFocused();

  // Tab saves and moves on to the next cell, as in a spreadsheet.
  await page.keyboard.press('F2');
  await editor.fill('00:15:65:aa:00:02');
  await editor.press('Tab');
  await expect(badMac).toHaveText('00:15:65:aa:00:02');
  await expect(cell(page, 3, 3)).toBeFocused();
  await expect(page.getByText('1 row with errors')).toBeVisible();

  // A stray comma makes the whole row one problem, cleared in one click.
  await page.keyboard.press('ArrowDown');
  await expect(problems.getByRole('heading')).toHaveText('Row 4 · Stray comma');
  await expect(problems).toContainText('Error · Whole row');
  await problems.getByRole('button', { name: 'Clear the extra cells' }).click();
  await expect(page.getByText('No errors')).toBeVisible();
  await expect(problems).toContainText('No problems on this row.');

  // With nothing left to fix, the filter says why the grid is empty and leads back to every row.
  await onlyErrors.uncheck();
  await onlyErrors.check();
  await expect(page.getByText('No rows with errors')).toBeVisible();
  await page.getByRole('button', { name: 'Show all rows' }).click();
  await expect(grid(page)).toHaveAttribute('aria-rowcount', '4');
  await page.getByRole('button', { name: 'Back to columns' }).click();
  await expect(page.getByRole('heading', { name: 'Match columns' })).toBeVisible();
});

test('a phone a colleague added meanwhile: the server refuses its row, the reason is on its cell, and the rerun adds only that row', async ({
  page,
  preview,
}) => {
  sandbox = await startImportSandbox();
  const sb = sandbox;
  await connectAndOpenImport(page, preview.url, sb);
  const lines = [
    'name,device_type,mac_address,sip_username,sip_password',
    'Surgery 1,sip_device,00:15:65:bb:00:01,surgery_1,Secret12345',
    'Surgery 2,sip_device,00:15:65:bb:00:02,surgery_2,Secret12345',
    'Surgery 3,sip_device,00:15:65:bb:00:03,surgery_3,Secret12345',
  ];
  await fileInput(page).setInputFiles({ name: 'surgeries.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await page.getByRole('button', { name: 'Continue to check rows' }).click();
  await page.getByRole('button', { name: 'Continue to plan' }).click();
  await expect(page.getByRole('button', { name: 'Start import of 3 devices' })).toBeVisible();

  await addOnServer(sb, { name: 'Spare phone', device_type: 'sip_device', mac_address: '001565bb0002' });
  await page.getByRole('button', { name: 'Start import of 3 devices' }).click();
  await expect(page.getByRole('heading', { name: /^Results of surgeries\.csv/ })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('status').filter({ hasText: 'imported' })).toContainText('2 of 3');
  await expect(page.getByRole('table', { name: 'Results by row' }).getByRole('row').filter({ hasText: 'Surgery 2' })).toContainText(
    'MAC address already in use',
  );

  await page.getByRole('button', { name: 'Fix failed rows' }).click();
  await expect(page.getByRole('heading', { name: 'Check and fix rows' })).toBeFocused();
  await expect(page.getByText('The server refused some rows')).toBeVisible();
  await expect(grid(page)).toHaveAttribute('aria-rowcount', '2');
  const mac = cell(page, 3, 2);
  await expect(mac).toHaveAccessibleDescription(/MAC address already in use/);
  await mac.dblclick();
  await grid(page).getByRole('textbox').fill('00:15:65:bb:00:04');
  await grid(page).getByRole('textbox').press('Enter');
  await expect(mac).not.toHaveAttribute('aria-invalid');

  // The old plan is out of date: arriving at the Plan step makes it again, without being asked.
  await page.getByRole('button', { name: 'Continue to plan' }).click();
  const counts = page.getByRole('list').filter({ hasText: 'new devices to add' });
  await expect(counts.getByRole('listitem').filter({ hasText: 'Skip' })).toContainText('2');
  await page.getByRole('button', { name: 'Start import of 1 device' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'imported' })).toContainText('1 device imported', { timeout: 30_000 });
  expect(
    sb.state
      .devices()
      .map((device) => [device['name'], device['mac_address']])
      .sort(),
  ).toEqual([
    ['Spare phone', '001565bb0002'],
    ['Surgery 1', '001565bb0001'],
    ['Surgery 2', '001565bb0004'],
    ['Surgery 3', '001565bb0003'],
  ]);
});

test('a server that asks to slow down: the run says so in words, and every row still goes in once', async ({ page, preview }) => {
  sandbox = await startImportSandbox();
  const sb = sandbox;
  await connectAndOpenImport(page, preview.url, sb);
  const lines = ['name,device_type,mac_address,sip_username,sip_password'];
  for (let n = 1; n <= 4; n += 1) lines.push(`Exam ${n},sip_device,00:15:65:cc:00:0${n},exam_${n},Secret12345`);
  await fileInput(page).setInputFiles({ name: 'exam-rooms.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await page.getByRole('button', { name: 'Continue to check rows' }).click();
  await page.getByRole('button', { name: 'Continue to plan' }).click();
  await expect(page.getByRole('button', { name: 'Start import of 4 devices' })).toBeEnabled();
  // Far stricter than Audian's 100 at once and 10 a second: the app's first creates are answered 429.
  sb.configure({ rateLimit: { burst: 1, perSecond: 2 } });
  await page.getByRole('button', { name: 'Start import of 4 devices' }).click();

  await expect(page.getByText('The server asked the app to slow down')).toBeVisible();
  await expect(page.getByText(/It answered “too many requests” \d+ times?\. The app waits/)).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'imported' })).toContainText('4 devices imported', { timeout: 30_000 });
  expect(
    sb.state
      .devices()
      .map((device) => device['name'])
      .sort(),
  ).toEqual(['Exam 1', 'Exam 2', 'Exam 3', 'Exam 4']);
});

test('a sheet from another PBX: its SIP Pass column is imported, a column that looks like passwords is asked about and kept out of the report', async ({
  page,
  preview,
}) => {
  sandbox = await startImportSandbox();
  await connectAndOpenImport(page, preview.url, sandbox);
  const lines = [
    'Device Name,MAC ID,Register Name,SIP Pass,Ext,Owner Email,Admin Password',
    'Front Desk,00:15:65:aa:10:01,front_1001,Sheet1001pass,1001,alice@example.com,Adm1001Pass!x',
    'Back Office,00:15:65:aa:10:02,back_1002,Sheet1002pass,1002,bob@example.com,Adm1002Pass!x',
  ];
  await fileInput(page).setInputFiles({ name: 'yealink.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await expect(page.getByRole('combobox', { name: 'Imports SIP Pass as' })).toHaveValue('sip_password');
  await expect(page.getByRole('combobox', { name: 'Imports Register Name as' })).toHaveValue('sip_username');
  await expect(page.getByRole('combobox', { name: 'Imports MAC ID as' })).toHaveValue('mac_address');
  await expect(page.getByRole('combobox', { name: 'Imports Admin Password as' })).toHaveValue('ignore');

  // The admin password column is not silently ignored: the step says so and waits for an answer.
  const asking = page.getByText('Column G (Admin Password) looks like passwords and is not imported');
  await expect(asking).toBeVisible();
  await expect(page.getByRole('button', { name: 'Continue to check rows' })).toBeDisabled();
  await expect(page.getByText('Import or leave out the columns that look like passwords to continue.')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Import steps' }).getByRole('button', { name: /Check/ })).toHaveCount(0);
  // Its values are masked like passwords.
  await expect(page.getByRole('row', { name: /Admin Password/ })).not.toContainText('Adm1001Pass');
  await page.getByRole('button', { name: 'Leave Admin Password out' }).click();
  await expect(asking).toHaveCount(0);

  await page.getByRole('button', { name: 'Continue to check rows' }).click();
  await expect(page.getByText('No errors')).toBeVisible();
  await page.getByRole('button', { name: 'Continue to plan' }).click();
  await page.getByRole('button', { name: 'Start import of 2 devices' }).click();
  await expect(page.getByRole('heading', { name: /^Results of yealink\.csv/ })).toBeVisible({ timeout: 30_000 });

  const { text } = await savedDownload(page, () => page.getByRole('button', { name: 'Export results (CSV)' }).click());
  const [header] = csvRows(text);
  expect(header).toContain('Register Name');
  expect(header).not.toContain('Admin Password');
  expect(text).not.toContain('Adm1001Pass');
  expect(text).not.toContain('Sheet1001pass');
  // The phones get the sheet's own passwords, so phones set up from it register.
  const front = sandbox.state.devices().find((device) => device['name'] === 'Front Desk');
  expect(front).toMatchObject({ mac_address: '001565aa1001', sip: { username: 'front_1001', password: 'Sheet1001pass' } });
});

test('every problem of a row at once, the account’s too, from the moment the file is loaded, and what will be sent beside what was typed', async ({
  page,
  preview,
}) => {
  sandbox = await startImportSandbox();
  await putOnAccount(sandbox, 'devices', {
    name: 'Front Desk',
    mac_address: '001565aa0001',
    sip: { username: 'front_1001', password: 'Front1001pass' },
  });
  await putOnAccount(sandbox, 'devices', {
    name: 'Lobby',
    mac_address: '001565aa0002',
    sip: { username: 'lobby_1002', password: 'Lobby1002pass' },
  });
  await putOnAccount(sandbox, 'users', {
    first_name: 'Ana',
    last_name: 'Lima',
    username: 'ana@example.com',
    password: 'Portal2026!',
    email: 'ana@example.com',
    presence_id: '2001',
  });
  await connectAndOpenImport(page, preview.url, sandbox);
  const lines = [
    'name,owner,mac_address,sip_username,caller_id_internal_number',
    'Wrong one,nobody@example.com,00-15-65-AA-00-01,lobby_1002,2001',
    'Good one,alice@example.com,0015.65aa.0009,good_1009,1009',
  ];
  await fileInput(page).setInputFiles({ name: 'site.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await page.getByRole('button', { name: 'Continue to check rows' }).click();
  await expect(page.getByText(/^Checked against Harborview: 2 devices and 22 users/)).toBeVisible();

  // Columns in grid order: name, owner, mac_address, sip_username, extension. No plan was made yet.
  await expect(cell(page, 2, 1)).toHaveAccessibleDescription(/No user "nobody@example.com" in this account/);
  await expect(cell(page, 2, 2)).toHaveAccessibleDescription(/belongs to "Front Desk" .* to "Lobby"/);
  await expect(cell(page, 2, 4)).toHaveAccessibleDescription(/Extension 2001 is already taken on the PBX by Ana Lima/);
  await cell(page, 2, 0).click();
  const problems = page.getByRole('complementary');
  await expect(problems.getByRole('listitem')).toHaveCount(3);

  // What is sent: the MAC in the PBX's form, the owner as the user the account knows.
  await expect(cell(page, 3, 2)).toHaveText(/0015\.65aa\.0009.*00:15:65:aa:00:09/);
  await expect(cell(page, 3, 1)).toHaveText(/alice@example\.com.*alice Example/);
  await expect(cell(page, 3, 1)).not.toHaveAttribute('aria-invalid');

  // Fixing the owner makes Ana the owner of extension 2001: two problems go, the MAC conflict stays.
  await cell(page, 2, 1).click();
  await page.keyboard.press('Enter');
  const editor = grid(page).getByRole('textbox');
  await editor.fill('ana@example.com');
  await editor.press('Enter');
  await expect(cell(page, 2, 1)).toHaveText(/ana@example\.com.*Ana Lima/);
  await expect(cell(page, 2, 1)).not.toHaveAttribute('aria-invalid');
  await expect(cell(page, 2, 4)).not.toHaveAttribute('aria-invalid');
  await expect(problems.getByRole('listitem')).toHaveCount(1);
  await expect(cell(page, 2, 2)).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('1 row with errors')).toBeVisible();
});

test('Go to cell puts the keyboard on the cell, even after the grid was scrolled away from it', async ({ page, preview }) => {
  const lines = ['name,mac_address,sip_username'];
  for (let n = 1; n <= 400; n += 1)
    lines.push(`Phone ${n},00:15:65:00:${(n >> 8).toString(16).padStart(2, '0')}:${(n & 255).toString(16).padStart(2, '0')},user_${n}`);
  lines[300] = 'Phone 300,00:15:65:zz:01:2c,user_300';
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto(preview.url);
  await openSection(page, 'Import');
  await fileInput(page).setInputFiles({ name: 'floor-3.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await page.getByRole('button', { name: 'Continue to check rows' }).click();
  const problems = page.getByRole('complementary');
  // Select the broken row's cell, then scroll the grid back to the top with the wheel: the row leaves the DOM.
  await grid(page).hover();
  await page.mouse.wheel(0, 300 * 36);
  await expect(gridRow(page, 301)).toBeVisible();
  await cell(page, 301, 1).click();
  await expect(problems.getByRole('heading')).toHaveText('Row 301 · Phone 300');
  await page.mouse.wheel(0, -300 * 36);
  await expect(gridRow(page, 301)).toHaveCount(0);
  await problems.getByRole('button', { name: 'Go to cell' }).click();
  await expect(cell(page, 301, 1)).toBeFocused();
  await expect(cell(page, 301, 1)).toBeInViewport();
});

test('the grid at 1024 px wide and on a 1920 px screen: nothing cut off, and the width used', async ({ page, preview }) => {
  sandbox = await startImportSandbox();
  await page.setViewportSize({ width: 1024, height: 768 });
  await connectAndOpenImport(page, preview.url, sandbox);
  await fileInput(page).setInputFiles(samplePath('rollout-basic.csv'));
  await page.getByRole('button', { name: 'Continue to check rows' }).click();
  const noPageScroll = () => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
  await expect(grid(page)).toBeVisible();
  expect(await noPageScroll()).toBe(true);
  const problems = page.getByRole('complementary');
  const narrowGrid = await grid(page).boundingBox();
  const narrowPanel = await problems.boundingBox();
  // At 1024 px the row's problems go under the grid, each at full width.
  expect(narrowPanel!.y).toBeGreaterThanOrEqual(narrowGrid!.y + narrowGrid!.height);

  await page.setViewportSize({ width: 1920, height: 1080 });
  expect(await noPageScroll()).toBe(true);
  const wideGrid = await grid(page).boundingBox();
  const widePanel = await problems.boundingBox();
  // On a wide screen the problems sit beside the grid, and the grid takes the rest of the window.
  expect(widePanel!.x).toBeGreaterThan(wideGrid!.x + wideGrid!.width);
  expect(wideGrid!.width + widePanel!.width).toBeGreaterThan(1400);
});

test('the File step offers a device template CSV with the device columns, and a rollout template beside it', async ({ page, preview }) => {
  await page.goto(preview.url);
  await openSection(page, 'Import');
  const { download, text } = await savedDownload(page, () => page.getByRole('button', { name: 'Download template CSV' }).click());
  expect(download.suggestedFilename()).toBe('audian-import-template.csv');
  expect(csvRows(text)).toEqual([[...DEVICE_COLUMNS]]);

  // The rollout template, reached by keyboard: two people (Alice with two phones) and a phone on its own.
  const rolloutButton = page.getByRole('button', { name: 'Rollout template (people and phones)' });
  await page.getByRole('button', { name: 'Download template CSV' }).focus();
  await page.keyboard.press('Tab');
  await expect(rolloutButton).toBeFocused();
  const rollout = await savedDownload(page, () => page.keyboard.press('Enter'));
  expect(rollout.download.suggestedFilename()).toBe('audian-rollout-template.csv');
  const rows = csvRows(rollout.text);
  expect(rows[0]?.slice(0, 3)).toEqual(['first_name', 'last_name', 'email']);
  expect(rows.slice(1).map((row) => row[2])).toEqual(['alice@example.com', 'alice@example.com', 'bob@example.com', '']);

  // The rollout template goes back in as it is: every column recognised, nothing to fix.
  await fileInput(page).setInputFiles({ name: 'rollout.csv', mimeType: 'text/csv', buffer: Buffer.from(rollout.text) });
  await expect(page.getByText('Every column is imported.')).toBeVisible();
});
