import { readFileSync } from 'node:fs';
import { startSandbox, type Sandbox } from '../../main/sandbox/server';
import { connectAndOpenDevices } from './devices-setup';
import { expect, test } from './fixtures';
import { connectAndOpenImport, expectNoSecrets, fileInput, samplePath, startImportSandbox } from './import-setup';
import { openSection } from './sections';

/**
 * History over the real audit log: a change in the device editor and a bulk action are recorded
 * and shown with their fields before → after, found again by device, batch and action, exported
 * as CSV; the editor lists the device's own changes and leads to History filtered to it.
 */

let sandbox: Sandbox | null = null;
test.afterEach(async ({ traffic }) => {
  expectNoSecrets(traffic, sandbox);
  await sandbox?.close();
  sandbox = null;
});

test('an editor change, a reboot and a bulk action show in History before → after, filtered by device, batch and action, and export as CSV', async ({
  page,
  preview,
}) => {
  test.setTimeout(120_000);
  sandbox = await startSandbox({ rateLimit: false, demo: true, autoRegister: false, latencyMs: 0 });
  await page.goto(preview.url);
  await connectAndOpenDevices(page, sandbox);
  const grid = page.getByRole('grid', { name: 'Devices' });
  const [edited, ...others] = sandbox.state
    .devices()
    .filter((device) => device['enabled'] !== false)
    .map((device) => String(device['name']));
  const ticked = others.slice(0, 2);

  // One change in the editor: the editor's own history shows it at once.
  await grid.getByRole('button', { name: edited, exact: true }).click();
  const editor = page.getByRole('dialog', { name: 'Edit device' });
  await editor.getByRole('textbox', { name: 'Device name' }).fill(`${edited} (moved)`);
  await page.keyboard.press('Control+s');
  await expect(editor.getByRole('status')).toContainText('Saved');
  const latest = editor.getByRole('list', { name: `Latest changes of ${edited} (moved)` });
  await expect(latest.getByRole('listitem')).toHaveCount(1);
  await expect(latest).toContainText('Updated in the editor');
  await expect(latest).toContainText(`name: ${edited} → ${edited} (moved)`);
  // A phone action from the editor: recorded, and listed there as soon as it is answered.
  await editor.getByRole('button', { name: 'Reboot…' }).click();
  const reboot = page.getByRole('dialog', { name: 'Reboot phone' });
  await reboot.getByRole('button', { name: 'Reboot', exact: true }).click();
  await reboot.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(latest.getByRole('listitem')).toHaveCount(2);
  await expect(latest.getByRole('listitem').first()).toContainText('Rebooted');
  await editor.getByRole('button', { name: `Close Edit device` }).click();

  // A bulk action on two other devices: one batch of two changes.
  for (const name of ticked) {
    await grid
      .getByRole('row')
      .filter({ has: page.getByRole('button', { name, exact: true }) })
      .getByRole('checkbox')
      .check();
  }
  await page.getByRole('toolbar', { name: 'Bulk actions' }).getByRole('button', { name: 'Disable' }).click();
  const disable = page.getByRole('dialog', { name: 'Disable devices' });
  await disable.getByRole('button', { name: 'Disable 2 devices' }).click();
  await disable.getByRole('button', { name: 'Done' }).click();

  await page.keyboard.press('Control+5');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('History');
  const table = page.getByRole('grid', { name: 'Recorded changes' });
  await expect(page.getByText('4 changes', { exact: true })).toBeVisible();
  const editorRow = table.getByRole('row').filter({ hasText: 'Updated in the editor' });
  await expect(editorRow).toContainText(`name: ${edited} → ${edited} (moved)`);
  await expect(editorRow).toContainText('Done');
  const bulkRows = table.getByRole('row').filter({ hasText: 'Updated by a bulk action' });
  await expect(bulkRows).toHaveCount(2);
  for (const name of ticked) await expect(bulkRows.filter({ hasText: name })).toContainText('enabled: true → false');

  // By action: nothing was deleted.
  await page.getByRole('combobox', { name: 'Change' }).selectOption({ label: 'Deleted' });
  await expect(page.getByRole('heading', { name: 'No change matches the filters' })).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).last().click();
  await expect(page.getByRole('searchbox', { name: 'Search' })).toBeFocused();

  // By batch, from the chosen change's details: the bulk action's two changes.
  await bulkRows.first().click();
  const details = page.getByRole('region', { name: 'The selected change' });
  await details.getByRole('button', { name: /^Only changes of .*(batch|·)/ }).click();
  await expect(page.getByText('2 changes match the filters')).toBeVisible();
  await expect(table.getByRole('row')).toHaveCount(3);
  await page.getByRole('button', { name: 'Clear filters' }).click();

  // By device, typing its name: its one change, which is what the CSV then holds.
  await page.getByRole('searchbox', { name: 'Search' }).fill(ticked[0]!);
  await expect(page.getByText('1 change matches the filters')).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const csv = readFileSync(await (await download).path(), 'utf8');
  const rows = csv.split(/\r?\n/).filter((line) => line.trim() !== '');
  expect(rows).toHaveLength(2);
  expect(rows[1]).toContain(ticked[0]);
  expect(csv).not.toContain(`${edited} (moved)`);

  // From the editor: History filtered to that device alone.
  await page.keyboard.press('Control+2');
  await grid.getByRole('button', { name: `${edited} (moved)`, exact: true }).click();
  await editor.getByRole('button', { name: 'Show in History' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('History');
  await expect(page.getByText(`Only ${edited} (moved)`)).toBeVisible();
  await expect(page.getByText('2 changes match the filters')).toBeVisible();
  await expect(table.getByRole('row').nth(1)).toContainText('Rebooted');
  await expect(table.getByRole('row').nth(2)).toContainText('Updated in the editor');
});

test("Recent imports lead to that batch's history: one record per device it created", async ({ page, preview }) => {
  test.setTimeout(120_000);
  sandbox = await startImportSandbox();
  await connectAndOpenImport(page, preview.url, sandbox);
  await fileInput(page).setInputFiles(samplePath('rollout-basic.csv'));
  await page.getByRole('button', { name: 'Continue to check rows' }).click();
  await page.getByRole('button', { name: 'Continue to plan' }).click();
  await page.getByRole('textbox', { name: 'Name of this import' }).fill('Harborview floor 1');
  await page.getByRole('button', { name: 'Start import of 25 devices' }).click();
  await expect(page.getByRole('heading', { name: 'Results of Harborview floor 1' })).toBeVisible({ timeout: 30_000 });

  await openSection(page, 'Import');
  await page.getByRole('navigation', { name: 'Import steps' }).getByRole('button', { name: /File/ }).click();
  const recent = page
    .getByRole('region', { name: /^Recent (imports|batches)$/ })
    .getByRole('listitem')
    .filter({ hasText: 'Harborview floor 1' });
  await recent.getByRole('button', { name: 'History Harborview floor 1' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('History');
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  const batch = page.getByRole('combobox', { name: 'Batch' });
  await expect(batch.locator('option:checked')).toHaveText(/^Harborview floor 1 · /);
  await expect(page.getByText('25 changes match the filters')).toBeVisible();
  // The table draws only the rows in view; it tells a screen reader how many there are.
  const table = page.getByRole('grid', { name: 'Recorded changes' });
  await expect(table).toHaveAttribute('aria-rowcount', '26');
  await expect(table.getByRole('row').nth(1)).toContainText('Created by import');
  await expect(table.getByRole('row').nth(1)).toContainText('Done');
});
